"""The editor's path end to end: `new` → fill the skeleton from a notice → `validate` → `score` →
build (compiled JSON, the policy's guide page, the comparison page). The notice is a small one
written for this test (a made-up county), so every value below is read from it by hand."""

import json
import os
import shutil
import subprocess
import sys

import yaml

from build_scripts.guide import site
from calculator import policy_files
from calculator.policy_files.compiler import compile_all
from tests.golden import REPO
from tests.test_golden import check

POLICY_ID = "zhejiang-ceshi-2024"
NOTICE = """测试县人力资源和社会保障局
测人社发〔2024〕9号
关于印发《测试县专业技术人员继续教育学分管理办法》的通知
各有关单位：现将《测试县专业技术人员继续教育学分管理办法》印发给你们，请遵照执行。
测试县人力资源和社会保障局
2024年5月6日

测试县专业技术人员继续教育学分管理办法
第一条 本办法适用于全县各类单位的专业技术人员。
第二条 每年累计不少于90学分，其中专业科目不少于60学分，公需科目不少于30学分。
第三条 参加面授培训1天折算为8学分，根据培训内容计入专业科目或公需科目。
第四条 参加专业相关的学历教育，每年折算专业科目学分90分；非专业相关的学历教育，每年折算公需科目学分30分。
第五条 学分申报须在项目结束后30天之内完成，12月20日后不再受理当年度学分申报。
第六条 未完成年度学分要求的，当年度考核等次不得评为优秀。
第七条 近三年未完成规定学分要求的，不得推荐职称评审。
"""


def run(*args, root):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "calculator", *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=120)


def strings(node):
    if isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)
    elif isinstance(node, str):
        yield node


def fill_policy(policy):
    """What an editor writes from the notice above, into the skeleton `new` made."""
    cited = lambda article, clause: {"article": article, "clause": clause}  # noqa: E731
    policy.update(
        short_title="测试县 2024", issuer=["测试县人力资源和社会保障局"],
        region={"province": "浙江省", "city": "杭州市", "county": "测试县"},
        scope=cited("第一条", "本办法适用于全县各类单位的专业技术人员。"))
    era = policy["eras"][0]
    era["label"] = "学分制"
    era["requirement"]["total"].update(min=90, **cited("第二条", "每年累计不少于90学分"))
    professional, public = era["requirement"]["groups"]
    professional.update(min=60, **cited("第二条", "其中专业科目不少于60学分"))
    public.update(min=30, **cited("第二条", "公需科目不少于30学分。"))
    training = era["activities"][0]
    training.update(label="面授培训", category={"choose": ["professional", "public"], "default": "professional"},
                    **cited("第三条", "参加面授培训1天折算为8学分，根据培训内容计入专业科目或公需科目。"))
    training["rule"]["terms"][0]["rate"] = 8
    era["activities"].append({
        "id": "degree", "label": "学历教育", "params": [{"id": "related", "label": "与专业相关", "type": "boolean"}],
        **cited("第四条", "参加专业相关的学历教育，每年折算专业科目学分90分；非专业相关的学历教育，每年折算公需科目学分30分。"),
        # the category depends on the answer (issue 17, item 6)
        "category": {"depends": [{"when": {"related": True}, "category": "professional"}], "default": "public"},
        "rule": {"kind": "lookup", "rows": [
            {"when": {"related": True}, "value": 90, "explain": "专业相关的学历教育，每年 90 学分（专业科目）"},
            {"when": {"related": False}, "value": 30, "explain": "非专业相关的学历教育，每年 30 学分（公需科目）"}]}})
    [deadline] = policy["deadlines"]
    deadline.update(label="学分申报", summary="项目结束后 30 天内申报；12 月 20 日后不再受理当年度申报。",
                    rule={"kind": "after_end", "days": 30, "closes": "12-20"},  # a year-end closing
                    interpretations=["ceshi-days"],
                    **cited("第五条", "学分申报须在项目结束后30天之内完成，12月20日后不再受理当年度学分申报。"))
    [consequence] = policy["consequences"]
    consequence.update(summary="未完成年度学分要求的，当年度考核不得评为优秀。",
                       **cited("第六条", "未完成年度学分要求的，当年度考核等次不得评为优秀。"))
    policy["multi_year"] = [
        {"id": "appraisal", "kind": "each_unmet", "label": "年度考核不得评为优秀", "consequence": "当年度考核等次不得评为优秀",
         **cited("第六条", "未完成年度学分要求的，当年度考核等次不得评为优秀。")},
        {"id": "title", "kind": "recent_all_met", "label": "推荐职称评审", "window": 3, "purpose": "职称评审",
         "consequence": "不得推荐职称评审", "interpretations": ["ceshi-recent"],
         **cited("第七条", "近三年未完成规定学分要求的，不得推荐职称评审。")}]
    policy["interpretations"] = [
        {"id": "ceshi-days", "topic": "30 天从哪天算起", "article": "第五条",
         "reading": "从项目结束的当天起算 30 天（结束日加 30 天为最后一天），这是较早的读法；若从次日起算，期限晚一天。"},
        {"id": "ceshi-recent", "topic": "近三年", "article": "第七条",
         "reading": "近三年指申报年度之前的三个年度，未录入的年度视为未完成；若主管部门另有认定，以其为准。"}]
    return policy


