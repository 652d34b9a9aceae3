"""Migrations (issue 14): a record saved under old names opens with a note, in the engine, the API,
the CLI and the batch; one that cannot be migrated names the item and keeps everything else.

The policies here are the compiled ones with a revision added that renames or removes something, as a
policy editor would write it after changing the file: the record uses the name the file had before."""

import copy
import json
import subprocess
import sys

import pytest

from calculator.policy_files.compiler import PolicyError, load_and_validate
from calculator import migrations
from calculator.api import batch_csv, score_json
from calculator.engine import score
from calculator.records import RecordError
from tests.golden import REPO

TONGLU = "zhejiang-tonglu-2018"
TONGLU_YAML = REPO / "policies" / f"{TONGLU}.yaml"


def compiled(policy_id=TONGLU):
    return json.loads((REPO / "build" / "policies" / f"{policy_id}.json").read_text(encoding="utf-8"))


def revised(*steps, policy_id=TONGLU, date="2026-12-15", reason=None):
    policy = copy.deepcopy(compiled(policy_id))
    policy["revisions"].append({"date": date, "summary": reason or "测试用的修订：改名与删除。", "migrate": list(steps)})
    return policy


def api(policy, record):
    return json.loads(score_json(json.dumps(policy, ensure_ascii=False), json.dumps(record, ensure_ascii=False)))


TODAY = {"format": 1, "policy": TONGLU, "year": 2024, "activities": [
    {"kind": "face_training", "params": {"days": 5}, "category": "professional"},
    {"kind": "paper", "params": {"journal": "core", "first_author": True}}]}


def test_a_renamed_kind_opens_with_its_note_and_the_same_figures():
    policy = revised({"rename": "kind", "from": "training", "to": "face_training"})
    old = copy.deepcopy(TODAY)
    old["activities"][0]["kind"] = "training"
    result = score(policy, old)
    assert result["total"] == score(compiled(), TODAY)["total"] == 40 + 35  # 第十一条（一）5×8；（八）2 核心期刊 25 + 第一作者 10
    [note] = result["migrations"]
    assert note["text"] == "记录中的活动类型「training」已按 2026-12-15 更新的政策文件改为「面授培训（face_training）」（第 1 项活动）"
    assert (note["from"], note["to"], note["places"]) == ("training", "face_training", ["第 1 项活动"])
    assert old["activities"][0]["kind"] == "training"  # the caller's record is not changed


def test_renamed_param_value_and_category_in_a_multi_year_record_all_get_notes():
    policy = revised({"rename": "param", "kind": "paper", "from": "level", "to": "journal"},
                     {"rename": "value", "kind": "paper", "param": "journal", "from": "core_journal", "to": "core"},
                     {"rename": "category", "from": "public", "to": "public_general"},
                     reason=None)
    old = {"format": 1, "policy": TONGLU, "years": [
        {"year": 2023, "activities": [{"kind": "online_course", "params": {"credits": 8}, "category": "public"}]},
        {"year": 2024, "activities": [{"kind": "degree_related"},
                                      {"kind": "paper", "params": {"level": "core_journal", "first_author": True}}]}]}
    answer = api(policy, old)
    assert answer["ok"], answer
    texts = [note["text"] for note in answer["result"]["migrations"]]
    assert texts == [
        "记录中的参数「level」已按 2026-12-15 更新的政策文件改为「刊物类型（journal）」（2024 年度第 2 项活动）",
        "记录中的取值「core_journal」已按 2026-12-15 更新的政策文件改为「核心期刊（core）」（2024 年度第 2 项活动）",
        "记录中的科目类别「public」已按 2026-12-15 更新的政策文件改为「一般公需科目（public_general）」（2023 年度第 1 项活动）",
    ]
    # The page adopts the migrated record the API sends back, so the form shows today's names.
    assert answer["record"]["years"][1]["activities"][1]["params"] == {"journal": "core", "first_author": True}
    years = {year["year"]: year for year in answer["result"]["years"]}
    assert years[2023]["totals"][2]["value"] == 8 and years[2024]["activities"][1]["counted"] == 35


