"""`lookup`: the first row whose conditions hold gives the value; otherwise `default`.

益阳 附件5 第3条: 国家级课题排名前五名60学时 … 其他排名10学时.
"""

from fractions import Fraction

from ..conditions import matches
from ..numbers import to_fraction
from .common import step


def evaluate(rule, params):
    for r, row in enumerate(rule["rows"]):
        if matches(row.get("when"), params):
            value = to_fraction(row["value"])
            return value, [step(row["explain"], value, row.get("article"), f"rows[{r}]")]
    default = rule.get("default")
    if default is None:
        return Fraction(0), [step("没有适用的折算标准，计 0", Fraction(0), ref="no_row")]
    value = to_fraction(default["value"])
    return value, [step(default["explain"], value, default.get("article"), "default")]


def exhaustive(kind, rows):
    """True when the rows cover every case: one has no condition, or they list every option of an enum."""
    if any(not row.get("when") for row in rows):
        return True
    for param in kind["params"]:
        if param["type"] != "enum":
            continue
        seen = set()
        for row in rows:
            if set(row["when"]) == {param["id"]}:
                test = row["when"][param["id"]]
                seen |= set(test) if isinstance(test, list) else {test}
        if seen >= {option["value"] for option in param["options"]}:
            return True
    return False


def describe(kind, era, unit, page):
    rule = kind["rule"]
    esc, num = page.esc, page.num
    rows = [[esc(page.condition(kind, row.get("when"))), f"<strong>{num(row['value'])} {esc(unit)}</strong>",
             esc(row["explain"]) + page.cite(row)] for row in rule["rows"]]
    default = rule.get("default")
    if default:
        rows.append(["其他情况", f"<strong>{num(default['value'])} {esc(unit)}</strong>",
                     esc(default["explain"]) + page.cite(default)])
    elif not exhaustive(kind, rule["rows"]):
        rows.append(["不符合以上任何条件", "0", "没有适用的折算标准，计 0"])
    return page.table(["条件", "折算值", "说明"], rows, "jx-rule-table")
