"""`lookup`: the first row whose conditions hold gives the value; otherwise `default`.

益阳 附件5 第3条: 国家级课题排名前五名60学时 … 其他排名10学时.
"""

from ..conditions import all_problems, matches
from ..numbers import ZERO, to_fraction
from .common import declared, negative, step
from .domain import apply_derive, cases, show_case


def evaluate(rule, params):
    for r, row in enumerate(rule["rows"]):
        if matches(row.get("when"), params):
            value = to_fraction(row["value"])
            return value, [step(row["explain"], value, row.get("article"), f"rows[{r}]")]
    default = rule.get("default")
    if default is None:
        return ZERO, [step("没有适用的折算标准，计 0", ZERO, ref="no_row")]
    value = to_fraction(default["value"])
    return value, [step(default["explain"], value, default.get("article"), "default")]


def describe(kind, era, unit, page):
    rule = kind["rule"]
    esc, num = page.esc, page.num
    rows = [[esc(page.condition(kind, row.get("when"))), f"<strong>{num(row['value'])} {esc(unit)}</strong>",
             esc(row["explain"]) + page.cite(row)] for row in rule["rows"]]
    default = rule.get("default")  # without one, check() has made sure a row fits every case
    if default:
        rows.append(["其他情况", f"<strong>{num(default['value'])} {esc(unit)}</strong>",
                     esc(default["explain"]) + page.cite(default)])
    return page.table(["条件", "折算值", "说明"], rows, "jx-rule-table")


def check(kind, known):
    """Yields (path under the rule, message); a table that leaves a case with no row needs a `default`."""
    rule, params = kind["rule"], declared(kind)
    found = list(all_problems(rule["rows"], params, known, ("rows",)))
    found += [problem for r, row in enumerate(rule["rows"]) for problem in negative(("rows", r, "value"), row["value"], "折算值")]
    if rule.get("default"):
        found += negative(("default", "value"), rule["default"]["value"], "折算值")
    yield from found
    if found or rule.get("default") or any(not row.get("when") for row in rule["rows"]):
        return
    names = sorted({name for entry in rule["rows"] + rule.get("derive", []) for name in entry.get("when") or {}})
    tried = cases(kind, names)
    if tried is None:
        yield ("rows",), "条件组合过多，无法逐一核对每种情况都有适用的一行：请写明 default（其他情况）"
        return
    gaps = [case for case in tried if not any(matches(row.get("when"), apply_derive(rule, case)) for row in rule["rows"])]
    if gaps:
        yield ("rows",), (f"没有任何一行适用于「{show_case(kind, gaps[0], names)}」（共 {len(gaps)} 种情况），"
                          "这样的活动会计 0：请补全各行，或写明 default（其他情况）")


def refs(rule):
    return {f"rows[{r}]" for r in range(len(rule["rows"]))} | ({"default"} if rule.get("default") else set())


def points(rule):
    """Parameter values where this kind's value jumps, beyond those its conditions name: none."""
    return {}
