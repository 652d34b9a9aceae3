"""What an editor reads when a policy file is wrong: Chinese, at the field, with the fix, all at once."""

import pytest

from calculator.policy_files.clause_diff import explain_missing
from tests.golden import REPO
from tests.policy_files import broken, line_of as _line, problems as _problems

TONGLU = REPO / "policies" / "zhejiang-tonglu-2018.yaml"


def _broken(tmp_path, *changes):
    return broken(tmp_path, TONGLU.stem, *changes)


def test_every_problem_of_a_file_is_reported_in_one_pass(tmp_path):
    """Schema problems no longer hide the other checks: a typo'd field, a wrong value, a category
    written as a bare id, a bad date and two clauses not quoted from the notice, all in one run."""
    path = _broken(
        tmp_path,
        ("category: {fixed: public_general}\n        params: []\n        rule: {kind: fixed, value: 30",
         "category: public_general\n        params: []\n        rule: {kind: fixed, value: 30"),
        ("clause: 参加面授培训1天折算为8学分，根据", "clause: 参加面授培训1天折算为8学分,根据"),
        ("        evidence: [培训佐证材料（第十三条）]", "        evidance: [培训佐证材料（第十三条）]"),
        ("rule: {kind: fixed, value: 90, explain: 专业相关的学历（学位）教育，每年折算专业科目 90 学分}",
         "rule: {kind: fixd, value: 90}"),
        ("每年折算专业科目学分90分", "每年折算专业科目学分80分"),
        ('issued: "2018-03-29"', 'issued: "2018-3-29"'),
    )
    problems = _problems(path)
    expected = {
        _line(path, "evidance"): "不认识的字段「evidance」（是否想写「evidence」？）",
        _line(path, "kind: fixd"): "取值「fixd」无效（是否想写「fixed」？），可选：fixed、rate",
        _line(path, "category: public_general"): "科目类别要写成对象：{fixed: public_general}",
        _line(path, "2018-3-29"): "日期应写成带引号的 \"YYYY-MM-DD\"",
        _line(path, "8学分,根据"): "条文与通知原文只差全角/半角标点（「,」应为「，」）",
        _line(path, "学分80分"): "原文最接近的一段：「参加专业相关的学历（学位）教育，每年折算专业科目学分【9】0分」",
    }
    assert len(problems) == len(expected), problems
    for line, text in expected.items():
        assert any(p.startswith(f"{path}:{line}: ") and text in p for p in problems), (line, text, problems)
    lines = [int(p.split(":")[1]) for p in problems]
    assert lines == sorted(lines)
    assert not any("is not" in p or "required property" in p for p in problems)  # no English left


@pytest.mark.parametrize("old, new, written, where, said", [
    # a field required by the rule's kind: what it is for and when it is required
    ("rule: {kind: fixed, value: 90, explain: 专业相关的学历（学位）教育，每年折算专业科目 90 学分}", "rule: {kind: fixed, value: 90}",
     "rule: {kind: fixed, value: 90}", "/eras/0/activities/2/rule: ",
     "缺少必填字段「explain」（fixed：步骤说明。）（kind 为 fixed 时必填）"),
    # a row of a table: said at the row, not at the whole table
    ("{when: {patent_type: utility}, value: 50, explain: 实用新型专利每项 50 学分}", "{when: {patent_type: utility}, value: 50}",
     "patent_type: utility}, value: 50}", "/eras/0/activities/",
     "/rule/rows/1: 不符合 schema：缺少必填字段「explain」（步骤说明。）"),
])
def test_a_missing_field_is_said_where_it_is_missing_with_what_it_is_for(tmp_path, old, new, written, where, said):
    path = _broken(tmp_path, (old, new))
    [problem] = _problems(path)
    assert problem.startswith(f"{path}:{_line(path, written)}: {where}")
    assert said in problem


def test_an_empty_params_list_is_explained(tmp_path):
    path = _broken(tmp_path, ("        params: []\n        rule: {kind: fixed, value: 30", "        rule: {kind: fixed, value: 30"))
    [problem] = _problems(path)
    assert "缺少必填字段「params」" in problem and "没有需要填写的参数时写 params: []" in problem


def test_clause_diff_marks_the_differing_characters():
    notice = "第一条  培训、进修均按课程或内容规定的学时数，每 5 学时折算为 1 学分。\n第二条 其他。"
    assert explain_missing("培训、进修均按课程规定的学时数，每5学时折算为1学分", notice) == (
        "条文未在通知原文中找到：「培训、进修均按课程【】规定的学时数，每5学时折算为1学分」；"
        "原文最接近的一段：「培训、进修均按课程【或内容】规定的学时数，每5学时折算为1学分」（【】内为不同之处）")
    assert explain_missing("每5学时折算为1学分;", "每 5 学时折算为 1 学分；").startswith(
        "条文与通知原文只差全角/半角标点（「;」应为「；」）")
    assert "没有相近的段落" in explain_missing("完全无关的文字", "第一条 培训。")


def test_every_pattern_of_the_schema_is_explained_in_chinese():
    import json

    from calculator.policy_files.schema_messages import PATTERNS, nodes

    schema = json.loads((REPO / "schema" / "policy.schema.json").read_text(encoding="utf-8"))
    found = {node["pattern"] for node in nodes(schema) if isinstance(node.get("pattern"), str)}
    assert found and found <= set(PATTERNS), found - set(PATTERNS)


def test_a_number_written_in_chinese_characters_says_how_to_write_it(tmp_path):
    path = _broken(tmp_path, ("          min: 60\n", "          min: 六十\n"))
    [problem] = _problems(path)
    assert problem.startswith(f"{path}:{_line(path, 'min: 六十')}: /eras/0/requirement/groups/0/min: ")
    assert "数要用阿拉伯数字写，如 60、0.5" in problem
