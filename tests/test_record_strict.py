"""Issue 11 §1: a record says what it means, or gets a clear Chinese error (CLI, API and batch)."""

import json
import subprocess
import sys

import pytest

from calculator import records
from calculator.api import batch_csv, score_json
from calculator.engine import score
from calculator.records import RecordError
from tests.golden import REPO

SCHEMA = json.loads((REPO / "schema" / "record.schema.json").read_text(encoding="utf-8"))


def policy_json(policy_id):
    return (REPO / "build" / "policies" / f"{policy_id}.json").read_text(encoding="utf-8")


def policy(policy_id):
    return json.loads(policy_json(policy_id))


TONGLU = "zhejiang-tonglu-2018"


def api(record, policy_id=TONGLU):
    return json.loads(score_json(policy_json(policy_id), json.dumps(record, ensure_ascii=False)))


def cli_score(tmp_path, record, policy_id=TONGLU):
    path = tmp_path / "record.json"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "calculator", "score", policy_id, str(path)], cwd=REPO,
                          capture_output=True, text=True, timeout=60)


def error_of(record, policy_id=TONGLU):
    with pytest.raises(RecordError) as caught:
        score(policy(policy_id), record)
    return caught.value


def test_the_engine_knows_exactly_the_fields_the_schema_publishes():
    assert set(records.RECORD_KEYS) == set(SCHEMA["properties"])
    assert set(records.YEAR_KEYS) == set(SCHEMA["properties"]["years"]["items"]["properties"])
    assert set(records.ACTIVITY_KEYS) == set(SCHEMA["$defs"]["activities"]["items"]["properties"])
    year = SCHEMA["$defs"]["year"]
    assert records.YEARS == (year["minimum"], year["maximum"])


def test_a_misspelt_top_level_key_exits_2_and_names_the_key_meant(tmp_path):
    done = cli_score(tmp_path, {"year": 2024, "activites": [{"kind": "degree_related"}]})
    assert done.returncode == 2
    assert "「activites」不是记录的字段，是否应为「activities」？" in done.stderr
    assert "Traceback" not in done.stderr
    answer = api({"year": 2024, "activites": []})
    assert answer["ok"] is False and answer["path"] == "activites"


def test_a_misspelt_activity_key_marks_that_activity_in_the_browser():
    answer = api({"year": 2024, "activities": [
        {"kind": "face_training", "params": {"days": 2}, "catgory": "public"},
        {"kind": "face_training", "params": {"days": 1}}]})
    assert answer["ok"]
    [error] = answer["result"]["errors"]
    assert error["index"] == 0 and error["path"] == "activities[0].catgory"
    assert "第 1 项活动：「catgory」不是记录的字段，是否应为「category」？" == error["message"]
    assert answer["result"]["total"] == 8  # the other activity still computes (第十一条（一）: 1 天 8 学分)


def test_a_misspelt_key_inside_a_year_entry_is_an_error():
    error = error_of({"years": [{"year": 2024, "activites": [{"kind": "degree_related"}]}]})
    assert error.path == "years[0].activites"
    assert "「activites」不是记录的字段，是否应为「activities」？" in error.message


def test_an_unknown_key_without_a_near_one_lists_the_fields():
    error = error_of({"year": 2024, "activities": [], "zzz": 1})
    assert "「zzz」不是记录的字段，可用的字段：format、policy、year" in error.message


def test_a_misspelt_param_names_the_param_meant():
    error = error_of({"year": 2024, "activities": [{"kind": "face_training", "params": {"dyas": 2}}]})
    assert "没有名为「dyas」的参数，是否应为「days」？" in error.message


@pytest.mark.parametrize("record", [
    {"year": 2024, "activities": [], "years": [{"year": 2023}]},
    {"activities": [], "years": [{"year": 2023}]},
])
def test_year_or_activities_beside_years_is_an_error(record):
    assert error_of(record).path == "years"
    answer = api(record)
    assert answer["ok"] is False and "不能同时有 years" in answer["error"]


@pytest.mark.parametrize("activities", [{}, None, "face_training", 3])
def test_activities_that_is_not_a_list_is_an_error_in_every_mode(activities):
    record = {"year": 2024, "activities": activities}
    assert "activities 必须是一个列表" in error_of(record).message
    answer = api(record)
    assert answer["ok"] is False and answer["path"] == "activities"
    row = json.loads(batch_csv(policy_json(TONGLU), json.dumps([["张三", record]])))["table"]["rows"][0]
    assert "activities 必须是一个列表" in row[-1]
    history = {"years": [{"year": 2024, "activities": activities}]}
    assert error_of(history).path == "years[0].activities"
    assert api(history)["ok"] is False


