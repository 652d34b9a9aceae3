"""Issue 11 §4: exact arithmetic until display (shown parts add up to the shown whole) and bounded output."""

import copy
import json
from fractions import Fraction

from calculator.engine import score
from calculator.history import full_entries, resolve_carried
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


# Bounded output with spread activities (益阳 附件5 第8条: 视为完成援助期间所有年度继续教育90学时): a 三援
# is given in full once, in the year it was entered; every other year it covers carries a reference
# with that year's figures, article and notes, so the answer grows with what was entered, not with
# entries × years covered.

def aid(start, end, name):
    return {"kind": "aid_over_one_year", "params": {"start_year": start, "end_year": end, "passed": True}, "name": name}


def answer_bytes(result):
    return len(json.dumps(result, ensure_ascii=False).encode("utf-8"))


def test_a_spread_activity_is_given_in_full_once_and_referenced_in_the_other_years():
    yiyang = policy("hunan-yiyang-2018")
    result = score(yiyang, {"years": [{"year": 2019, "activities": [aid(2019, 2023, "援疆")]}]})
    assert [(year["year"], year["total"]) for year in result["years"]] == [(y, 90) for y in range(2019, 2024)]
    [entry] = result["years"][0]["activities"]
    assert "spread_from" not in entry and entry["steps"] and entry["name"] == "援疆"
    clause = entry["rule"]["clause"]
    assert json.dumps(result, ensure_ascii=False).count(clause) == 1  # the quoted clause: once
    assert json.dumps(result, ensure_ascii=False).count(entry["steps"][0]["text"]) == 1
    for year in result["years"][1:]:
        [reference] = year["activities"]
        # each year still says it counts there, with the article, and where the full entry is
        assert reference["spread_from"] == 2019 and reference["source_index"] == entry["index"]
        assert reference["counted"] == 90 and reference["rule"] == {"article": "附件5 第8条"}
        assert {c["category"]: c["value"] for c in reference["categories"]} == {"public": 30, "professional": 60}
        assert not {"steps", "label", "name", "date"} & set(reference)
        shown = resolve_carried(full_entries(result), reference)  # the page's and --text's view of it
        assert shown["name"] == "援疆" and shown["steps"] == entry["steps"] and shown["rule"]["clause"] == clause
        assert shown["counted"] == 90 and shown["index"] == reference["index"]


def test_the_answer_grows_linearly_with_spread_activities_and_a_reference_is_small():
    yiyang = policy("hunan-yiyang-2018")

    def record(count, years):
        return {"years": [{"year": 2019, "activities": [aid(2019, 2019 + years - 1, f"第{n}次") for n in range(count)]}]}

    sizes = {count: answer_bytes(score(yiyang, record(count, 5))) for count in (100, 200, 400)}
    assert 1.8 < sizes[200] / sizes[100] < 2.2 and 1.8 < sizes[400] / sizes[200] < 2.2
    # a reference (figures, article, this year's notes) weighs well under a full entry with the same notes
    result = score(yiyang, record(200, 5))
    full = [answer_bytes(item) for item in result["years"][0]["activities"]]
    references = [answer_bytes(item) for year in result["years"][1:] for item in year["activities"]]
    assert len(full) == 200 and len(references) == 200 * 4
    assert sum(references) / len(references) < 0.6 * sum(full) / len(full)  # about half
    # and when every 三援 after the first is left out (同一年度只计一次) the figures stay as the notice says
    result = score(yiyang, record(400, 5))
    assert [year["total"] for year in result["years"]] == [90] * 5


def test_a_spread_activity_refused_in_its_entry_year_is_given_in_full_where_it_counts():
    # its end date lies outside the entry year: refused there (lenient), counted in the other years in full
    item = {**aid(2019, 2021, "援藏"), "date": "2020-05-01"}
    result = score(policy("hunan-yiyang-2018"), {"years": [{"year": 2019, "activities": [item]}]}, lenient=True)
    first, *others = result["years"]
    assert first["activities"] == [] and first["errors"][0]["path"] == "years[0].activities[0].date"
    for year in others:
        [carried] = year["activities"]
        assert carried["spread_from"] == 2019 and "source_index" not in carried and carried["steps"]
        assert carried["name"] == "援藏" and year["total"] == 90


def test_a_year_under_another_era_gets_the_spread_activity_in_full():
    # a copy of 益阳 whose rules change in 2021 (a second era defining the same kind): 2020 refers to
    # the 2019 entry, 2021 and 2022 are scored under their own era's definition and given in full
    yiyang = policy("hunan-yiyang-2018")
    [era] = yiyang["eras"]
    later = copy.deepcopy(era)
    era["years"], later["years"], later["id"] = {"from": 2018, "to": 2020}, {"from": 2021}, era["id"] + "-later"
    yiyang["eras"].append(later)
    result = score(yiyang, {"years": [{"year": 2019, "activities": [aid(2019, 2022, "援疆")]}]})
    shapes = {year["year"]: "source_index" in year["activities"][0] for year in result["years"] if year["year"] > 2019}
    assert shapes == {2020: True, 2021: False, 2022: False}
    assert [year["total"] for year in result["years"]] == [90] * 4
