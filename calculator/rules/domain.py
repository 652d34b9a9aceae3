"""The parameter values worth trying for one activity kind, for checks and ranges.

Every option of an enum, both booleans, "not given" (None) for an optional parameter without a
default, and for a number: its bounds plus each point where a condition or a rule kind's bracket
changes the outcome, with its neighbours one step either side. A per-day list is tried empty, as one
day at each bound, and as the most days at the upper bound. Between two neighbouring points every
rule kind's value is monotone in a number (rates and shares are never negative: the checks say so),
so the smallest and largest value of an activity are among these cases.
"""

from fractions import Fraction
from itertools import product

from ..conditions import matches
from ..numbers import to_fraction

TOO_MANY = 200_000  # cases; a policy needing more is reported by the checks instead of enumerated


def condition_points(node, points=None):
    """{param: {numbers}} from every `when` found anywhere in a rule (derive, rows, shifts, ...)."""
    points = {} if points is None else points
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "when" and isinstance(value, dict):
                for name, test in value.items():
                    if isinstance(test, dict):
                        points.setdefault(name, set()).update(
                            to_fraction(test[bound]) for bound in ("min", "max", "below") if bound in test)
            else:
                condition_points(value, points)
    elif isinstance(node, list):
        for item in node:
            condition_points(item, points)
    return points


def _step(spec):
    if spec.get("step") is not None:
        return to_fraction(spec["step"])
    return Fraction(1) if spec["type"] == "integer" else Fraction(1, 100)


def number_samples(spec, points=()):
    low = to_fraction(spec["min"]) if spec.get("min") is not None else None
    high = to_fraction(spec["max"]) if spec.get("max") is not None else None
    step = _step(spec)
    values = {v for v in (low, high) if v is not None}
    for point in points:
        values |= {point - step, point, point + step}
    values = {v for v in values if (low is None or v >= low) and (high is None or v <= high)}
    if spec["type"] == "integer":
        values = {v for v in values if v.denominator == 1}
    return sorted(values) or [low or Fraction(0)]


def samples(param, points=()):
    """The values tried for one parameter (as records.check_params gives them to a rule)."""
    kind = param["type"]
    if kind == "enum":
        values = [option["value"] for option in param["options"]]
    elif kind == "boolean":
        values = [False, True]
    elif kind == "per_day":
        days = number_samples(param["item"], points)
        most = param.get("max_days") or 1
        values = [[]] + [[day] for day in (days[0], days[-1])] + [[days[-1]] * most]
    else:
        values = number_samples(param, points)
    if param.get("optional") and param.get("default") is None:
        values = values + [None]
    return values


def cases(kind, names=None, points=None):
    """Every combination of the sampled values of `names` (default: all of the kind's parameters).

    Parameters left out keep their default (or None). Returns a list of params dicts, or None
    when there would be more than TOO_MANY.
    """
    points = condition_points(kind["rule"]) if points is None else points
    params = [p for p in kind["params"] if names is None or p["id"] in names]
    choices = [samples(p, sorted(points.get(p["id"], ()))) for p in params]
    count = 1
    for values in choices:
        count *= len(values)
    if count > TOO_MANY:
        return None
    base = {p["id"]: _default(p) for p in kind["params"]}
    found = ({**base, **dict(zip((p["id"] for p in params), combination))} for combination in product(*choices))
    return [case for case in found if within_limits(kind, case)]


def within_limits(kind, params):
    """False when the kind's `limits` (e.g. 排名 ≤ 作者人数) reject these parameters, as records do."""
    for limit in kind.get("limits", []):
        low, high = params.get(limit["param"]), params.get(limit["not_above"])
        if low is not None and high is not None and (low > high or (limit.get("strict") and low == high)):
            return False
    return True


def _default(param):
    default = param.get("default")
    if default is None or param["type"] in ("enum", "boolean"):
        return default
    return to_fraction(default)


def apply_derive(rule, params):
    """The parameters a rule's kind sees once its `derive` entries have run (as wrappers.evaluate does)."""
    params = dict(params)
    for derive in rule.get("derive", []):
        if matches(derive.get("when"), params):
            params.update(derive["set"])
    return params


def show_case(kind, params, names):
    """「刊物类型=核心期刊，排名=4」 for a message naming a combination of entered parameters."""
    labels = {p["id"]: p for p in kind["params"]}
    parts = []
    for name in names:
        param, value = labels.get(name), params.get(name)
        if param is None:
            continue  # set by derive, not entered
        if param["type"] == "enum":
            value = next((o["label"] for o in param["options"] if o["value"] == value), value)
        elif isinstance(value, bool):
            value = "是" if value else "否"
        elif isinstance(value, Fraction):
            value = str(value.numerator) if value.denominator == 1 else str(float(value))
        elif value is None:
            value = "未填"
        parts.append(f"{param['label']}={value}")
    return "，".join(parts)