def test_renames_follow_each_other_in_date_order():
    policy = revised({"rename": "kind", "from": "training_v1", "to": "training"}, date="2026-12-02")
    policy["revisions"].append({"date": "2026-12-20", "summary": "再次改名。",
                                "migrate": [{"rename": "kind", "from": "training", "to": "face_training"}]})
    old = copy.deepcopy(TODAY)
    old["activities"][0]["kind"] = "training_v1"
    result = score(policy, old)
    assert [note["to"] for note in result["migrations"]] == ["training", "face_training"]
    assert result["activities"][0]["counted"] == 40


def test_a_removed_kind_names_the_item_and_the_rest_still_computes():
    policy = revised({"remove": "kind", "id": "lecture", "replacement": "讲座请改填为「面授培训」，按天数计算。"})
    old = copy.deepcopy(TODAY)
    old["activities"].insert(1, {"kind": "lecture", "params": {"hours": 3}, "name": "县医院讲座"})
    answer = api(policy, old)
    assert answer["ok"]
    [error] = answer["result"]["errors"]
    assert error["index"] == 1
    assert error["message"] == ("第 2 项活动：记录中的活动类型「lecture」已在 2026-12-15 更新的政策文件中删除，无法自动换算："
                                "讲座请改填为「面授培训」，按天数计算。（其余内容照常计算，这一项请重新填写）")
    assert answer["result"]["total"] == 75  # the other two activities (40 + 35)
    assert "record" not in answer or answer["record"]["activities"][1] == old["activities"][1]  # nothing lost
    with pytest.raises(RecordError) as caught:  # the CLI's strict scoring stops with the same message
        score(policy, old)
    assert caught.value.message == error["message"] and caught.value.path == "activities[1].kind"


def test_a_removed_value_and_a_removed_param():
    policy = revised({"remove": "value", "kind": "paper", "param": "journal", "id": "sci",
                      "replacement": "SCI 收录的论文请选「核心期刊」。"},
                     {"remove": "param", "kind": "face_training", "id": "hours", "replacement": "培训只按天数计算。"})
    old = copy.deepcopy(TODAY)
    old["activities"][0]["params"]["hours"] = 40
    old["activities"][1]["params"]["journal"] = "sci"
    answer = api(policy, old)
    [note] = answer["result"]["migrations"]
    assert note["text"] == "记录中的参数「hours」（40）已按 2026-12-15 更新的政策文件删除（第 1 项活动）：培训只按天数计算。"
    [error] = answer["result"]["errors"]
    assert error["path"] == "activities[1].params.journal" and "「sci」已在 2026-12-15 更新的政策文件中删除" in error["message"]
    assert "SCI 收录的论文请选「核心期刊」。" in error["message"]


def test_a_renamed_person_field():
    policy = revised({"rename": "param", "person": True, "from": "phd", "to": "doctor"}, policy_id="hunan-yiyang-2018")
    record = {"format": 1, "policy": "hunan-yiyang-2018", "target_year": 2020, "person": {"phd": True},
              "years": [{"year": 2019, "activities": []}]}
    result = score(policy, record)
    assert result["person"]["doctor"] is True
    assert result["migrations"][0]["text"].startswith("记录中的个人信息「phd」已按 2026-12-15 更新的政策文件改为「")


