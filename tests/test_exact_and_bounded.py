"""Issue 11 §4: exact arithmetic until display (shown parts add up to the shown whole) and bounded output."""

import json
from fractions import Fraction

from calculator.engine import score
from calculator.numbers import apportion
from tests.golden import REPO


def policy(policy_id):
    return json.loads((REPO / "build" / "policies" / f"{policy_id}.json").read_text(encoding="utf-8"))


def test_apportion_makes_the_parts_add_up_to_the_rounded_whole():
    assert apportion([Fraction(1, 3)] * 3) == [0.34, 0.33, 0.33]
    assert apportion([Fraction(1, 2), Fraction(3, 2)]) == [0.5, 1.5]
    assert apportion([Fraction(19995, 1000)] * 3) == [20, 20, 19.99]  # 59.985 shows as 59.99 (half up)
    assert apportion([]) == []


def test_categories_shown_add_up_to_the_total_shown():
    # 益阳 三援 worked 8 months of a year split 30 : 60 after a cut would give thirds; use the engine's own
    # split of a value that does not divide evenly: a copy of the policy whose 三援 counts 10 学时.
    yiyang = policy("hunan-yiyang-2018")
    for era in yiyang["eras"]:
        for kind in era["activities"]:
            if kind["id"] == "aid_over_one_year":
                kind["rule"]["value"] = 10  # split 30 : 60 -> 10/3 public, 20/3 professional
    aid = {"kind": "aid_over_one_year", "params": {"start_year": 2019, "end_year": 2020, "passed": True}}
    result = score(yiyang, {"years": [{"year": 2019, "activities": [aid]}]})
    for year in result["years"]:
        shares = [c["value"] for c in year["activities"][0]["categories"]]
        assert round(sum(shares), 2) == year["activities"][0]["counted"] == 10
        assert round(sum(t["value"] for t in year["totals"]), 2) == year["total"] == 10


def test_a_per_day_cap_reached_every_day_is_one_step_not_one_per_day():
    # 金华 第（十）条: 1 学时 2 学分，每天不超过 12 学分 — 30 days of 8 hours: 16 each day, counted 12.
    activity = {"kind": "offline_theory", "params": {"hours": [8] * 30}}
    result = score(policy("zhejiang-jinhua-skills-2020"), {"year": 2024, "activities": [activity]})
    [item] = result["activities"]
    assert item["raw"] == 360
    capped = [step for step in item["steps"] if step.get("ref", "").endswith("item_cap")]
    assert len(capped) == 1 and "第 1—30 天，共 30 天" in capped[0]["text"] and capped[0]["value"] == 360
    assert len(json.dumps(item, ensure_ascii=False)) < 3000


def test_capped_days_of_different_values_get_a_step_each():
    activity = {"kind": "offline_theory", "params": {"hours": [8, 4, 7, 8]}}
    [item] = score(policy("zhejiang-jinhua-skills-2020"), {"year": 2024, "activities": [activity]})["activities"]
    capped = [step["text"] for step in item["steps"] if step.get("ref", "").endswith("item_cap")]
    assert len(capped) == 2
    assert "第 1、4 天，共 2 天" in capped[0] and "第 3 天" in capped[1]
    assert item["raw"] == 12 + 8 + 12 + 12
