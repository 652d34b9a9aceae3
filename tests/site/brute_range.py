"""Brute force for the site tests: the smallest and largest value one activity of a kind scores in the engine.

`calculator.score` (the whole engine, as a person's record goes through it) is run over every
combination of the kind's parameters: every option of an enum, both values of a boolean, and for
numbers their bounds, every integer up to 12, and every threshold the rule data names (a condition's
min/max/below, a bracket's from/below, a divisor) with its multiples and neighbours. The page's
ranges come from calculator.rules.value_range (the rule kinds' own analysis); this checks them.
The value is the activity's raw value (before year-level caps and pools); an `override` parameter
(a value copied from a certificate) is left empty, so the range is the rule's own.
"""

import json
import re
from fractions import Fraction
from itertools import product

from calculator import RecordError, score
from calculator.numbers import to_fraction

# A number under one of these keys anywhere in the rule data is a threshold worth trying.
THRESHOLD = re.compile(r'"(?:min|max|below|from|to|divisor|every)": "?(-?[0-9]+(?:[./][0-9]+)?)"?')


def _thresholds(data):
    return {to_fraction(number) for number in THRESHOLD.findall(json.dumps(data))}


def _number_points(param, thresholds):
    low, high = to_fraction(param["min"]), to_fraction(param["max"])
    step = to_fraction(param.get("step", 1)) if param["type"] == "decimal" else Fraction(1)
    points = {low, high}
    for t in thresholds:
        for multiple in (1, 2, 3):
            for delta in (-step, 0, step):
                points.add(t * multiple + delta)
    points |= {Fraction(n) for n in range(0, 13)}
    return sorted(p for p in points if low <= p <= high)


def _values(param, thresholds):
    kind = param["type"]
    if kind == "enum":
        return [o["value"] for o in param["options"]]
    if kind == "boolean":
        return [False, True]
    if kind in ("integer", "decimal"):
        points = _number_points(param, thresholds)
        return [int(p) if kind == "integer" else (int(p) if p.denominator == 1 else str(p.numerator / p.denominator))
                for p in points]
    item = {**param["item"], "type": param["item"].get("type", "decimal"), "min": param["item"].get("min", 0)}
    if "max" not in item:
        item["max"] = max(thresholds | {Fraction(24)})
    return [[v] for v in _values(item, thresholds)]


def brute_range(policy, era, kind):
    """(low, high) as Fractions over every combination tried; None when no combination scores."""
    thresholds = _thresholds([kind["rule"], kind.get("limits", [])])
    override = kind["rule"].get("override", {}).get("param")
    params = [p for p in kind["params"] if p["id"] != override]  # an override replaces the rule: left empty
    choices = [_values(param, thresholds) for param in params]
    year = (kind.get("years") or {}).get("from") or era["years"]["from"]
    low = high = None
    for combination in product(*choices):
        activity = {"kind": kind["id"], "params": {p["id"]: v for p, v in zip(params, combination)}}
        record = {"format": 1, "policy": policy["id"], "year": year, "activities": [activity]}
        try:
            value = to_fraction(score(policy, record)["activities"][0]["raw"])
        except RecordError:
            continue
        low = value if low is None else min(low, value)
        high = value if high is None else max(high, value)
    return None if low is None else (low, high)
