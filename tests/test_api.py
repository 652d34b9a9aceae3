"""The browser entry point: lenient scoring and errors as data, never an exception."""

import json

from calculator.api import plan_json, score_json
from tests.golden import REPO

TONGLU = (REPO / "build" / "policies" / "zhejiang-tonglu-2018.json").read_text(encoding="utf-8")


def call(record):
    return json.loads(score_json(TONGLU, json.dumps(record, ensure_ascii=False)))


def test_a_bad_field_marks_its_activity_and_the_rest_still_computes():
    answer = call({"year": 2024, "activities": [
        {"kind": "face_training", "params": {"days": 2}},
        {"kind": "face_training", "params": {"days": 999}},
        {"kind": "patent", "params": {"patent_type": "invention"}},
    ]})
    assert answer["ok"]
    result = answer["result"]
    assert [a["index"] for a in result["activities"]] == [0, 2]
    assert result["total"] == 16 + 90
    [error] = result["errors"]
    assert error["index"] == 1 and error["path"] == "activities[1].params.days"
    assert "第 2 项活动（面授培训）：「培训天数」必须在 0 到 366 之间" in error["message"]


def test_a_bad_year_is_an_error_answer():
    answer = call({"year": 1999, "activities": []})
    assert answer == {"ok": False, "error": answer["error"], "path": "year"}
    assert "不适用于 1999 年度" in answer["error"]


def test_broken_json_and_unexpected_shapes_are_error_answers():
    assert not json.loads(score_json(TONGLU, "{"))["ok"]
    answer = json.loads(score_json(TONGLU, "[1, 2]"))
    assert answer["ok"] is False and answer["error"]


def test_deadlines_ics_for_the_browser():
    from icalendar import Calendar

    from calculator.api import deadlines_ics
    record = {"years": [{"year": 2024, "activities": [
        {"kind": "face_training", "params": {"days": 1}, "date": "2024-03-01"}]}]}
    text = deadlines_ics(TONGLU, json.dumps(record))
    [event] = [c for c in Calendar.from_ical(text).walk() if c.name == "VEVENT"]
    assert event.decoded("DTSTART").isoformat() == "2024-04-30"  # 第十三条: 2024-03-01 + 60 天
    assert deadlines_ics(TONGLU, "{") == ""


def test_scoring_never_changes_the_policy_so_one_parsed_copy_serves_every_call():
    # score_json keeps parsed policies by their JSON text; that is only right while no call changes one.
    from tests.golden import load_cases

    for case in load_cases():
        policy_json = json.dumps(case["policy"], ensure_ascii=False, sort_keys=True)
        first = score_json(policy_json, json.dumps(case["record"], ensure_ascii=False))
        again = score_json(policy_json, json.dumps(case["record"], ensure_ascii=False))
        assert first == again, case["id"]
        plan_json(policy_json, json.dumps(case["record"], ensure_ascii=False))  # shares the parsed copy too
        from calculator.api import _policy
        assert json.dumps(_policy(policy_json), ensure_ascii=False, sort_keys=True) == policy_json, case["id"]


def test_a_policy_parsed_once_answers_as_its_text_does():
    # The worker hands each policy's text to Python once (parse_policy) and then passes the parsed copy.
    from calculator.api import deadlines_ics, parse_policy
    from tests.golden import load_cases

    parsed = {}
    for case in load_cases():
        policy_json = json.dumps(case["policy"], ensure_ascii=False)
        policy = parsed.setdefault(policy_json, parse_policy(policy_json))
        record_json = json.dumps(case["record"], ensure_ascii=False)
        assert score_json(policy, record_json) == score_json(policy_json, record_json), case["id"]
        assert plan_json(policy, record_json) == plan_json(policy_json, record_json), case["id"]
        assert deadlines_ics(policy, record_json) == deadlines_ics(policy_json, record_json), case["id"]
