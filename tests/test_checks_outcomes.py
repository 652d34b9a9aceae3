"""Issue 11 §6 (title checks a person can trust) and §4 (exact sums): multi-year checks."""

import json

import pytest

from calculator.engine import score
from calculator.text import summary
from tests.golden import REPO


def policy(policy_id):
    return json.loads((REPO / "build" / "policies" / f"{policy_id}.json").read_text(encoding="utf-8"))


def checks(policy_id, record):
    return {check["id"]: check for check in score(policy(policy_id), record)["checks"]}


TONGLU_MET = [{"kind": "degree_related"}, {"kind": "online_course", "params": {"credits": 18},
                                           "category": "public_general"}]  # 第十一条: 90 专业 + 18 公需


def test_jinhua_early_application_without_a_grade_is_to_be_confirmed_not_failed():
    # 金华 第（十四）条: 超规定学分总额的，可以提前申报 — with a surplus, only the grade is missing.
    record = {"years": [{"year": 2023, "activities": [{"kind": "online_course", "params": {"credits": 100}}]}]}
    check = checks("zhejiang-jinhua-skills-2020", record)["early-application"]
    assert check["met"] is None and "请填写申报的等级" in check["text"]
    assert "？ 待确认 " in summary(score(policy("zhejiang-jinhua-skills-2020"), record))


def test_jinhua_early_application_with_a_grade_is_met():
    record = {"person": {"target_grade": "grade3"},
              "years": [{"year": 2023, "activities": [{"kind": "online_course", "params": {"credits": 100}}]}]}
    check = checks("zhejiang-jinhua-skills-2020", record)["early-application"]
    assert check["met"] is True and check["early_years"] == 2


def test_tonglu_title_check_for_2020_names_the_years_before_the_policy_instead_of_refusing():
    # 第十五条 近三年: a 2020 application looks at 2017—2019; this notice took effect for 2018.
    record = {"target_year": 2020, "years": [{"year": 2018, "activities": TONGLU_MET},
                                             {"year": 2019, "activities": TONGLU_MET}]}
    check = checks("zhejiang-tonglu-2018", record)["title-recommendation"]
    assert check["met"] is None and check["earlier"] == [2017] and check["missing"] == []
    assert "2017 年度在本政策施行（2018 年度）之前，适用此前的规定" in check["text"]
    assert "须另行证明" in check["text"]


def test_yiyang_recent_five_years_for_2021_names_the_years_before_the_policy():
    aid = {"kind": "aid_over_one_year", "params": {"start_year": 2018, "end_year": 2020, "passed": True}}
    record = {"target_year": 2021, "years": [{"year": 2018, "activities": [aid]}]}
    check = checks("hunan-yiyang-2018", record)["senior-title"]
    assert check["years"] == [2016, 2017, 2018, 2019, 2020]
    assert check["met"] is None and check["earlier"] == [2016, 2017] and check["missing"] == []


def test_a_year_not_met_still_fails_the_title_check():
    record = {"target_year": 2020, "years": [{"year": 2018, "activities": []}, {"year": 2019, "activities": TONGLU_MET}]}
    assert checks("zhejiang-tonglu-2018", record)["title-recommendation"]["met"] is False


@pytest.mark.parametrize("years,target,shown", [
    ([2021], None, set()),                                  # a 学时 year only: the 学分 windows do not concern it
    ([2021], 2021, set()),
    ([2019, 2021], None, {"credits-2017-2019", "credits-2018-2019"}),
    ([2021], 2020, {"credits-2017-2019", "credits-2018-2019"}),   # an application right after the windows
])
def test_binzhou_credit_windows_appear_only_when_the_record_concerns_them(years, target, shown):
    record = {"target_year": target, "years": [{"year": year, "activities": []} for year in years]}
    assert set(checks("shandong-binzhou-2021", record)) == shown


def test_satisfied_negative_checks_read_as_positive_statements():
    record = {"years": [{"year": 2023, "activities": TONGLU_MET}, {"year": 2024, "activities": TONGLU_MET}]}
    text = summary(score(policy("zhejiang-tonglu-2018"), record))
    assert "✔ 满足 没有连续两个年度未完成学分要求" in text
    assert "✔ 满足 各年度完成学分要求" in text
    for check in policy("zhejiang-tonglu-2018")["multi_year"]:
        assert not check["label"].endswith(("未完成", "不得评为优秀")), check["label"]


def test_one_year_spans_are_written_as_one_year():
    record = {"person": {"target_grade": "grade3"},
              "years": [{"year": 2022, "activities": [{"kind": "online_course", "params": {"credits": 100}}]}]}
    check = checks("zhejiang-jinhua-skills-2020", record)["early-application"]
    assert check["text"].startswith("2022 年度共获") and "2022—2022" not in check["text"]


def test_window_sums_add_exact_values_not_rounded_ones():
    # 滨州 2017—2019 ≥ 60 学分: three years of 19.995 are 59.985, not 60 (each shows as 20 once rounded).
    # 学分制 高研班 credits as the certificate lists them (step 0.5): 19.5 + 0.495 is not enterable, so use
    # a policy copy whose step allows three decimals to reach 19.995 exactly.
    binzhou = policy("shandong-binzhou-2021")
    kind = next(k for era in binzhou["eras"] for k in era["activities"]
                if any(p.get("id") == "credits" for p in k["params"]))
    for param in kind["params"]:
        if param["id"] == "credits":
            param["step"] = "0.005"
    years = [{"year": year, "activities": [{"kind": kind["id"], "params": {"credits": "19.995"}}]}
             for year in (2017, 2018, 2019)]
    result = score(binzhou, {"years": years})
    assert [year["total"] for year in result["years"]] == [20, 20, 20]  # 19.995 shown rounded half up
    window = {check["id"]: check for check in result["checks"]}["credits-2017-2019"]
    assert window["met"] is False and window["value"] == 59.99 and window["shortfall"] == 0.02


def test_the_same_aid_entered_in_two_years_counts_once_a_year_with_a_note():
    aid = {"kind": "aid_over_one_year", "params": {"start_year": 2019, "end_year": 2021, "passed": True}}
    result = score(policy("hunan-yiyang-2018"), {"years": [{"year": 2019, "activities": [aid]},
                                                           {"year": 2020, "activities": [aid]}]})
    assert [(year["year"], year["total"]) for year in result["years"]] == [(2019, 90), (2020, 90), (2021, 90)]
    notes = [note["text"] for year in result["years"] for activity in year["activities"] for note in activity["notes"]]
    assert any("同一年度只计一次" in note for note in notes)


def test_the_aid_reading_and_the_help_agree_on_entering_it_once():
    yiyang = policy("hunan-yiyang-2018")
    reading = {item["id"]: item["reading"] for item in yiyang["interpretations"]}["yiyang-aid-full-year"]
    assert "每个年度的记录中各填写一次" not in reading
    assert "只需在援助期间的任一年度录入一次" in reading
