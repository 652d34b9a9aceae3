"""calculator.rules.value_range against brute force: random valid parameters for every activity kind
of every policy never score outside the range, and both ends are scored by valid parameters."""

import random
from fractions import Fraction

from calculator.numbers import to_fraction
from calculator.records import RecordError, check_params
from calculator.rules import evaluate, value_range
from calculator.rules.domain import cases, condition_points, within_limits
from calculator.rules.kinds import KINDS

TRIES = 600


def random_number(rng, spec):
    low, high = to_fraction(spec["min"]), to_fraction(spec["max"])
    step = to_fraction(spec["step"]) if spec.get("step") else (Fraction(1) if spec["type"] == "integer" else Fraction(1, 100))
    steps = int((high - low) / step)
    pick = rng.choice([0, steps, rng.randint(0, steps), rng.randint(0, min(steps, 12)), rng.randint(max(steps - 12, 0), steps)])
    return low + pick * step


def random_value(rng, param):
    if param.get("optional") and param.get("default") is None and rng.random() < 0.15:
        return None
    kind = param["type"]
    if kind == "enum":
        return rng.choice(param["options"])["value"]
    if kind == "boolean":
        return rng.random() < 0.5
    if kind == "per_day":
        most = param.get("max_days") or 1
        days = rng.choice([0, 1, rng.randint(0, min(most, 8)), most])
        return [random_number(rng, param["item"]) for _ in range(days)]
    return random_number(rng, param)


def brute_force(kind, rng):
    for _ in range(TRIES):
        params = {param["id"]: random_value(rng, param) for param in kind["params"]}
        if within_limits(kind, params):
            yield params


def as_json(value):
    """A parameter as a record file holds it (records reads numbers from JSON, not Fractions)."""
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else float(value)
    return value


def all_kinds(policies):
    for policy in policies.values():
        for era in policy["eras"]:
            for kind in era["activities"]:
                yield f"{policy['id']}/{era['id']}/{kind['id']}", kind


def test_random_parameters_never_score_outside_the_range(compiled_policies):
    rng = random.Random(20261201)
    for name, kind in all_kinds(compiled_policies):
        low, high = value_range(kind)
        for params in brute_force(kind, rng):
            value, _ = evaluate(kind["rule"], params)
            assert low <= value <= high, f"{name}: {params} scores {value}, outside {low}—{high}"


def test_both_ends_of_the_range_are_scored_by_valid_parameters(compiled_policies):
    for name, kind in all_kinds(compiled_policies):
        rule = kind["rule"]
        points = condition_points(rule)
        for param, extra in KINDS[rule["kind"]].points(rule).items():
            points.setdefault(param, set()).update(extra)
        scored = {}
        for params in cases(kind, points=points):
            given = {key: as_json(value) for key, value in params.items() if value is not None}
            try:
                check_params(kind["params"], given, name, "params")  # as a record would be read
            except RecordError as error:
                raise AssertionError(f"{name}: value_range tried invalid parameters {params}: {error.message}")
            scored.setdefault(evaluate(rule, params)[0], params)
        assert (min(scored), max(scored)) == value_range(kind), name


def test_the_range_follows_adjustments_share_and_the_table_actually_reached(compiled_policies):
    kinds = dict(all_kinds(compiled_policies))
    # 桐庐 第十一条（六）: 核心期刊 25 学分, 第一作者另加 10 -> up to 35; 增刊 10 at least.
    assert value_range(kinds["zhejiang-tonglu-2018/credits/paper"]) == (10, 35)
    # 滨州 专著 reaches only the 专著 columns of the papers table (优秀/良好/一般 of 国家级…地市级: 10—30),
    # and split between co-authors in whole numbers it can go down to floor(10 / 99) = 0.
    low, high = value_range(kinds["shandong-binzhou-2021/credits/book"])
    assert high == 30 and low < 10


def months_kind(rule):
    return {"id": "t", "params": [{"id": "months", "label": "月数", "type": "integer", "min": 0, "max": 30}], "rule": rule}


def test_a_value_that_peaks_inside_the_bounds_is_found():
    # Made-up tables whose largest value is neither at 0 nor at 30 months: brute force over every month.
    brackets = months_kind({"kind": "brackets", "param": "months", "brackets": [
        {"below": 4, "value": 5, "explain": "a"}, {"from": 4, "to": 6, "value": 50, "explain": "b"},
        {"from": 7, "value": 20, "explain": "c"}]})
    lookup = months_kind({"kind": "lookup", "rows": [
        {"when": {"months": {"min": 11, "below": 13}}, "value": 70, "explain": "a"}],
        "default": {"value": 10, "explain": "b"}})
    for kind in (brackets, lookup):
        values = [evaluate(kind["rule"], {"months": Fraction(m)})[0] for m in range(31)]
        assert value_range(kind) == (min(values), max(values))
