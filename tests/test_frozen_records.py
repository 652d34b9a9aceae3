"""Records saved by the page in the past keep opening and scoring (tests/frozen/, issue 14).

Each frozen record is read back exactly as the page reads it (an exported file, a localStorage value,
a share link), scored through calculator.api.score_json as the page does, and its figures compared with
those frozen with it. A difference is accepted only when it is explained: by a migration note of the
engine, or by a revision of the policy file (`revisions`) made after the record was frozen.
Records are added with `python -m tests.frozen.freeze`; never edit or re-freeze an existing one.
"""

import json
from pathlib import Path

import pytest

from calculator.api import score_json

from .frozen.saved import STORE_PREFIX, figures, page_form, read_share_link

FROZEN = Path(__file__).resolve().parent / "frozen"
REPO = FROZEN.parent.parent
EXPECTED = json.loads((FROZEN / "expected.json").read_text(encoding="utf-8"))


def _stored_record(relative, entry):
    """The record as the page reads it back from where it was saved."""
    text = (FROZEN / relative).read_text(encoding="utf-8")
    if entry["saved_as"] == "share link":
        policy, record = read_share_link(text.strip())
        assert policy == entry["policy"], f"{relative}: share link opens policy {policy}"
        return record
    if entry["saved_as"] == "localStorage":
        stored = json.loads(text)
        assert stored["key"] == f"{STORE_PREFIX}record:{entry['policy']}", f"{relative}: storage key {stored['key']}"
        return json.loads(stored["value"])
    return json.loads(text)


def _difference(frozen, now):
    """The first figure that differs, in words."""
    if frozen.get("error") or now.get("error"):
        return "the record was rejected" if now.get("error") else "the record, rejected when frozen, now scores"
    if len(frozen["years"]) != len(now["years"]):
        return f"years {[y['year'] for y in frozen['years']]} became {[y['year'] for y in now['years']]}"
    for old, new in zip(frozen["years"], now["years"]):
        for key in old:
            if old[key] != new.get(key):
                return f"{old['year']} 年度 {key}: {old[key]!r} became {new.get(key)!r}"
    return f"multi-year checks: {frozen.get('checks')!r} became {now.get('checks')!r}"


def _explained(answer, policy, entry):
    """A migration note in the answer, or a revision of the policy file made after the record was frozen."""
    result = answer.get("result") or {}
    return bool(result.get("migrations")) or len(policy.get("revisions", [])) > entry["revisions_known"]


def test_every_policy_has_frozen_records_of_each_kind():
    policies = {path.stem for path in (REPO / "tests" / "golden").glob("*.yaml")}
    for saved_as in ("export", "localStorage", "share link"):
        have = {entry["policy"] for entry in EXPECTED.values() if entry["saved_as"] == saved_as}
        assert policies <= have, f"no frozen {saved_as} record for {sorted(policies - have)}"


@pytest.mark.parametrize("relative", sorted(EXPECTED))
def test_frozen_record_opens_and_scores(relative, compiled_policies):
    entry = EXPECTED[relative]
    where = f"tests/frozen/{relative} ({entry['source']}; saved as {entry['saved_as']}, frozen {entry['frozen']})"
    record = _stored_record(relative, entry)
    assert page_form(record) is not None, f"{where}: the page no longer reads this record"
    policy = compiled_policies.get(entry["policy"])
    assert policy is not None, f"{where}: policy {entry['policy']} is gone from build/policies"
    answer = json.loads(score_json(json.dumps(policy, ensure_ascii=False), json.dumps(record, ensure_ascii=False)))
    if not entry["figures"].get("error"):
        assert answer["ok"], f"{where}: no longer opens: {answer.get('error')} (at {answer.get('path')})"
    now = figures(answer)
    if now != entry["figures"]:
        assert _explained(answer, policy, entry), (
            f"{where}: figures changed with no migration note and no revision of policies/{entry['policy']}.yaml "
            f"since it was saved to explain it: {_difference(entry['figures'], now)}. If the change is meant, add a "
            f"revision saying why (its summary is what people whose saved figures differ are shown).")


CLEAN_EXPORTS = sorted(relative for relative, entry in EXPECTED.items()
                       if entry["saved_as"] == "export" and not entry["figures"].get("error")
                       and not any(year["refused"] for year in entry["figures"]["years"]))


@pytest.mark.parametrize("relative", CLEAN_EXPORTS)
def test_exported_file_opens_in_the_cli(relative, capsys, compiled_policies):
    """An exported file given to `python -m calculator score` (strict: no activity may be refused)."""
    from calculator.cli import main

    entry = EXPECTED[relative]
    where = f"tests/frozen/{relative} ({entry['source']}, frozen {entry['frozen']})"
    status = main(["score", entry["policy"], str(FROZEN / relative)])
    out, err = capsys.readouterr()
    assert status == 0, f"{where}: `python -m calculator score` refuses it: {err.strip()}"
    answer = {"ok": True, "result": json.loads(out)}
    if figures(answer) != entry["figures"]:
        assert _explained(answer, compiled_policies[entry["policy"]], entry), (
            f"{where}: the CLI's figures changed with no migration note and no revision of the policy file "
            f"since it was saved: {_difference(entry['figures'], figures(answer))}")
