"""What may wrap any rule kind, applied in this order around it:
    derive       set parameters from conditions before the kind runs (滨州: a patent is valued
                 as an appraisal result of a level);
    override     a value stated on a certificate replaces the kind's value (温州 第八条（二）:
                 高研班证书上列明学时的按照其列明的学时予以认定登记);
    adjustments  add to or replace the value when a condition holds (桐庐: 第一作者另加10分);
    share        split the value evenly between co-authors in whole numbers (滨州 论文).
Every step may name its own article; otherwise the activity's article applies.
"""

from ..conditions import all_problems, matches, problems
from ..numbers import ZERO, floor, less, show, to_fraction
from .common import declared, negative, step, undeclared
from .domain import cases, condition_points
from .kinds import KINDS


def evaluate(rule, params):
    """Run one activity's rule with its derive / override / adjustments / share steps."""
    params = dict(params)
    steps = []
    for d, derive in enumerate(rule.get("derive", [])):
        if matches(derive.get("when"), params):
            params.update(derive["set"])
            steps.append(step(derive["explain"], None, derive.get("article"), f"derive[{d}]"))
    override = rule.get("override")
    if override and params.get(override["param"]) is not None:
        value = to_fraction(params[override["param"]])
        steps.append(step(override["explain"].format(value=show(value)), value, override.get("article"), "override"))
    else:
        value, kind_steps = KINDS[rule["kind"]].evaluate(rule, params)
        steps += kind_steps
    for a, adjustment in enumerate(rule.get("adjustments", [])):
        if not matches(adjustment.get("when"), params):
            continue
        if "set" in adjustment:
            value = to_fraction(adjustment["set"])
        else:
            value += to_fraction(adjustment["add"])
        value = value if value.numerator >= 0 else ZERO
        steps.append(step(adjustment["explain"], value, adjustment.get("article"), f"adjustments[{a}]"))
    share = rule.get("share")
    if share:
        authors, rank = params.get(share["authors"]), params.get(share["rank"])
        if authors and less(1, authors):
            value = split_evenly(value, int(authors), int(rank))
            steps.append(step(share["explain"].format(authors=show(authors), rank=show(rank),
                                                      value=show(value)), value, share.get("article"), "share"))
    return value, steps


def split_evenly(total, authors, rank):
    """Whole-number even split, the remainder going one each to the leading authors.

    滨州: 学时计算只取整数，平均后所余学时可依次追加前几位作者. 15 among 4 -> 4, 4, 4, 3.
    """
    base = floor(total / authors)
    remainder = total - base * authors
    if rank <= floor(remainder):
        return base + 1
    if rank == floor(remainder) + 1:
        return base + (remainder - floor(remainder))
    return base


def check(kind):
    """What the schema cannot say about an activity's rule: yields (path under the rule, message)."""
    rule, params = kind["rule"], declared(kind)
    derived = set()
    for d, derive in enumerate(rule.get("derive", [])):
        for where, message in problems(derive["when"], params, set(params) | derived):
            yield ("derive", d) + where, message
        derived |= set(derive["set"])
    known = set(params) | derived
    yield from all_problems(rule.get("adjustments", []), params, known, ("adjustments",))
    for a, adjustment in enumerate(rule.get("adjustments", [])):
        if "set" in adjustment:
            yield from negative(("adjustments", a, "set"), adjustment["set"], "调整后的值")
    share = rule.get("share")
    if share:
        for key in ("authors", "rank"):
            yield from undeclared(("share",), share[key], params)
    override = rule.get("override")
    if override:
        yield from undeclared(("override",), override["param"], params)
    yield from KINDS[rule["kind"]].check(kind, known)


def refs(rule):
    """Every step ref the rule can give: its kind's and its wrappers'."""
    found = set(KINDS[rule["kind"]].refs(rule))
    found |= {f"derive[{d}]" for d in range(len(rule.get("derive", [])))}
    found |= {f"adjustments[{a}]" for a in range(len(rule.get("adjustments", [])))}
    found |= {key for key in ("share", "override") if rule.get(key)}
    return found


def value_range(kind):
    """(lowest, highest) raw value one activity of this kind can get, as Fractions, or None.

    Covers the whole rule: derive, override, the kind, adjustments and share, and the kind's
    `limits`; not what the year does after (dedup, group caps, pools). Found by evaluating every
    case of domain.cases: each enum option and boolean, "not given" where allowed, numbers at their
    bounds and at each point where a condition or the kind (`points`) changes the outcome. None when a
    kind has more combinations than domain.TOO_MANY.
    """
    rule = kind["rule"]
    found = condition_points(rule)
    for name, extra in KINDS[rule["kind"]].points(rule).items():
        found.setdefault(name, set()).update(extra)
    tried = cases(kind, points=found)
    if tried is None:
        return None
    values = [evaluate(rule, params)[0] for params in tried]
    return min(values), max(values)
