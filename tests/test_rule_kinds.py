"""Every rule kind in the policy schema has its module in calculator/rules/, and the reverse."""

import json
from pathlib import Path

from calculator.rules import KINDS

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "schema" / "policy.schema.json").read_text(encoding="utf-8"))
PARTS = ("evaluate", "check", "refs", "points", "describe")


def schema_kinds():
    rule = SCHEMA["$defs"]["rule"]
    enum = set(rule["properties"]["kind"]["enum"])
    branches = {branch["if"]["properties"]["kind"]["const"] for branch in rule["allOf"]}
    assert enum == branches, f"kinds without their schema branch: {enum ^ branches}"
    return enum


def test_every_schema_kind_has_a_module_and_every_module_a_schema_kind():
    assert schema_kinds() == set(KINDS)


def test_every_kind_module_holds_each_part():
    for name, module in KINDS.items():
        missing = [part for part in PARTS if not callable(getattr(module, part, None))]
        assert not missing, f"calculator/rules/{name}.py lacks {missing}"
