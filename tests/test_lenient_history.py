"""A multi-year record with a wrong target year, a year entered twice or a wrong personal detail: the
lenient path (the page, the batch) marks that one place and computes everything else; the strict path
(the CLI) still refuses the record with the place."""

import copy
import json

import pytest

from calculator.api import batch_csv, score_json
from calculator.engine import score
from calculator.records import RecordError
from tests.golden import REPO

TONGLU, YIYANG, JINHUA = "zhejiang-tonglu-2018", "hunan-yiyang-2018", "zhejiang-jinhua-skills-2020"
MET = [{"kind": "degree_related"}, {"kind": "online_course", "params": {"credits": 18}, "category": "public_general"}]
SHORT = [{"kind": "face_training", "params": {"days": 5}, "date": "2023-12-12"}]


def policy_text(policy_id):
    return (REPO / "build" / "policies" / f"{policy_id}.json").read_text(encoding="utf-8")


def api(record, policy_id=TONGLU):
    answer = json.loads(score_json(policy_text(policy_id), json.dumps(record, ensure_ascii=False)))
    assert answer["ok"] is True, answer
    return answer["result"]


def strict(record, policy_id=TONGLU):
    return score(json.loads(policy_text(policy_id)), copy.deepcopy(record))


def tonglu_record(**extra):
    return {"format": 1, "policy": TONGLU, "target_year": 2025, **extra,
            "years": [{"year": 2022, "activities": [dict(SHORT[0], date="2022-06-30")]},
                      {"year": 2023, "activities": SHORT}, {"year": 2024, "activities": MET}]}


def checks_of(result):
    return {check["id"]: check for check in result["checks"]}


@pytest.mark.parametrize("target", [20255, "abc", 2025.5, True])
def test_a_wrong_target_year_leaves_every_year_scored_and_the_title_check_to_be_confirmed(target):
    record = tonglu_record(target_year=target)
    result = api(record)
    cleaned = strict({key: value for key, value in record.items() if key != "target_year"})
    assert result["years"] == cleaned["years"] and result["deadlines"] == cleaned["deadlines"]
    [error] = result["errors"]
    assert error["path"] == "target_year" and error["message"].startswith("申报年度必须")
    assert result["target_year"] is None
    # 桐庐 第十五条 近三年 needs the target year: 待确认, saying the target year is wrong
    title = checks_of(result)["title-recommendation"]
    assert title["met"] is None and "申报年度填写有误" in title["text"] and title["errors"] == [error]
    # 第十四条 (each year, two years running) does not: as without a target year
    for check_id, check in checks_of(cleaned).items():
        if check_id != "title-recommendation":
            assert checks_of(result)[check_id] == check
    with pytest.raises(RecordError) as raised:  # the CLI's path: refused, with the place
        strict(record)
    assert raised.value.path == "target_year"


def test_a_year_entered_twice_is_scored_neither_time_and_named_at_both_places():
    record = tonglu_record()
    record["years"].append({"year": 2023, "activities": MET})  # 2023 again, now with enough 学分
    result = api(record)
    cleaned = strict({**record, "years": [entry for entry in record["years"] if entry["year"] != 2023]})
    assert [year["year"] for year in result["years"]] == [2022, 2024]
    assert result["years"] == cleaned["years"]  # 2023 counted neither once nor twice
    assert [error["path"] for error in result["errors"]] == ["years[1].year", "years[3].year"]
    for error in result["errors"]:
        assert "2023 年度重复出现（第 2、4 个年度）" in error["message"] and "都不计算" in error["message"]
    checks = checks_of(result)
    # 第十五条: 2022 unmet decides the application whatever 2023 holds; 第十四条 两个年度: 2022 and 2023
    # unmet would be a run, so it waits for 2023; each year: 2022 is unmet whatever 2023 holds
    assert checks["title-recommendation"]["met"] is False
    assert checks["appraisal-two-years"]["met"] is None and "2023 年度重复出现" in checks["appraisal-two-years"]["text"]
    assert checks["appraisal-two-years"]["errors"] == result["errors"]  # the check names both places
    assert checks["appraisal-excellent"]["met"] is False
    assert {finding["year"] for finding in checks["title-recommendation"]["findings"]} == {2022, 2023}
    with pytest.raises(RecordError) as raised:
        strict(record)
    assert raised.value.path == "years[3].year" and raised.value.message == "2023 年度重复出现"


def test_a_year_entered_twice_leaves_an_otherwise_met_application_to_be_confirmed():
    record = {"target_year": 2025, "years": [{"year": year, "activities": MET} for year in (2022, 2023, 2024)]}
    record["years"].insert(1, {"year": 2023, "activities": []})
    checks = checks_of(api(record))
    assert checks["title-recommendation"]["met"] is None  # 2023 could be either entry
    assert checks["appraisal-excellent"]["met"] is None and checks["appraisal-two-years"]["met"] is None


def test_a_spread_activity_is_not_carried_into_a_year_entered_twice():
    aid = {"kind": "aid_over_one_year", "params": {"start_year": 2019, "end_year": 2021, "passed": True}}
    record = {"years": [{"year": 2019, "activities": [aid]}, {"year": 2020}, {"year": 2020}]}
    result = api(record, YIYANG)
    assert [year["year"] for year in result["years"]] == [2019, 2021]
    assert [year["total"] for year in result["years"]] == [90, 90]


