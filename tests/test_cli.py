"""python -m calculator: every command, the examples of all policies, and bad input exiting 2."""

import copy
import json
import subprocess
import sys

import pytest

from tests.golden import REPO

EXAMPLES = sorted((REPO / "examples").glob("*.json"))


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "calculator", *args], cwd=REPO, input=stdin,
                          capture_output=True, text=True, timeout=60)


def test_policies_lists_all_five():
    done = run("policies")
    assert done.returncode == 0
    ids = [line.split("\t")[0] for line in done.stdout.splitlines()]
    assert ids == sorted(p.stem for p in (REPO / "policies").glob("*.yaml"))
    assert len(ids) == 5


def test_describe_gives_kinds_params_and_labels():
    done = run("describe", "zhejiang-tonglu-2018")
    data = json.loads(done.stdout)
    paper = next(k for k in data["eras"][0]["activities"] if k["id"] == "paper")
    assert paper["label"] == "发表论文（译文）"
    assert [o["label"] for o in paper["params"][0]["options"]][0] == "核心期刊"


def test_every_policy_has_an_example():
    assert sorted(p.stem for p in EXAMPLES) == sorted(p.stem for p in (REPO / "policies").glob("*.yaml"))


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_examples_score_as_json_and_as_text(example):
    record = json.loads(example.read_text(encoding="utf-8"))
    done = run("score", record["policy"], str(example))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["policy"]["id"] == record["policy"]
    assert len(result["activities"]) == len(record["activities"])
    text = run("score", record["policy"], str(example), "--text")
    assert text.returncode == 0
    assert f"合计：{result['total']} {result['unit']}" in text.stdout


def test_tonglu_example_figures():
    # 面授 5 天 40；线上 20；同一成果的论文 35 与市厅级课题 50 只计 50；2.5 万字著作 30（第十一条）
    result = json.loads(run("score", "zhejiang-tonglu-2018", "examples/zhejiang-tonglu-2018.json").stdout)
    assert [a["counted"] for a in result["activities"]] == [40, 20, 0, 50, 30]
    assert result["total"] == 140 and result["requirement"]["met"]


def test_binzhou_example_figures():
    # 附件 一: 公需 25 + 专业 60 + 15 学时论文 → 公需 30、专业 70
    result = json.loads(run("score", "shandong-binzhou-2021", "examples/shandong-binzhou-2021.json").stdout)
    assert {t["category"]: t["value"] for t in result["totals"]} == {"public": 30, "professional": 70}
    assert result["requirement"]["met"]


def test_record_from_stdin():
    record = {"year": 2024, "activities": [{"kind": "patent", "params": {"patent_type": "invention"}}]}
    done = run("score", "zhejiang-tonglu-2018", "-", stdin=json.dumps(record))
    assert json.loads(done.stdout)["total"] == 90


@pytest.mark.parametrize("args, stdin, message", [
    (("score", "nowhere-2000", "-"), "{}", "未知的政策「nowhere-2000」"),
    (("score", "zhejiang-tonglu-2018", "-"), '{"year": 2024, "activities": [{"kind": "magic"}]}',
     "第 1 项活动：未知的活动类型「magic」"),
    (("score", "zhejiang-tonglu-2018", "-"), '{"year": 2024, "activities": [{"kind": "book", "params": {}}]}',
     "第 1 项活动（出版著作（译作））：「本人撰写字数」必须填写"),
    (("score", "zhejiang-tonglu-2018", "-"),
     '{"year": 2024, "activities": [{"kind": "face_training", "params": {"days": 1}},'
     ' {"kind": "paper", "params": {"journal": "nature"}}]}',
     "第 2 项活动（发表论文（译文））：「刊物类型」的取值「nature」无效"),
    (("score", "zhejiang-tonglu-2018", "-"), '{"year": 2016, "activities": []}', "不适用于 2016 年度"),
    (("score", "zhejiang-tonglu-2018", "-"), '{"year": 2024, "activities": [', "第 1 行第 31 列不是有效的 JSON"),
    (("score", "zhejiang-tonglu-2018", "missing.json"), None, "无法读取记录文件 missing.json"),
])
def test_bad_input_exits_2_with_a_chinese_message_and_no_traceback(args, stdin, message):
    done = run(*args, stdin=stdin)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_validate_passes_on_the_policies_and_fails_with_file_line(tmp_path):
    assert run("validate").returncode == 0
    bad = tmp_path / "zhejiang-tonglu-2018.yaml"
    text = (REPO / "policies" / "zhejiang-tonglu-2018.yaml").read_text(encoding="utf-8")
    line = text.split("\n").index("unit: 学分") + 1
    bad.write_text(text.replace("unit: 学分\ncategories", "unit: 学点\ncategories"), encoding="utf-8")
    done = run("validate", str(bad))
    assert done.returncode == 2
    assert f"{bad}:{line}: /unit: 不符合 schema" in done.stderr


def test_text_shows_every_step_and_note_of_each_activity(compiled_policies):
    """--text hides nothing the JSON explains, e.g. 「没有适用的折算标准，计 0」 of a lookup without a row."""
    from calculator.engine import score
    from calculator.text import summary

    policy = copy.deepcopy(compiled_policies["zhejiang-tonglu-2018"])
    patent = next(k for k in policy["eras"][0]["activities"] if k["id"] == "patent")
    patent["rule"]["rows"] = patent["rule"]["rows"][:1]  # no row for a design patent now
    record = {"format": 1, "policy": "zhejiang-tonglu-2018", "year": 2024,
              "activities": [{"kind": "face_training", "params": {"days": 2}},
                             {"kind": "patent", "params": {"patent_type": "design"}}]}
    result = score(policy, record)
    text = summary(result)
    shown = [step["text"] for activity in result["activities"] for step in activity["steps"]]
    shown += [note["text"] for activity in result["activities"] for note in activity["notes"]]
    assert "没有适用的折算标准，计 0" in shown
    assert all(item in text for item in shown)
