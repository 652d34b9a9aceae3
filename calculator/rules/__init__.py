"""The closed set of rule kinds that turn one activity into a raw value.

One module per kind (`fixed`, `rate`, `lookup`, `grid`, `brackets`, `none`), each holding all there
is to know about its kind:
    evaluate(rule, params)        -> (value, steps); steps explain the value in Chinese, each with a ref
    check(kind, known)            compile-time problems: (path under the rule, message)
    refs(rule)                    every step ref evaluate can give (the golden-case coverage test)
    points(rule)                  {param: numbers} where the value jumps, for value_range
    describe(kind, era, unit, page)  the plain-language HTML the guide's policy page shows
`KINDS` (in `kinds`) maps a kind's name, the schema's `rule.kind`, to its module. What may wrap any
kind (derive, override, adjustments, share) is in `wrappers`, with the whole rule's `evaluate`,
`check`, `refs` and `value_range`; `domain` lists the parameter cases checks and ranges try.
"""

from .kinds import KINDS
from .wrappers import check, evaluate, refs, split_evenly, value_range

__all__ = ["KINDS", "check", "evaluate", "refs", "split_evenly", "value_range"]
