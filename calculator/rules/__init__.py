"""The closed set of rule kinds that turn one activity into a raw value.

One module per kind (`fixed`, `rate`, `lookup`, `grid`, `brackets`, `none`), each holding for its
kind: `evaluate(rule, params) -> (value, steps)` (steps explain the value in Chinese) and
`describe(kind, era, unit, page)`, the plain-language HTML the guide page shows. `KINDS`
(in `kinds`) maps a kind's name, the schema's `rule.kind`, to its module. What may wrap any kind
(derive, override, adjustments, share) is in `wrappers`.
"""

from .kinds import KINDS
from .wrappers import check, evaluate, refs, split_evenly, value_range

__all__ = ["KINDS", "check", "evaluate", "refs", "split_evenly", "value_range"]
