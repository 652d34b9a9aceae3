"""Issue 11 §2: never a traceback — the CLI exits 2 naming the place, the API answers JSON with `ok`."""

import json
import os
import subprocess
import sys

import pytest

from calculator.api import batch_csv, deadlines_ics, score_json
from tests.golden import REPO

TONGLU = "zhejiang-tonglu-2018"
POLICY_JSON = (REPO / "build" / "policies" / f"{TONGLU}.json").read_text(encoding="utf-8")
GOOD = {"year": 2024, "activities": [{"kind": "face_training", "params": {"days": 2}, "name": "县卫健局业务培训"}]}


def run(*args, stdin=None, env=None):
    done = subprocess.run([sys.executable, "-m", "calculator", *args], cwd=REPO, input=stdin, capture_output=True,
                          timeout=60, env={**os.environ, **(env or {})})
    assert b"Traceback" not in done.stderr or "--debug" in args, done.stderr.decode("utf-8", "replace")
    return done


def score_file(tmp_path, data, *extra):
    path = tmp_path / "record.json"
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return run("score", TONGLU, str(path), *extra)


def test_a_gbk_record_file_is_read_as_chinese_windows_writes_it(tmp_path):
    done = score_file(tmp_path, json.dumps(GOOD, ensure_ascii=False).encode("gbk"))
    assert done.returncode == 0
    result = json.loads(done.stdout)
    assert result["activities"][0]["name"] == "县卫健局业务培训" and result["total"] == 16


def test_a_utf8_bom_is_accepted(tmp_path):
    done = score_file(tmp_path, b"\xef\xbb\xbf" + json.dumps(GOOD, ensure_ascii=False).encode("utf-8"))
    assert done.returncode == 0 and json.loads(done.stdout)["total"] == 16


def test_a_binary_file_says_it_is_not_text(tmp_path):
    done = score_file(tmp_path, b"PK\x03\x04\x00\x00binary")
    assert done.returncode == 2 and "不是文本文件".encode() in done.stderr


@pytest.mark.parametrize("text,message", [
    ('{"year": 2024, "activities": [{"kind": "face_training", "params": {"days": ' + "1" * 5000 + "}}]}",
     "位数过多的数字"),
    ("[" * 10000 + "]" * 10000, "嵌套层数过多"),
    ('{"year": 2024, "activities": [{"kind": "face_training", "params": {"days": 1}, "name": "\\ud800"}]}',
     "activities[0].name 中有无法保存的字符"),
    ('{"year": 2024, "activities": [{"kind": "\\udfff"}]}', "activities[0].kind 中有无法保存的字符"),
    ('{"year": 9999, "activities": [{"kind": "face_training", "params": {"days": 1}, "date": "9999-12-20"}]}',
     "年度必须在 1990—2100 之间"),
    ('{"years": [{"year": 2024, "activities": [{"kind": ["face_training"], "params": {"days": 1}}]}]}',
     "未知的活动类型「['face_training']」"),
])
def test_bad_input_exits_2_with_the_place_in_the_cli_and_is_an_answer_in_the_api(tmp_path, text, message):
    done = score_file(tmp_path, text)
    assert done.returncode == 2
    assert message in done.stderr.decode("utf-8")
    answer = json.loads(score_json(POLICY_JSON, text))
    assert answer["ok"] in (True, False)
    shown = answer.get("error", "") + json.dumps(answer.get("result", {}).get("errors", []), ensure_ascii=False)
    assert "计算出错" not in shown and "内部出错" not in shown


def test_ics_and_csv_into_a_missing_folder_exit_2(tmp_path):
    record = tmp_path / "r.json"
    record.write_text(json.dumps(GOOD), encoding="utf-8")
    missing = tmp_path / "no-such-folder"
    done = run("score", TONGLU, str(record), "--ics", str(missing / "d.ics"))
    assert done.returncode == 2 and f"无法写入 {missing / 'd.ics'}：文件夹 {missing} 不存在" in done.stderr.decode()
    done = run("batch", TONGLU, str(record), "-o", str(missing / "unit.csv"))
    assert done.returncode == 2 and "不存在" in done.stderr.decode()


def test_text_to_a_gbk_stdout_is_written_in_gbk(tmp_path):
    done = run("score", TONGLU, str(REPO / "examples" / "history" / f"{TONGLU}.json"), "--text",
               env={"PYTHONIOENCODING": "gbk"})
    assert done.returncode == 0
    text = done.stdout.decode("gbk")  # a Windows redirect: every byte GBK, marks in their GBK forms
    assert "第十五条" in text and ("√" in text or "×" in text)


def _broken_policies(tmp_path):
    """The compiled policies, with face_training's rule of an unknown kind: a fault of the engine's data."""
    folder = tmp_path / "policies"
    folder.mkdir()
    for path in (REPO / "build" / "policies").glob("*.json"):
        (folder / path.name).write_bytes(path.read_bytes())
    policy = json.loads(POLICY_JSON)
    for era in policy["eras"]:
        for kind in era["activities"]:
            if kind["id"] == "face_training":
                kind["rule"] = {"kind": "no-such-rule-kind"}
    (folder / f"{TONGLU}.json").write_text(json.dumps(policy, ensure_ascii=False), encoding="utf-8")
    return folder, json.dumps(policy, ensure_ascii=False)


def test_an_internal_fault_is_a_sentence_for_users_and_a_traceback_only_with_debug(tmp_path):
    folder, _ = _broken_policies(tmp_path)
    record = tmp_path / "r.json"
    record.write_text(json.dumps(GOOD), encoding="utf-8")
    done = run("score", TONGLU, str(record), env={"JXJY_POLICIES": str(folder)})
    assert done.returncode == 70 and "计算器内部出错".encode() in done.stderr
    debug = run("score", "--debug", TONGLU, str(record), env={"JXJY_POLICIES": str(folder)})
    assert debug.returncode == 70 and b"Traceback" in debug.stderr


def test_in_the_api_an_activity_the_engine_cannot_handle_marks_only_that_activity(tmp_path, capsys):
    _, broken = _broken_policies(tmp_path)
    record = {"year": 2024, "activities": [{"kind": "face_training", "params": {"days": 2}},
                                           {"kind": "patent", "params": {"patent_type": "invention"}}]}
    answer = json.loads(score_json(broken, json.dumps(record)))
    assert answer["ok"]
    assert answer["result"]["total"] == 90  # 第十一条（九）: the patent still counts
    [error] = answer["result"]["errors"]
    assert error["index"] == 0 and "第 1 项活动：计算器内部出错" in error["message"]
    assert "Traceback" in capsys.readouterr().err  # the worker's console, for developers


@pytest.mark.parametrize("named", ["{", "3", "null", "1" * 5000, "[" * 10000])
def test_batch_csv_of_something_that_is_not_a_list_of_pairs_is_an_answer(named):
    answer = json.loads(batch_csv(POLICY_JSON, named))
    assert answer["ok"] is False and "内部出错" not in answer["error"]
