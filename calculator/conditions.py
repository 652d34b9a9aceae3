"""Conditions on an activity's parameters, written as data in policy files.

A condition maps parameter ids to what they must be:
    {"level": "national"}                    equal
    {"level": ["national", "provincial"]}    one of
    {"rank": {"min": 2, "max": 3}}           inclusive range (min / max / below)
    {"certificate_hours": {"present": true}} given or not
All entries must hold. Example (益阳 附件5 第3条): {"level": "national", "rank": {"max": 5}}.
"""

from .numbers import to_fraction


def matches(when, params):
    if not when:
        return True
    return all(_holds(test, params.get(name)) for name, test in when.items())


def _holds(test, value):
    if isinstance(test, dict):
        if "present" in test:
            return (value is not None) == test["present"]
        if value is None or isinstance(value, (bool, str, list)):
            return False
        number = to_fraction(value)
        if "min" in test and number < to_fraction(test["min"]):
            return False
        if "max" in test and number > to_fraction(test["max"]):
            return False
        if "below" in test and number >= to_fraction(test["below"]):
            return False
        return True
    if isinstance(test, list):
        return value in test
    if isinstance(test, bool) or isinstance(value, bool):
        return value is test
    return value == test
