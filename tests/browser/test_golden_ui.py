"""Golden cases typed into the calculator page; what it shows must equal the CPython engine's result.

For each policy the cases are chosen to cover as many activity kinds, notes (caps, de-duplication,
pools) and outcomes as possible: PER_POLICY of them, or every case with JXJY_ALL_GOLDEN_UI=1.
"""

import os

import pytest

from calculator import score
from tests.browser import ui
from tests.golden import load_cases

PER_POLICY = 4
UI_FIELDS = {"kind", "params", "category", "name", "achievement"}


def enterable(case):
    """Single-year cases that the form can express (no error cases)."""
    record = case["record"]
    if case["error"] or "years" in record or "activities" not in record:
        return False
    return all(set(activity) <= UI_FIELDS for activity in record["activities"])


def features(case):
    result = score(case["policy"], case["record"])
    found = {f"kind:{a['kind']}" for a in result["activities"]}
    found |= {f"note:{note['ref'].split(':')[0]}" for a in result["activities"] for note in a["notes"]}
    found |= {f"param:{name}" for a in case["record"]["activities"] for name in a.get("params", {})}
    if any(a.get("category") for a in case["record"]["activities"]):
        found.add("category")
    if result["requirement"]:
        found.add(f"met:{result['requirement']['met']}")
    return found


def choose(cases, per_policy):
    chosen = []
    for policy_id in sorted({c["policy"]["id"] for c in cases}):
        pool = [c for c in cases if c["policy"]["id"] == policy_id]
        if per_policy is None:
            chosen += pool
            continue
        covered, picked = set(), []
        for _ in range(min(per_policy, len(pool))):
            best = max((c for c in pool if c not in picked),
                       key=lambda c: (len(features(c) - covered), len(c["record"]["activities"])))
            picked.append(best)
            covered |= features(best)
        chosen += sorted(picked, key=pool.index)
    return chosen


CASES = choose([c for c in load_cases() if enterable(c)],
               None if os.environ.get("JXJY_ALL_GOLDEN_UI") == "1" else PER_POLICY)


def test_every_policy_has_three_cases():
    by_policy = {}
    for case in CASES:
        by_policy.setdefault(case["policy"]["id"], []).append(case)
    assert len(by_policy) == 5
    assert all(len(cases) >= 3 for cases in by_policy.values()), {k: len(v) for k, v in by_policy.items()}


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_golden_case_typed_into_the_page(calc_page, case):
    policy, record = case["policy"], case["record"]
    ui.enter_record(calc_page, policy, record)

    engine = score(policy, record)
    assert ui.shown(calc_page) == ui.expected(engine)
    assert calc_page.locator(".jx-field.jx-invalid").count() == 0

    # The record the page saved (the CLI's multi-year format, here with one year) scores the same in CPython.
    saved = ui.saved_record(calc_page, policy["id"])
    assert saved["format"] == 1 and saved["policy"] == policy["id"]
    assert [entry["year"] for entry in saved["years"]] == [record["year"]]
    assert score(policy, saved)["years"] == [ui.as_year(engine)]
