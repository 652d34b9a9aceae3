"""Broken policy files fail with file:line: path: message; good ones compile byte-identically."""

import hashlib
import re
import shutil

import pytest

from calculator.policy_files.compiler import PolicyError, compile_all, load_and_validate, load_yaml
from tests import policy_files
from tests.golden import REPO
from tests.policy_files import line_of, problems

TONGLU = REPO / "policies" / "zhejiang-tonglu-2018.yaml"


def broken(tmp_path, replace, by):
    return policy_files.broken(tmp_path, TONGLU.stem, (replace, by))


def test_every_policy_file_validates():
    for path in sorted((REPO / "policies").glob("*.yaml")):
        load_and_validate(path)


def test_dates_stay_strings_and_line_numbers_are_kept():
    data, lines = load_yaml(TONGLU)
    assert data["issued"] == "2018-03-29"
    assert lines[("issued",)] == line_of(TONGLU, "issued:")


def test_duplicate_keys_are_rejected_with_their_line(tmp_path):
    path = broken(tmp_path, "short_title: 桐庐县 2018\n", "short_title: 桐庐县 2018\nshort_title: 又一个\n")
    [message] = problems(path)
    assert message == f"{path}:{line_of(path, '又一个')}: /short_title: 重复的键「short_title」"


def test_a_schema_error_names_file_line_and_path(tmp_path):
    path = broken(tmp_path, "rate: 8, label: 培训天数}", "rate: 八, label: 培训天数}")
    [message] = problems(path)
    assert message.startswith(f"{path}:{line_of(path, 'rate: 八')}: /eras/0/activities/1/rule/terms/0/rate: 不符合 schema")


def test_a_missing_field_is_reported_at_its_parent(tmp_path):
    path = broken(tmp_path, "document_number: 桐人社发〔2018〕26号\n", "")
    [message] = problems(path)
    assert message == f"{path}:{line_of(path, 'id: zhejiang')}: /: 不符合 schema：缺少必填字段「document_number」（文号，如 桐人社发〔2018〕26号。）"


def test_a_clause_not_quoted_from_the_notice_is_rejected(tmp_path):
    path = broken(tmp_path, "clause: 参加面授培训1天折算为8学分", "clause: 参加面授培训1天折算为10学分")
    [message] = problems(path)
    assert message.startswith(f"{path}:{line_of(path, '1天折算为10学分')}: /eras/0/activities/1/clause: 条文未在通知原文中找到")


def test_a_condition_on_an_undeclared_parameter_is_rejected(tmp_path):
    path = broken(tmp_path, "{when: {level: national}, value: 90", "{when: {grade: national}, value: 90")
    [message] = problems(path)
    assert message.startswith(f"{path}:{line_of(path, 'grade: national')}: /eras/0/activities/9/rule/rows/0")
    assert "条件引用了未声明的参数「grade」" in message


def test_an_unknown_enum_value_in_a_condition_is_rejected(tmp_path):
    path = broken(tmp_path, "{when: {level: county}, value: 30", "{when: {level: township}, value: 30")
    [message] = problems(path)
    assert "参数「level」没有取值「township」" in message


def test_a_yaml_syntax_error_names_its_line(tmp_path):
    path = broken(tmp_path, "unit: 学分\ncategories:", "unit: [学分\ncategories:")
    [message] = problems(path)
    assert message.startswith(f"{path}:") and "YAML 语法错误" in message


def test_compile_stops_on_a_broken_policy(tmp_path):
    source = tmp_path / "policies"
    source.mkdir()
    broken(source, "kind: rate", "kind: magic")
    with pytest.raises(PolicyError):
        compile_all(source, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_compiled_output_is_byte_identical_on_every_run(tmp_path):
    compile_all(REPO / "policies", tmp_path / "a")
    compile_all(REPO / "policies", tmp_path / "b")
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert "index.json" in names and len(names) == 6
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
        assert (tmp_path / "a" / name).read_bytes() == (REPO / "build" / "policies" / name).read_bytes()


def test_compiled_policies_match_the_committed_checksums(tmp_path):
    """The compiled JSON is what the engine and the pages read: a change to how policy files are
    written (YAML anchors, `extends` between eras) must not change it. After a deliberate change to a
    policy, update the list: (cd build/policies && sha256sum *.json) > tests/compiled_policies.sha256"""
    compile_all(REPO / "policies", tmp_path)
    expected = dict(reversed(line.split("  ")) for line in
                    (REPO / "tests" / "compiled_policies.sha256").read_text(encoding="utf-8").splitlines())
    actual = {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(tmp_path.glob("*.json"))}
    assert actual == expected
