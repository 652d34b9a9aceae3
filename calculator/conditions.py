"""Conditions on an activity's parameters, written as data in policy files.

A condition maps parameter ids to what they must be:
    {"level": "national"}                    equal
    {"level": ["national", "provincial"]}    one of
    {"rank": {"min": 2, "max": 3}}           inclusive range (min / max / below)
    {"certificate_hours": {"present": true}} given or not
All entries must hold. Example (益阳 附件5 第3条): {"level": "national", "rank": {"max": 5}}.
"""

from fractions import Fraction

from .numbers import less, to_fraction


def matches(when, params):
    if not when:
        return True
    for name, test in when.items():  # a loop, not all(...): no generator to make (slow in Pyodide)
        if not _holds(test, params.get(name)):
            return False
    return True


def _holds(test, value):
    kind = type(test)  # JSON's types by identity first: fewer built-in calls (slow in Pyodide)
    if kind is dict or (kind is not list and kind is not str and isinstance(test, dict)):
        if "present" in test:
            return (value is not None) == test["present"]
        if value is None or (type(value) is not Fraction and isinstance(value, (bool, str, list))):
            return False
        number = to_fraction(value)
        if "min" in test and less(number, to_fraction(test["min"])):
            return False
        if "max" in test and less(to_fraction(test["max"]), number):
            return False
        if "below" in test and not less(number, to_fraction(test["below"])):
            return False
        return True
    if kind is list or isinstance(test, list):
        return value in test
    if kind is bool or value is True or value is False:
        return value is test
    return value == test


def problems(when, params, known):
    """What is wrong with a condition written in a policy file.

    `params` are the kind's declared parameters by id, `known` also holds those set by `derive`.
    Yields (path under the condition's owner, Chinese message).
    """
    for name, test in (when or {}).items():
        if name not in known:
            yield ("when",), f"条件引用了未声明的参数「{name}」"
            continue
        param = params.get(name)
        if param and param["type"] == "enum":
            values = test if isinstance(test, list) else [test]
            allowed = [o["value"] for o in param["options"]]
            for value in values:
                if not isinstance(value, dict) and value not in allowed:
                    yield ("when", name), f"参数「{name}」没有取值「{value}」"
        if isinstance(test, dict) and "min" in test and "max" in test and to_fraction(test["min"]) > to_fraction(test["max"]):
            yield ("when", name), f"参数「{name}」的条件下限 {test['min']} 大于上限 {test['max']}"


def all_problems(entries, params, known, at):
    """problems() for each (index, entry) of a list of entries with `when`, under path `at`."""
    for index, entry in enumerate(entries):
        for where, message in problems(entry.get("when"), params, known):
            yield at + (index,) + where, message
