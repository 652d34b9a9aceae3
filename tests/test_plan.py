"""怎么补 (calculator.plan): suggestions checked against the engine, and the CLI/API around them."""

import json
import subprocess
import sys

from hypothesis import HealthCheck, given, settings

from calculator import api, score
from calculator.plan import plan, with_added
from tests.golden import REPO
from tests.test_properties import POLICIES, records

TONGLU = POLICIES["zhejiang-tonglu-2018"]
EMPTY_2024 = {"format": 1, "policy": "zhejiang-tonglu-2018", "year": 2024, "activities": []}


def _line(result, line_id):
    lines = result["requirement"]["groups"] + [result["requirement"]["total"] or {}]
    return next(line for line in lines if line.get("id") == line_id)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records())
def test_adding_any_suggestion_meets_its_line(drawn):
    policy, record = drawn
    before = score(policy, record, lenient=True)
    found = plan(policy, record)
    unmet = [line["id"] for line in (before["requirement"] or {"groups": []})["groups"]
             + [before["requirement"]["total"] if before["requirement"] and before["requirement"]["total"] else {}]
             if line and not line["met"]]
    assert [line["id"] for line in found["lines"]] == unmet
    for line in found["lines"]:
        units = [option["units"] for option in line["options"] if option["closes"]]
        assert units == sorted(units)
        for option in line["options"]:
            if not option["closes"]:
                assert option["most"] > 0 and not option["activities"]
                continue
            after = score(policy, with_added(record, record["year"], option["activities"]), lenient=True)
            assert _line(after, line["id"])["met"], option["text"]


def test_tonglu_public_shortfall_by_course_credits_or_training_days():
    """桐庐 第十一条（一）: 面授培训1天折算为8学分 — 公需还差 18 学分 → 3 天 (2 天只有 16); 第八条 线上课程按学分."""
    found = plan(TONGLU, EMPTY_2024)
    public = next(line for line in found["lines"] if line["id"] == "public")
    options = {option["kind"]: option for option in public["options"]}
    assert public["shortfall"] == 18
    assert options["face_training"]["quantity"] == 3 and options["face_training"]["per_unit"] == 8
    assert options["face_training"]["category"] in ("public_industry", "public_general")
    assert options["online_course"]["quantity"] == 18
    assert "60 天内" in options["face_training"]["deadlines"][0]["summary"]  # 第十三条


def test_a_met_record_has_nothing_to_close():
    record = {**EMPTY_2024, "activities": [{"kind": "face_training", "params": {"days": 12}},
                                           {"kind": "face_training", "params": {"days": 3}, "category": "public_general"}]}
    assert plan(TONGLU, record)["lines"] == []


def test_plan_json_and_cli():
    answer = json.loads(api.plan_json(json.dumps(TONGLU), json.dumps(EMPTY_2024)))
    assert answer["ok"] and answer["plan"]["year"] == 2024
    bad = json.loads(api.plan_json(json.dumps(TONGLU), json.dumps({**EMPTY_2024, "year": 1990})))
    assert not bad["ok"] and "1990" in bad["error"]
    run = subprocess.run([sys.executable, "-m", "calculator", "plan", "zhejiang-tonglu-2018", "-", "--text"],
                         input=json.dumps(EMPTY_2024), capture_output=True, text=True, cwd=REPO, check=True)
    assert "公需科目" in run.stdout and "面授培训" in run.stdout and "3 天" in run.stdout
