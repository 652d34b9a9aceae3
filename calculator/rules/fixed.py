"""`fixed`: a set value. 温州 第八条（一）: 通过考试认定登记36学时."""

from ..numbers import to_fraction
from .common import negative, step


def evaluate(rule, params):
    value = to_fraction(rule["value"])
    return value, [step(rule["explain"], value, ref="value")]


def describe(kind, era, unit, page):
    rule = kind["rule"]
    return page.table(["折算值", "说明"],
                      [[f"<strong>{page.num(rule['value'])} {page.esc(unit)}</strong>", page.esc(rule["explain"])]],
                      "jx-rule-table")


def check(kind, known):
    """Yields (path under the rule, message) for what the schema cannot say."""
    return negative(("value",), kind["rule"]["value"], "折算值")


def refs(rule):
    """The step refs this rule can give (tests/test_rule_coverage.py wants a golden case for each)."""
    return {"value"}


def points(rule):
    """Parameter values where this kind's value jumps, beyond those its conditions name: none."""
    return {}