GOLDEN = [
    {"name": "面授培训2天计16学分，计入所选公需科目", "article": "第三条", "derivation": "2 天 × 8 = 16",
     "record": {"year": 2024, "activities": [{"kind": "training", "params": {"days": 2}, "category": "public"}]},
     "expect": {"activities": [{"counted": 16, "categories": {"public": 16}}], "total": 16}},
    {"name": "学历教育：专业相关计专业科目90，不相关计公需科目30", "article": "第四条",
     "derivation": "相关 90 专业；不相关 30 公需；合计 120 ≥ 90，专业 90 ≥ 60，公需 30 ≥ 30，达标",
     "record": {"year": 2024, "activities": [{"kind": "degree", "params": {"related": True}},
                                             {"kind": "degree", "params": {"related": False}}]},
     "expect": {"totals": {"professional": 90, "public": 30}, "total": 120,
                "requirement": {"met": True, "shortfall": {"professional": 0, "public": 0, "total": 0}}}},
]


def test_new_fill_validate_score_and_build(tmp_path):
    root = tmp_path / "project"
    (root / "docs").mkdir(parents=True)
    shutil.copy(REPO / "docs" / "comparison.yaml", root / "docs" / "comparison.yaml")
    notice = tmp_path / "notice.txt"
    notice.write_text(NOTICE, encoding="utf-8")

    made = run("new", POLICY_ID, "--notice", str(notice), "--root", str(root), root=tmp_path)
    assert made.returncode == 0, made.stderr
    policy_path = root / "policies" / f"{POLICY_ID}.yaml"
    golden_path = root / "tests" / "golden" / f"{POLICY_ID}.yaml"
    [seed] = (root / "policies" / "sources").glob("*.txt")
    assert seed.read_text(encoding="utf-8") == NOTICE

    # the skeleton: every block an editor fills, what the notice says plainly already read
    skeleton = yaml.safe_load(policy_path.read_text(encoding="utf-8"))
    assert {"categories", "eras", "multi_year", "deadlines", "consequences", "interpretations"} <= set(skeleton)
    assert {"requirement", "activities"} <= set(skeleton["eras"][0])
    assert skeleton["document_number"] == "测人社发〔2024〕9号" and skeleton["issued"] == "2024-05-06"
    assert skeleton["title"] == "关于印发《测试县专业技术人员继续教育学分管理办法》的通知"
    assert skeleton["seed"] == seed.name
    assert any("TODO" in text for text in strings(skeleton))

    # validate lists the TODOs left in the policy, its golden cases and its comparison entry
    checked = run("validate", str(policy_path), root=tmp_path)
    assert checked.returncode == 2
    assert "TODO 待填写" in checked.stderr
    for path in (policy_path, golden_path, root / "docs" / "comparison.yaml"):
        assert f"{path}:" in checked.stderr and "待填写" in checked.stderr

    # fill it in as an editor would, from the notice
    policy_path.write_text(yaml.safe_dump(fill_policy(skeleton), allow_unicode=True, sort_keys=False), encoding="utf-8")
    golden = yaml.safe_load(golden_path.read_text(encoding="utf-8"))
    assert golden["policy"] == POLICY_ID and {"name", "article", "derivation", "record", "expect"} <= set(golden["cases"][0])
    golden["cases"] = GOLDEN
    golden_path.write_text(yaml.safe_dump(golden, allow_unicode=True, sort_keys=False), encoding="utf-8")
    comparison = yaml.safe_load((root / "docs" / "comparison.yaml").read_text(encoding="utf-8"))
    assert set(comparison["policies"][POLICY_ID]) == {c["id"] for c in comparison["activities"]}
    comparison["policies"][POLICY_ID] = {"training_day": {"kind": "training", "params": {"days": 1}},
                                         "core_paper_first": None, "invention_patent": None,
                                         "provincial_project": None, "qualification_exam": None}
    (root / "docs" / "comparison.yaml").write_text(yaml.safe_dump(comparison, allow_unicode=True, sort_keys=False),
                                                   encoding="utf-8")

    checked = run("validate", str(policy_path), root=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.strip() == f"{policy_path}: 通过"

    # score and describe the file directly, no build needed
    record = tmp_path / "record.json"
    for case in GOLDEN:
        record.write_text(json.dumps({"format": 1, "policy": POLICY_ID, **case["record"]}), encoding="utf-8")
        scored = run("score", str(policy_path), str(record), root=tmp_path)
        assert scored.returncode == 0, scored.stderr
        check(json.loads(scored.stdout), case["expect"])
    record.write_text(json.dumps({"format": 1, "policy": POLICY_ID, "year": 2024, "activities": [
        {"kind": "training", "params": {"days": 1}, "date": "2024-12-01"}]}), encoding="utf-8")
    text = run("score", str(policy_path), str(record), "--text", root=tmp_path)
    assert text.returncode == 0, text.stderr
    assert "截止 2024-12-20" in text.stdout and "本站解读（30 天从哪天算起）" in text.stdout  # year-end closing
    described = run("describe", str(policy_path), root=tmp_path)
    assert described.returncode == 0, described.stderr
    assert [k["id"] for k in json.loads(described.stdout)["eras"][0]["activities"]] == ["training", "degree"]

    # build: compiled with the other policies, its guide page and the comparison page
    for other in (REPO / "policies").glob("*.yaml"):
        shutil.copy(other, root / "policies" / other.name)
    for other in (REPO / "policies" / "sources").glob("*.txt"):
        shutil.copy(other, root / "policies" / "sources" / other.name)
    compile_all(root / "policies", root / "build")
    assert POLICY_ID in [p["id"] for p in json.loads((root / "build" / "index.json").read_text(encoding="utf-8"))["policies"]]
    # the site, built by MkDocs as build_scripts/build does, from this project's docs and policies
    shutil.copytree(REPO / "docs", root / "site-docs", ignore=shutil.ignore_patterns("comparison.yaml"))
    shutil.copy(root / "docs" / "comparison.yaml", root / "site-docs" / "comparison.yaml")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    for key, value in (("docs_dir", root / "site-docs"), ("site_dir", root / "site")):
        config = config.replace(f"\n{key}: {key.split('_')[0]}\n", f"\n{key}: {value}\n", 1)
    config = config.replace("  - build_scripts/", f"  - {REPO}/build_scripts/")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1",
           "JXJY_POLICIES": str(root / "build"), "JXJY_SOURCES": str(root / "policies" / "sources")}
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(root / "mkdocs.yml")],
                           cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr[-3000:]
    page = (root / "site" / "policies" / POLICY_ID / "index.html").read_text(encoding="utf-8")
    assert "测人社发〔2024〕9号" in page and "学历教育" in page and 'href="#interp-ceshi-days"' in page
    assert "按填写的情况" in page  # the category decided by a parameter
    compare = (root / "site" / "compare" / "index.html").read_text(encoding="utf-8")
    row = next(r for r in compare.split("<tr>") if f"policies/{POLICY_ID}/" in r and "8 学分" in r)
    assert row.count("—") == 4


