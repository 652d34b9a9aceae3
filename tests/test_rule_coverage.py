"""Golden cases together exercise every row of every table, every adjustment, cap and pool."""

from calculator import score
from calculator.rules import refs as rule_refs
from tests.golden import load_cases


def expected_refs(policy):
    refs = set()
    for era in policy["eras"]:
        for kind in era["activities"]:
            rule = kind["rule"]
            # Grid cells are owned by their table: one shared by several kinds (滨州) is covered across them.
            table = "table:" + rule.get("table", kind["id"])
            refs |= {(policy["id"], era["id"], table if ref.startswith("values.") else kind["id"], ref)
                     for ref in rule_refs(rule)}
        for rule in era.get("dedup", []):
            refs.add((policy["id"], era["id"], f"dedup:{rule['kind']}"))
        for cap in era.get("caps", []):
            refs.add((policy["id"], era["id"], f"cap:{cap['id']}"))
        for pool in era.get("pools", []):
            refs.add((policy["id"], era["id"], f"pool:{pool['id']}"))
            refs.add((policy["id"], era["id"], f"pool:{pool['id']}:excess"))
    refs |= {(policy["id"], f"check:{check['id']}") for check in policy.get("multi_year", [])}
    refs |= {(policy["id"], f"deadline:{d['id']}") for d in policy.get("deadlines", []) if d.get("rule")}
    return refs


def test_every_rule_row_is_exercised_by_a_golden_case(compiled_policies):
    wanted, seen = set(), set()
    for policy in compiled_policies.values():
        wanted |= expected_refs(policy)
    for case in load_cases():
        if case["error"]:
            continue
        answer = score(case["policy"], case["record"])
        for result in answer.get("years", [answer]):
            collect(seen, case["policy"], result)
        expected = case["expected"] or {}
        # Multi-year checks and deadlines count as covered when a golden case asserts them.
        seen |= {(case["policy"]["id"], f"check:{check_id}") for check_id in expected.get("checks", {})}
        if expected.get("deadlines"):
            seen |= {(case["policy"]["id"], f"deadline:{d['id']}") for d in answer["deadlines"]}
    missing = sorted(wanted - seen)
    assert not missing, f"{len(missing)} rule rows have no golden case: {missing[:40]}"


def collect(seen, policy_data, result):
    policy, era = policy_data["id"], result["era"]["id"]
    era_rules = next(e for e in policy_data["eras"] if e["id"] == era)
    tables = {k["id"]: "table:" + k["rule"].get("table", k["id"])
              for k in era_rules["activities"] if k["rule"]["kind"] == "grid"}
    for activity in result["activities"]:
        # a carried reference (a spread activity in a later year of the same era) holds no steps: its
        # full entry, in the year it was entered, is in the answer and collected there
        for step in activity.get("steps", ()):
            owner = tables[activity["kind"]] if step["ref"].startswith("values.") else activity["kind"]
            seen.add((policy, era, owner, step["ref"]))
        for note in activity["notes"]:
            seen.add((policy, era, note["ref"]))
