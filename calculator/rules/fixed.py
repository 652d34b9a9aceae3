"""`fixed`: a set value. 温州 第八条（一）: 通过考试认定登记36学时."""

from ..numbers import to_fraction
from .common import step


def evaluate(rule, params):
    value = to_fraction(rule["value"])
    return value, [step(rule["explain"], value, ref="value")]


def describe(kind, era, unit, page):
    rule = kind["rule"]
    return page.table(["折算值", "说明"],
                      [[f"<strong>{page.num(rule['value'])} {page.esc(unit)}</strong>", page.esc(rule["explain"])]],
                      "jx-rule-table")