def test_a_policy_file_path_that_is_missing_or_broken_is_said_in_chinese(tmp_path):
    missing = run("describe", str(tmp_path / "nowhere.yaml"), root=tmp_path)
    assert missing.returncode == 2 and "找不到政策文件" in missing.stderr
    broken = tmp_path / "zhejiang-tonglu-2018.yaml"
    broken.write_text((REPO / "policies" / "zhejiang-tonglu-2018.yaml").read_text(encoding="utf-8")
                      .replace("kind: rate", "kind: rat", 1), encoding="utf-8")
    failed = run("describe", str(broken), root=tmp_path)
    assert failed.returncode == 2 and "未通过校验" in failed.stderr and "取值「rat」无效" in failed.stderr
    unknown = run("describe", "zhejiang-nowhere-2020", root=tmp_path)
    assert unknown.returncode == 2 and "可直接给出路径" in unknown.stderr


def test_the_golden_case_format_shown_in_the_authoring_page_runs_as_written(compiled_policies):
    """如何新增一项政策 documents the golden-case format with an example: it must be a real, passing one."""
    import re

    from calculator import RecordError, score

    page = (REPO / "docs" / "contributing.md").read_text(encoding="utf-8")
    section = page.split("## 5.")[1].split("## 6.")[0]
    example = yaml.safe_load(re.search(r"```yaml\n(.*?)```", section, re.S).group(1))
    policy = compiled_policies[example["policy"]]
    cases = example["cases"] + example["history"]
    assert len(cases) == 3
    for case in cases:
        record = {"format": 1, "policy": example["policy"], **case["record"]}
        if "error" in case:
            try:
                score(policy, record)
            except RecordError as error:
                assert error.path == case["error"]["path"] and case["error"]["contains"] in error.message
            else:
                raise AssertionError(case["name"])
        else:
            check(score(policy, record), case["expect"])


def test_the_guide_recompiles_policy_files_edited_since_the_last_build(monkeypatch):
    """What `build_scripts/serve --live` relies on: pages follow the policy file being edited."""
    monkeypatch.delenv("JXJY_POLICIES", raising=False)
    site.load_policies()
    index = policy_files.policies_dir() / "index.json"
    edited = (REPO / "policies" / "zhejiang-tonglu-2018.yaml").stat().st_mtime
    os.utime(index, (edited - 100, edited - 100))
    site.load_policies()
    assert index.stat().st_mtime > edited - 100
