"""The record schema accepts every example and golden record, and rejects malformed ones."""

import json

import pytest
from jsonschema import Draft202012Validator

from tests.golden import REPO, load_cases

VALIDATOR = Draft202012Validator(json.loads((REPO / "schema" / "record.schema.json").read_text(encoding="utf-8")))
Draft202012Validator.check_schema(VALIDATOR.schema)


def test_examples_and_golden_records_are_valid():
    records = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((REPO / "examples").rglob("*.json"))]
    records += [case["record"] for case in load_cases() if not case["error"]]
    assert len(records) > 100
    for record in records:
        errors = list(VALIDATOR.iter_errors(record))
        assert not errors, (record, [e.message for e in errors])


@pytest.mark.parametrize("record", [
    {"year": 2024, "activities": [{"params": {}}]},                      # no kind
    {"year": "2024", "activities": []},                                  # year as text
    {"year": 2024, "years": [{"year": 2024}]},                           # both shapes
    {"years": [{"year": 2024, "activities": [{"kind": "x", "date": "24-1-1"}]}]},
    {"year": 2024, "activities": [], "extra": 1},
])
def test_malformed_records_are_rejected(record):
    assert list(VALIDATOR.iter_errors(record))
