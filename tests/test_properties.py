"""Property tests: random valid records never crash, caps hold, more activity never lowers a total."""

from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculator import score
from tests.golden import REPO

import json

POLICIES = {p.stem: json.loads(p.read_text(encoding="utf-8"))
            for p in sorted((REPO / "build" / "policies").glob("*.json")) if p.name != "index.json"}


def _number(spec):
    low, high = Fraction(str(spec["min"])), Fraction(str(spec["max"]))
    step = Fraction(str(spec.get("step", 1 if spec["type"] == "integer" else "0.5")))
    high = min(high, low + 400 * step)  # keep values in a realistic band
    count = int((high - low) / step)
    return st.integers(0, count).map(lambda n: _plain(low + n * step))


def _plain(value):
    return int(value) if value.denominator == 1 else float(value)


def _param(spec):
    kind = spec["type"]
    if kind == "boolean":
        value = st.booleans()
    elif kind == "enum":
        value = st.sampled_from([o["value"] for o in spec["options"]])
    elif kind == "per_day":
        value = st.lists(_number(spec["item"]), max_size=min(spec.get("max_days", 10), 10))
    else:
        value = _number(spec)
    return st.none() | value if spec.get("optional") else value


def _activity(kind):
    params = st.fixed_dictionaries({p["id"]: _param(p) for p in kind["params"]})
    category = (st.sampled_from(kind["category"]["choose"]) if "choose" in kind["category"] else st.none())
    achievement = st.sampled_from(["", "", "成果甲", "成果乙"])

    def build(values):
        params, category, achievement = values
        params = {k: v for k, v in params.items() if v is not None}
        for limit in kind.get("limits", []):
            if limit["param"] in params and limit["not_above"] in params:
                params[limit["param"]] = min(params[limit["param"]], params[limit["not_above"]])
        for limit in kind.get("limits", []):
            if limit.get("strict") and limit["param"] in params and limit["not_above"] in params:
                params[limit["param"]] = min(params[limit["param"]], params[limit["not_above"]] - 1)
        item = {"kind": kind["id"], "params": params, "achievement": achievement}
        if category:
            item["category"] = category
        return item

    return st.tuples(params, category, achievement).map(build)


def _cover(era, item, year):
    """An activity spread over years (益阳 三援) must cover the year it is entered in."""
    kind = next(k for k in era["activities"] if k["id"] == item["kind"])
    if "spread" in kind:
        item["params"][kind["spread"]["from"]] = year
        item["params"][kind["spread"]["to"]] = year + 1


@st.composite
def records(draw):
    policy = POLICIES[draw(st.sampled_from(sorted(POLICIES)))]
    era = draw(st.sampled_from(policy["eras"]))
    year = draw(st.integers(era["years"]["from"], era["years"].get("to", era["years"]["from"] + 8)))
    kinds = [k for k in era["activities"]
             if not k.get("years") or k["years"].get("from", year) <= year <= k["years"].get("to", year)]
    activities = draw(st.lists(st.sampled_from(kinds).flatmap(_activity), max_size=8))
    for item in activities:
        _cover(era, item, year)
    return policy, {"format": 1, "policy": policy["id"], "year": year, "activities": activities}


SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(records())
def test_random_valid_records_score_and_respect_every_cap(drawn):
    policy, record = drawn
    result = score(policy, record)
    era = next(e for e in policy["eras"] if e["id"] == result["era"]["id"])
    for activity in result["activities"]:
        assert 0 <= activity["counted"] <= activity["raw"]
        assert abs(sum(c["value"] for c in activity["categories"]) - activity["counted"]) < 0.02
    for cap in era.get("caps", []):
        capped = sum(a["counted"] for a in result["activities"] if a["kind"] in cap["activities"])
        assert capped <= cap["max"]
    for pool in era.get("pools", []):
        for category, limit in pool["caps"].items():
            pooled = sum(c["value"] for a in result["activities"] if a["kind"] in pool["activities"]
                         for c in a["categories"] if c["category"] == category)
            assert pooled <= limit
    assert abs(sum(t["value"] for t in result["totals"]) - result["total"]) < 0.02


@SETTINGS
@given(records(), st.data())
def test_adding_an_activity_never_lowers_the_total(drawn, data):
    policy, record = drawn
    era = next(e for e in policy["eras"]
               if e["years"]["from"] <= record["year"] <= e["years"].get("to", record["year"]))
    year = record["year"]
    kinds = [k for k in era["activities"]
             if not k.get("years") or k["years"].get("from", year) <= year <= k["years"].get("to", year)]
    extra = data.draw(st.sampled_from(kinds).flatmap(_activity))
    _cover(era, extra, year)
    before = score(policy, record)
    after = score(policy, {**record, "activities": record["activities"] + [extra]})
    assert after["total"] >= before["total"]
    # Per category too, unless a rule moves value between categories (a pool's allocation, or
    # 同一成果 keeping a higher activity of another category).
    if not era.get("pools") and not era.get("dedup"):
        for old, new in zip(before["totals"], after["totals"]):
            assert new["value"] >= old["value"], new["category"]


@given(st.one_of(st.integers(-10**6, 10**6), st.fractions()), st.one_of(st.integers(-10**6, 10**6), st.fractions()))
def test_less_is_the_order_of_exact_numbers(a, b):
    from calculator.numbers import less
    assert less(a, b) is (a < b)
