"""Multi-year records through the CLI, and the deadlines as an .ics file a calendar library reads."""

import datetime
import json

from icalendar import Calendar

from tests.test_cli import run


def test_multi_year_text_prints_the_per_year_table_and_the_checks():
    done = run("score", "zhejiang-tonglu-2018", "examples/history/zhejiang-tonglu-2018.json", "--text")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "2022\t学分\t40\t0\t0\t40\t未达标" in lines
    assert "2024\t学分\t125\t0\t18\t143\t达标" in lines
    assert any(line.startswith("✘ 不满足 近三年完成学分要求（推荐职称评审和晋升岗位等级的条件）") and "第十五条" in line for line in lines)


def test_ics_holds_the_registration_deadlines(tmp_path):
    path = tmp_path / "deadlines.ics"
    done = run("score", "zhejiang-tonglu-2018", "examples/history/zhejiang-tonglu-2018.json", "--ics", str(path))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    calendar = Calendar.from_ical(path.read_bytes())
    events = [c for c in calendar.walk() if c.name == "VEVENT"]
    # 第十三条: 2022-06-30 + 60 天 = 2022-08-29; 2023-12-12 是 12 月 → 2023-12-30; 2024-09-01 + 60 天 = 2024-10-31
    assert [e.decoded("DTSTART") for e in events] == [
        datetime.date(2022, 8, 29), datetime.date(2023, 12, 30), datetime.date(2024, 10, 31)]
    assert [d["date"] for d in result["deadlines"]] == ["2022-08-29", "2023-12-30", "2024-10-31"]
    assert str(events[0]["SUMMARY"]) == "线下学分申报截止：面授培训"
    assert "第十三条" in str(events[2]["DESCRIPTION"]) and "慢病管理研究" in str(events[2]["SUMMARY"])


def test_a_bad_year_in_a_multi_year_record_names_the_year():
    record = {"years": [{"year": 2024, "activities": []}, {"year": 2024, "activities": []}]}
    done = run("score", "zhejiang-tonglu-2018", "-", stdin=json.dumps(record))
    assert done.returncode == 2 and "2024 年度重复出现" in done.stderr
