"""Issue 11 §6: deadlines a person can trust (桐庐 第八条、第十二条、第十三条)."""

import json

import pytest
import yaml

from calculator.policy_files.compiler import PolicyError, load_and_validate
from calculator.api import deadlines_ics
from calculator.engine import score
from calculator.text import summary
from tests.golden import REPO

TONGLU_JSON = (REPO / "build" / "policies" / "zhejiang-tonglu-2018.json").read_text(encoding="utf-8")
TONGLU = json.loads(TONGLU_JSON)


def deadlines(*activities, year=2024):
    return score(TONGLU, {"years": [{"year": year, "activities": list(activities)}]})["deadlines"]


def test_an_online_course_gets_no_filing_deadline():
    # 第八条: 完成学习后，由系统自动登分 — only 第十二条's offline credits are filed (第十三条).
    online = {"kind": "online_course", "params": {"credits": 10}, "date": "2024-03-01"}
    face = {"kind": "face_training", "params": {"days": 1}, "date": "2024-03-01"}
    assert deadlines(online) == []
    [due] = deadlines(online, face)
    assert (due["index"], due["date"]) == (1, "2024-04-30")  # 2024-03-01 + 60 天


def test_the_policy_names_the_kinds_the_filing_deadline_covers():
    [registration] = TONGLU["deadlines"]
    kinds = {kind["id"] for era in TONGLU["eras"] for kind in era["activities"]}
    assert set(registration["activities"]) == kinds - {"online_course"}


@pytest.mark.parametrize("ended,due", [
    ("2024-03-01", "2024-04-30"),   # 60 天
    ("2024-10-31", "2024-12-30"),   # 60 天 = 12-30
    ("2024-11-15", "2024-12-30"),   # 本站解读: not 2025-01-14, after the year's 12-30 closing
    ("2024-12-05", "2024-12-30"),   # 12月份的学分申报截止日期为12月30日
    ("2024-12-30", "2024-12-30"),
])
def test_the_earlier_of_sixty_days_and_the_years_december_30(ended, due):
    [entry] = deadlines({"kind": "face_training", "params": {"days": 1}, "date": ended})
    assert entry["date"] == due and entry["problem"] is None


def test_the_reading_chosen_is_shown_with_the_other_one():
    reading = {item["id"]: item for item in TONGLU["interpretations"]}["tonglu-filing-year-close"]
    assert "12 月 30 日" in reading["reading"] and "次年 1 月 14 日" in reading["reading"]  # the other reading
    assert TONGLU["deadlines"][0]["interpretations"] == ["tonglu-filing-year-close"]


def test_a_deadline_before_the_activity_ends_is_a_problem_not_a_date_to_meet():
    [entry] = deadlines({"kind": "face_training", "params": {"days": 1}, "date": "2024-12-31"})
    assert entry["date"] == "2024-12-30"
    assert "截止日 2024-12-30 早于本项活动的结束日期 2024-12-31" in entry["problem"]
    result = score(TONGLU, {"years": [{"year": 2024, "activities": [
        {"kind": "face_training", "params": {"days": 1}, "date": "2024-12-31"}]}]})
    assert "✘ 问题：截止日 2024-12-30 早于本项活动的结束日期" in summary(result)
    ics = deadlines_ics(TONGLU_JSON, json.dumps({"year": 2024, "activities": [
        {"kind": "face_training", "params": {"days": 1}, "date": "2024-12-31"}]}))
    assert "SUMMARY:（须确认）线下学分申报截止" in ics


def test_deadlines_ics_keeps_the_good_activities_deadlines_beside_a_bad_one():
    record = {"years": [{"year": 2024, "activities": [
        {"kind": "face_training", "params": {"days": 1}, "date": "2024-03-01"},
        {"kind": "face_training", "params": {"days": "x"}, "date": "2024-05-01"},
        {"kind": "no_such_kind", "date": "2024-06-01"}]}]}
    text = deadlines_ics(TONGLU_JSON, json.dumps(record))
    assert "DTSTART;VALUE=DATE:20240430" in text  # 第十三条: 2024-03-01 + 60 天
    assert "20240630" not in text and "20240731" not in text  # none for activities that are not valid


def test_a_deadline_naming_an_unknown_kind_or_reading_fails_validation(tmp_path):
    data = yaml.safe_load((REPO / "policies" / "zhejiang-tonglu-2018.yaml").read_text(encoding="utf-8"))
    data["deadlines"][0]["activities"].append("online_corse")
    data["deadlines"][0]["interpretations"] = ["no-such-reading"]
    path = tmp_path / "zhejiang-tonglu-2018.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_and_validate(path)
    text = str(caught.value)
    assert "/deadlines/0/activities/12: 未知的活动类型「online_corse」" in text
    assert "/deadlines/0/interpretations/0: 未定义的解释说明「no-such-reading」" in text
