"""What the policy language can now say (issue 17, item 6), each compiled, scored and shown: a category
that depends on a parameter, and readings attached to a requirement line, a deadline or a multi-year
check. (The year-end closing that caps every deadline is after_end's `closes`, tested in
tests/test_deadlines.py and the golden cases.)"""

import pytest

from calculator.policy_files.compiler import PolicyError, load_and_validate
from build_scripts.guide.policy_page import PolicyPage
from calculator.describe import describe
from calculator.engine import score
from calculator.text import summary
from tests.golden import REPO

TONGLU = REPO / "policies" / "zhejiang-tonglu-2018.yaml"

# 第十一条（二）: one activity whose category and value depend on one answer, instead of two activities
DEGREE = """      - id: degree_related
        label: 专业相关的学历（学位）教育
        article: 第十一条（二）
        clause: 参加专业相关的学历（学位）教育，每年折算专业科目学分90分
        category: {fixed: professional}
        params: []
        rule: {kind: fixed, value: 90, explain: 专业相关的学历（学位）教育，每年折算专业科目 90 学分}
"""
ONE_DEGREE = """      - id: degree_related
        label: 学历（学位）教育
        article: 第十一条（二）
        clause: 参加专业相关的学历（学位）教育，每年折算专业科目学分90分…非专业相关的学历（学位）教育，每年折算一般公需科目学分30分。
        category:
          depends:
            - {when: {related: true}, category: professional}
          default: public_general
        params:
          - {id: related, label: 与专业相关, type: boolean}
        rule:
          kind: lookup
          rows:
            - {when: {related: true}, value: 90, explain: 专业相关，每年折算专业科目 90 学分}
            - {when: {related: false}, value: 30, explain: 非专业相关，每年折算一般公需科目 30 学分}
"""


def _policy(tmp_path, *changes):
    text = TONGLU.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / TONGLU.name
    path.write_text(text, encoding="utf-8")
    return path


def _record(*activities, year=2024):
    return {"format": 1, "policy": "zhejiang-tonglu-2018", "year": year, "activities": list(activities)}


def test_a_category_that_depends_on_a_parameter(tmp_path):
    policy = load_and_validate(_policy(tmp_path, (DEGREE, ONE_DEGREE)))
    result = score(policy, _record({"kind": "degree_related", "params": {"related": True}},
                                   {"kind": "degree_related", "params": {"related": False}}))
    assert [(a["counted"], [c["category"] for c in a["categories"]]) for a in result["activities"]] == \
        [(90, ["professional"]), (30, ["public_general"])]
    kind = next(k for k in describe(policy)["eras"][0]["activities"] if k["id"] == "degree_related")
    assert kind["category"]["default"] == {"id": "public_general", "label": "一般公需科目"}
    assert kind["category"]["depends"][0]["id"] == "professional"
    era = policy["eras"][0]
    spec = next(k for k in era["activities"] if k["id"] == "degree_related")
    text = PolicyPage(policy, "").category_text(spec["category"], era, "学分", spec)
    assert "与专业相关：是" in text and "专业科目" in text and "其他：一般公需科目" in text


def test_a_chosen_category_must_agree_with_the_one_the_parameter_gives(tmp_path):
    from calculator.records import RecordError

    policy = load_and_validate(_policy(tmp_path, (DEGREE, ONE_DEGREE)))
    with pytest.raises(RecordError, match="不能选择「professional」"):
        score(policy, _record({"kind": "degree_related", "params": {"related": False}, "category": "professional"}))


def test_a_category_condition_on_an_undeclared_parameter_is_reported(tmp_path):
    path = _policy(tmp_path, (DEGREE, ONE_DEGREE.replace("{when: {related: true}, category", "{when: {relevant: true}, category")))
    with pytest.raises(PolicyError) as caught:
        load_and_validate(path)
    assert any("/category/depends/0/when: 条件引用了未声明的参数「relevant」" in p for p in caught.value.problems)


def test_readings_attached_to_a_requirement_line_a_deadline_and_a_multi_year_check(tmp_path):
    path = _policy(
        tmp_path,
        ("        label: 全年合计\n        min: 90\n", "        label: 全年合计\n        min: 90\n        interpretations: [tonglu-half-day]\n"),
        ("    consequence: 当年度考核等次不得评为优秀\n", "    consequence: 当年度考核等次不得评为优秀\n    interpretations: [tonglu-half-day]\n"))
    policy = load_and_validate(path)
    topic = next(i["topic"] for i in policy["interpretations"] if i["id"] == "tonglu-half-day")
    year = score(policy, _record({"kind": "face_training", "params": {"days": 1}, "date": "2024-03-01"}))
    assert year["requirement"]["total"]["interpretations"][0]["topic"] == topic
    assert "interpretations" not in year["requirement"]["groups"][0]  # only where attached
    assert year["deadlines"][0]["interpretations"][0]["id"] == "tonglu-filing-year-close"
    history = score(policy, {"format": 1, "policy": "zhejiang-tonglu-2018",
                             "years": [{"year": 2024, "activities": []}]})
    check = next(c for c in history["checks"] if c["id"] == "appraisal-excellent")
    assert check["interpretations"][0]["topic"] == topic
    assert f"本站解读（{topic}）" in summary(year) and f"本站解读（{topic}）" in summary(history)
    page = PolicyPage(policy, "").render()
    assert page.count('href="#interp-tonglu-half-day"') >= 3  # the activity, the requirement line and the check
    assert 'href="#interp-tonglu-filing-year-close"' in page.split("## 申报期限")[1].split("##")[0]  # the deadline


def test_an_undefined_reading_is_reported_where_it_is_named(tmp_path):
    path = _policy(tmp_path, ("    consequence: 当年度考核等次不得评为优秀\n",
                              "    consequence: 当年度考核等次不得评为优秀\n    interpretations: [nowhere]\n"))
    with pytest.raises(PolicyError) as caught:
        load_and_validate(path)
    assert any("/multi_year/0/interpretations/0: 未定义的解释说明「nowhere」" in p for p in caught.value.problems)

