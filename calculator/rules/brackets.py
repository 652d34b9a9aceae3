"""`brackets`: a value by the range a duration falls in, plus an optional step beyond the last one.

滨州 附件 二（四）: 满四个月不满半年35学分；半年至一年40学分；一年以上每超过二个月增记5学分.
"""

from ..numbers import ZERO, floor, less, show, to_fraction
from .common import declared, negative, step, undeclared


def _contains(bracket, amount):
    low, below, upto = bracket.get("from"), bracket.get("below"), bracket.get("to")
    return not ((low is not None and less(amount, to_fraction(low)))
                or (below is not None and not less(amount, to_fraction(below)))
                or (upto is not None and less(to_fraction(upto), amount)))


def evaluate(rule, params):
    amount = params[rule["param"]]
    for b, bracket in enumerate(rule["brackets"]):
        if not _contains(bracket, amount):
            continue
        value = to_fraction(bracket["value"])
        steps = [step(bracket["explain"], value, ref=f"brackets[{b}]")]
        extra = rule.get("beyond")
        if extra and less(to_fraction(extra["from"]), amount):
            times = floor((amount - to_fraction(extra["from"])) / to_fraction(extra["every"]))
            if times:
                added = times * to_fraction(extra["add"])
                value += added
                steps.append(step(extra["explain"].format(times=show(times), added=show(added)), added, ref="beyond"))
        return value, steps
    return ZERO, [step("不在任何时长区间内，计 0", ZERO, ref="no_bracket")]


def describe(kind, era, unit, page):
    rule = kind["rule"]
    esc, num = page.esc, page.num
    name = rule["param"]
    param_unit = page.param_unit(kind, name)
    rows = []
    for bracket in rule["brackets"]:
        bounds = []
        if bracket.get("from") is not None:
            bounds.append(f"满 {num(bracket['from'])} {param_unit}")
        if bracket.get("below") is not None:
            bounds.append(f"不满 {num(bracket['below'])} {param_unit}")
        if bracket.get("to") is not None:
            bounds.append(f"不超过 {num(bracket['to'])} {param_unit}")
        rows.append([esc("、".join(bounds) or "任何时长"), f"<strong>{num(bracket['value'])} {esc(unit)}</strong>",
                     esc(bracket["explain"])])
    html = page.table([esc(page.param_label(kind, name)), "折算值", "说明"], rows, "jx-rule-table")
    beyond = rule.get("beyond")
    if beyond:
        html += (f'<p class="jx-step">超过 {num(beyond["from"])} {esc(param_unit)}后，每满 {num(beyond["every"])} '
                 f'{esc(param_unit)}再加 {num(beyond["add"])} {esc(unit)}'
                 f'<span class="jx-note">（{page.explain(beyond["explain"])}）</span>{page.cite(beyond)}</p>')
    return html


def check(kind, known):
    rule = kind["rule"]
    yield from undeclared(("param",), rule["param"], declared(kind))
    for b, bracket in enumerate(rule["brackets"]):
        at = ("brackets", b)
        yield from negative(at + ("value",), bracket["value"], "折算值")
        low = bracket.get("from")
        for bound, strict in (("below", True), ("to", False)):
            high = bracket.get(bound)
            if low is not None and high is not None and (to_fraction(low) > to_fraction(high)
                                                         or (strict and to_fraction(low) == to_fraction(high))):
                yield at, f"区间下限 {low} 不小于上限 {high}，没有任何时长落在其中"
    beyond = rule.get("beyond")
    if beyond:
        yield from negative(("beyond", "add"), beyond["add"], "增记值")
        if to_fraction(beyond["every"]) <= 0:
            yield ("beyond", "every"), f"「每满」的时长必须大于 0，实际为 {beyond['every']}"


def refs(rule):
    return {f"brackets[{b}]" for b in range(len(rule["brackets"]))} | ({"beyond"} if rule.get("beyond") else set())


def points(rule):
    """Where the value jumps: every bracket bound and the start of `beyond` (after it, it only grows)."""
    bounds = {to_fraction(b[key]) for b in rule["brackets"] for key in ("from", "below", "to") if b.get(key) is not None}
    if rule.get("beyond"):
        bounds.add(to_fraction(rule["beyond"]["from"]))
    return {rule["param"]: bounds}