@pytest.mark.parametrize("days", ["1_0", "1/3", "1e1", "0x10", " ", "二", float("nan"), [2]])
def test_numbers_must_be_plain_decimals(days):
    record = {"year": 2024, "activities": [{"kind": "face_training", "params": {"days": days}}]}
    error = error_of(record)
    assert error.path == "activities[0].params.days"
    assert "「培训天数」必须" in error.message


def test_full_width_digits_are_read_as_typed_by_chinese_input_methods():
    result = score(policy(TONGLU), {"year": 2024, "activities": [
        {"kind": "face_training", "params": {"days": "２．５"}}]})
    assert result["total"] == 20  # 第十一条（一）: 2.5 天 × 8


@pytest.mark.parametrize("days,ok", [(2.5, True), ("2.50", True), (2.25, False), ("0.1", False)])
def test_a_params_step_is_enforced(days, ok):
    record = {"year": 2024, "activities": [{"kind": "face_training", "params": {"days": days}}]}
    if ok:
        assert score(policy(TONGLU), record)["total"] == 20
    else:
        assert "「培训天数」必须是 0.5 的整数倍" in error_of(record).message


def test_a_per_day_items_step_is_enforced():
    record = {"year": 2024, "activities": [{"kind": "offline_theory", "params": {"hours": [6, 2.2]}}]}
    error = error_of(record, "zhejiang-jinhua-skills-2020")
    assert error.path == "activities[0].params.hours[1]"
    assert "第 2 天必须是 0.5 的整数倍" in error.message


@pytest.mark.parametrize("field,year", [("year", 1989), ("year", 2101), ("year", 9999), ("target_year", 20255)])
def test_years_outside_the_schema_range_are_errors(field, year):
    record = ({"year": year, "activities": []} if field == "year"
              else {"target_year": year, "years": [{"year": 2024}]})
    error = error_of(record)
    assert error.path == field and "1990—2100" in error.message


def test_a_year_entry_outside_the_range_is_an_error():
    error = error_of({"years": [{"year": 2024}, {"year": 12024}]})
    assert error.path == "years[1].year" and "1990—2100" in error.message


@pytest.mark.parametrize("start,end", [("2019", "2021"), (2019.0, 2021.0), ("２０１９", 2021)])
def test_yiyang_aid_years_as_text_or_float_spread_to_every_year(start, end):
    # 附件5 第8条: 视为完成援助期间所有年度继续教育90学时 — entered once, counted in 2019, 2020 and 2021.
    record = {"years": [{"year": 2019, "activities": [
        {"kind": "aid_over_one_year", "params": {"start_year": start, "end_year": end, "passed": True}}]}]}
    result = score(policy("hunan-yiyang-2018"), record)
    assert [(year["year"], year["total"]) for year in result["years"]] == [(2019, 90), (2020, 90), (2021, 90)]


@pytest.mark.parametrize("record,path", [
    ({"year": 2024, "activities": [{"kind": "face_training", "params": {"days": 1, "\udc80": 1}}]},
     "activities[0].params"),  # a bad key: the place is the object holding it
    ({"years": [{"year": 2024, "activities": []}, {"year": 2025, "activities": [{"name": "\ud800"}]}]},
     "years[1].activities[0].name"),
    ({"year": 2024, "activities": [[["\udfff"]]]}, "activities[0][0][0]"),
    ({"\ud800": 1}, ""),
])
def test_text_that_cannot_be_saved_is_named_by_its_place(record, path):
    with pytest.raises(RecordError) as caught:
        records.check_shape(record)
    assert caught.value.path == path
    assert f"记录的 {path or '内容'} 中有无法保存的字符" in caught.value.message


def test_nesting_too_deep_is_named_by_its_place():
    deep = inner = []
    for _ in range(records.MAX_DEPTH):
        inner.append([])
        inner = inner[0]
    with pytest.raises(RecordError) as caught:
        records.check_shape({"year": 2024, "notes": {"a": deep}})
    assert caught.value.path == "notes.a" + "[0]" * (records.MAX_DEPTH - 1)
    assert f"记录嵌套过深（超过 {records.MAX_DEPTH} 层）：notes.a" in caught.value.message