def test_a_wrong_personal_detail_is_marked_and_the_rest_computed():
    # 益阳 三、近5年（博士近2年）: whether the person is a doctor decides the window, so 待确认
    record = {"target_year": 2024, "person": {"doctor": "是的"},
              "years": [{"year": 2023, "activities": [{"kind": "online_course", "params": {"hours": 90}}]}]}
    result = api(record, YIYANG)
    cleaned = strict({**record, "person": {}}, YIYANG)
    assert result["years"] == cleaned["years"]
    [error] = result["errors"]
    assert error["path"] == "person.doctor" and "「博士」" in error["message"]
    assert result["person"] == {"doctor": None}
    senior = checks_of(result)["senior-title"]
    assert senior["met"] is None and "个人信息填写有误" in senior["text"] and senior["errors"] == [error]
    with pytest.raises(RecordError) as raised:
        strict(record, YIYANG)
    assert raised.value.path == "person.doctor"


def test_a_misspelt_personal_detail_is_named_and_the_others_read():
    record = {"person": {"target_grade": "grade3", "last_promotoin_year": 2020},
              "years": [{"year": 2023, "activities": [{"kind": "online_course", "params": {"credits": 100}}]}]}
    result = api(record, JINHUA)
    [error] = result["errors"]
    assert error["path"] == "person.last_promotoin_year" and "last_promotion_year" in error["message"]
    early = checks_of(result)["early-application"]
    assert early["met"] is True and early["early_years"] == 2  # the grade was read; the misspelt key is left aside


def test_a_wrong_reset_year_leaves_the_early_application_to_be_confirmed():
    record = {"person": {"target_grade": "grade3", "last_promotion_year": 1800},
              "years": [{"year": 2023, "activities": [{"kind": "online_course", "params": {"credits": 100}}]}]}
    result = api(record, JINHUA)
    assert [error["path"] for error in result["errors"]] == ["person.last_promotion_year"]
    early = checks_of(result)["early-application"]
    assert early["met"] is None and [e["path"] for e in early["errors"]] == ["person.last_promotion_year"]
    assert "errors" not in checks_of(result)["training-programme"]  # 近一年 does not read it
    assert result["years"] == strict({**record, "person": {"target_grade": "grade3"}}, JINHUA)["years"]


def test_batch_keeps_the_years_of_a_person_with_a_wrong_target_year():
    record = tonglu_record(target_year="abc")
    record["years"].append({"year": 2023, "activities": MET})
    answer = json.loads(batch_csv(policy_text(TONGLU), json.dumps([["张三", record]], ensure_ascii=False)))
    columns, rows = answer["table"]["columns"], answer["table"]["rows"]
    met, year = columns.index("是否达标"), columns.index("年度")
    assert [(row[year], row[met]) for row in rows] == [(2022, "未达标"), (2023, "无法核对"), (2024, "达标")]
    assert "重复出现" in rows[1][-1]
    checks = rows[2][columns.index("跨年度要求")]
    assert checks.startswith("申报年度必须") and "申报年度填写有误" in checks


def test_a_sheet_with_a_wrong_target_year_cell_still_gives_the_persons_years():
    from calculator.batch import Batch
    sheet = ("工号或身份证号,姓名,年度,申报年度,活动类型,培训天数\r\n"
             "001,张三,2023,二〇二五,面授培训,5\r\n"
             "001,张三,2024,,面授培训,20\r\n"
             "002,李四,2024,2025,面授培训,20\r\n")
    batch = Batch.from_files(json.loads(policy_text(TONGLU)), [("单位.csv", sheet.encode("utf-8"))]).run()
    table = batch.table()
    columns, rows = table["columns"], table["rows"]
    zhang = [row for row in rows if row[0].startswith("张三")]
    assert [(row[1], row[columns.index("是否达标")]) for row in zhang] == [(2023, "未达标"), (2024, "未达标")]
    assert [(row[1], row[columns.index("合计")]) for row in zhang] == [(result["year"], result["total"]) for result in strict(
        {"years": [{"year": 2023, "activities": [{"kind": "face_training", "params": {"days": 5}}]},
                   {"year": 2024, "activities": [{"kind": "face_training", "params": {"days": 20}}]}]})["years"]]
    checks = zhang[-1][columns.index("跨年度要求")]
    assert "申报年度" in checks and "请填写申报年度" in checks  # the cell's problem, then the check waiting for it
    [problem] = batch.problem_rows
    assert problem[0].startswith("张三") and problem[2] == 2 and "申报年度" in problem[3]


def test_the_batch_drill_down_names_a_json_records_wrong_target_year():
    from calculator.batch_job import BatchJob
    record = tonglu_record(target_year=20255)
    job = BatchJob(policy_text(TONGLU), [["张三.json", json.dumps(record, ensure_ascii=False).encode("utf-8")]])
    job.step()
    table = json.loads(job.answer())
    assert [row[table["columns"].index("是否达标")] for row in table["rows"]] == ["未达标", "未达标", "达标"]
    person = json.loads(job.person(0))
    assert person["problems"] == ["申报年度必须在 1990—2100 之间，实际为 20255"]
    assert [year["year"] for year in person["result"]["years"]] == [2022, 2023, 2024]


def test_a_year_the_policy_does_not_cover_is_named_and_the_other_years_scored():
    record = tonglu_record()
    record["years"].insert(0, {"year": 2016, "activities": [SHORT[0]]})  # 桐庐 applies from 2018
    result = api(record)
    assert result["years"] == strict({**record, "years": record["years"][1:]})["years"]
    [error] = result["errors"]
    assert error["path"] == "years[0].year" and "不适用于 2016 年度" in error["message"]
    with pytest.raises(RecordError) as raised:
        strict(record)
    assert raised.value.path == "years[0].year"
    rows = json.loads(batch_csv(policy_text(TONGLU), json.dumps([["张三", record]], ensure_ascii=False)))["table"]["rows"]
    assert [(row[1], row[7]) for row in rows] == [(2016, "无法核对"), (2022, "未达标"), (2023, "未达标"), (2024, "达标")]