def test_the_cli_and_the_batch_migrate_too(tmp_path):
    policy = revised({"rename": "kind", "from": "training", "to": "face_training"})
    folder = tmp_path / "policies"
    folder.mkdir()
    (folder / f"{TONGLU}.json").write_text(json.dumps(policy, ensure_ascii=False), encoding="utf-8")
    (folder / "index.json").write_text((REPO / "build" / "policies" / "index.json").read_text(encoding="utf-8"),
                                       encoding="utf-8")
    old = copy.deepcopy(TODAY)
    old["activities"][0]["kind"] = "training"
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "calculator", "score", TONGLU, str(path)], cwd=REPO,
                          capture_output=True, text=True, timeout=60,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), "JXJY_POLICIES": str(folder)})
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["migrations"][0]["to"] == "face_training"
    done = subprocess.run([sys.executable, "-m", "calculator", "score", TONGLU, str(path), "--text"], cwd=REPO,
                          capture_output=True, text=True, timeout=60,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), "JXJY_POLICIES": str(folder)})
    assert done.returncode == 0, done.stderr
    assert ("记录已按更新后的政策文件转换：\n- 记录中的活动类型「training」已按 2026-12-15 更新的政策文件改为"
            "「面授培训（face_training）」（第 1 项活动）") in done.stdout
    table = json.loads(batch_csv(json.dumps(policy, ensure_ascii=False), json.dumps([["张三", old]], ensure_ascii=False)))
    assert table["ok"] and table["table"]["rows"][0][0] == "张三"
    row = table["table"]["rows"][0]
    assert "75" in [str(cell) for cell in row]
    assert "记录中的活动类型「training」已按 2026-12-15 更新的政策文件改为「面授培训（face_training）」（第 1 项活动）" in row[-1]


def test_records_with_nothing_to_migrate_keep_the_result_shape():
    assert "migrations" not in score(compiled(), TODAY)
    assert "record" not in api(compiled(), TODAY)
    assert migrations.migrate(compiled(), TODAY) == (TODAY, [], {})


# --- what the compiler refuses -------------------------------------------------------------------

def _added():
    """The path of the revision with_revision appends (after the policy file's own revisions)."""
    import yaml
    return f"/revisions/{len(yaml.safe_load(TONGLU_YAML.read_text(encoding='utf-8'))['revisions'])}"


def with_revision(tmp_path, step):
    text = TONGLU_YAML.read_text(encoding="utf-8")
    path = tmp_path / TONGLU_YAML.name
    path.write_text(text + f'  - date: "2026-12-15"\n    summary: 测试用的修订。\n    migrate:\n      - {step}\n', encoding="utf-8")
    return path


def compile_problems(path):
    with pytest.raises(PolicyError) as caught:
        load_and_validate(path)
    return caught.value.problems


def test_renaming_away_from_a_name_still_in_use_stops_the_build(tmp_path):
    path = with_revision(tmp_path, "{rename: kind, from: paper, to: face_training}")
    [problem] = compile_problems(path)
    line = len(path.read_text(encoding="utf-8").splitlines())
    assert problem == f"{path}:{line}: {_added()}/migrate/0: 「paper」仍是当前政策文件中的活动类型，不能再把它迁移走"


def test_renaming_to_a_name_that_does_not_exist_stops_the_build(tmp_path):
    path = with_revision(tmp_path, "{rename: value, kind: paper, param: journal, from: hexin, to: core_journal}")
    [problem] = compile_problems(path)
    assert problem.endswith(f"{_added()}/migrate/0: 迁移的目标取值「core_journal」在当前政策文件中不存在")


def test_a_removal_needs_its_replacement(tmp_path):
    path = with_revision(tmp_path, "{remove: kind, id: lecture}")
    [problem] = compile_problems(path)
    assert f"{_added()}/migrate/0: 不符合 schema" in problem


def test_the_compiled_policy_carries_its_version():
    for path in sorted((REPO / "build" / "policies").glob("*-*.json")):
        policy = json.loads(path.read_text(encoding="utf-8"))
        assert set(policy["version"]) == {"hash", "date", "revisions"}
        assert policy["version"]["revisions"] == len(policy["revisions"])
        assert len(policy["version"]["hash"]) == 16
        assert policy["version"]["date"] == max(revision["date"] for revision in policy["revisions"])


def test_a_param_change_must_name_its_kind_and_a_kind_change_must_not(tmp_path):
    found = compile_problems(with_revision(tmp_path, "{rename: param, from: level, to: journal}"))
    assert found and all(f"{_added()}/migrate/0: " in problem and "kind" in problem for problem in found)
    path = with_revision(tmp_path, "{rename: kind, kind: paper, from: thesis, to: paper}")
    [problem] = compile_problems(path)
    assert problem.endswith(f"{_added()}/migrate/0: 参数和取值的转换须写明所属的 kind 或 person: true（只写一个），活动类型和科目类别的转换不写")
