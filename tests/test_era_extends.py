"""`extends` between eras: resolved by the compiler into complete eras, with the lines of the file."""

import pytest

from calculator.policy_files.compiler import PolicyError, load_and_validate
from calculator.policy_files.extends import resolve_extends
from tests.golden import REPO

BINZHOU = REPO / "policies" / "shandong-binzhou-2021.yaml"


def test_fields_replace_rule_fields_merge_and_null_removes():
    base = {"id": "a", "unit": "学分", "requirement": None, "notes": [{"text": "x"}],
            "activities": [{"id": "k", "label": "K", "category": {"fixed": "public"},
                            "rule": {"kind": "brackets", "param": "m", "brackets": [1], "beyond": {"add": 5}}},
                           {"id": "dropped", "label": "D"}]}
    era = {"id": "b", "extends": "a", "unit": "学时",
           "activities": [{"id": "new", "label": "N"},
                          {"id": "k", "category": {"pool": "p"}, "rule": {"brackets": [2], "beyond": None}}]}
    policy, lines, problems = resolve_extends({"eras": [base, era]}, {})
    assert problems == []
    resolved = policy["eras"][1]
    assert "extends" not in resolved
    assert resolved["unit"] == "学时" and resolved["requirement"] is None and resolved["notes"] == [{"text": "x"}]
    assert resolved["activities"] == [
        {"id": "new", "label": "N"},
        {"id": "k", "label": "K", "category": {"pool": "p"}, "rule": {"kind": "brackets", "param": "m", "brackets": [2]}}]
    assert policy["eras"][0] == base  # the base era is left as written


def test_binzhou_hours_era_is_written_as_differences_and_resolves_in_full():
    text = BINZHOU.read_text(encoding="utf-8")
    assert "extends: credits" in text
    policy = load_and_validate(BINZHOU)
    credits, hours = policy["eras"]
    assert "extends" not in hours
    by_id = {a["id"]: a for a in hours["activities"]}
    # inherited from the credits era, changed where the 学时 notice differs
    assert by_id["award"]["rule"]["values"] == {a["id"]: a for a in credits["activities"]}["award"]["rule"]["values"]
    assert by_id["award"]["rule"]["table_article"] == "附件 一（二）2"
    assert by_id["award"]["category"] == {"pool": "offsets"}
    assert "beyond" not in by_id["overseas"]["rule"]
    assert "public_course" not in by_id


def _write(tmp_path, replace, by):
    text = BINZHOU.read_text(encoding="utf-8")
    assert replace in text
    path = tmp_path / BINZHOU.name
    path.write_text(text.replace(replace, by, 1), encoding="utf-8")
    return path


def _line(path, fragment, after=0):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if number > after and fragment in line:
            return number
    raise AssertionError(fragment)


def test_extending_an_unknown_era_names_the_eras_to_choose_from(tmp_path):
    path = _write(tmp_path, "extends: credits", "extends: credit")
    with pytest.raises(PolicyError) as caught:
        load_and_validate(path)
    assert f"{path}:{_line(path, 'extends: credit')}: /eras/1/extends: 「extends: credit」应指向排在本时期之前的时期，可选：credits" \
        in caught.value.problems


def test_a_problem_in_a_written_difference_has_its_own_line(tmp_path):
    path = _write(tmp_path, "rule: {table_article: 附件 一（二）2}", "rule: {table_article: 附件 一（二）2, kind: magic}")
    with pytest.raises(PolicyError) as caught:
        load_and_validate(path)
    [problem] = caught.value.problems
    assert problem.startswith(f"{path}:{_line(path, 'kind: magic')}: /eras/1/activities/3/rule")


def test_an_activity_that_is_neither_inherited_nor_complete_is_reported(tmp_path):
    path = _write(tmp_path, "      - id: award\n        article: 附件 一（二）2", "      - id: awards\n        article: 附件 一（二）2")
    with pytest.raises(PolicyError) as caught:
        load_and_validate(path)
    assert any(p.startswith(f"{path}:{_line(path, 'id: awards')}: /eras/1/activities/3") and "缺少必填字段「label」" in p
               for p in caught.value.problems), caught.value.problems
