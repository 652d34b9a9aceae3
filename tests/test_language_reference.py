"""The policy-language reference is generated from the schema's descriptions: every field has one."""

import json
import re

from calculator.policy_files import reference as ref
from tests.golden import REPO

SCHEMA = json.loads((REPO / "schema" / "policy.schema.json").read_text(encoding="utf-8"))


def test_every_field_and_definition_of_the_schema_has_a_description():
    missing = [path for path, node in ref.fields(SCHEMA) if not ref.description(node, SCHEMA["$defs"]).strip()]
    assert missing == []


def test_every_value_of_a_kind_is_explained():
    explained = [(path, node) for path, node in ref.fields(SCHEMA) if "x-values" in node]
    assert {path.rsplit("/", 1)[-1] for path, _ in explained} >= {"kind", "type"}
    for path, node in explained:
        assert list(node["x-values"]) == node["enum"], path
        assert all(text.strip() for text in node["x-values"].values()), path


def test_the_page_lists_every_field_of_every_block():
    page = ref.render(SCHEMA)
    rows = set(re.findall(r"^\| `([^`]+)` \|", page, flags=re.M))
    for path, node in ref.fields(SCHEMA):
        if "/properties/" in path:
            assert path.rsplit("/", 1)[-1] in rows, path
    for name in SCHEMA["$defs"]:
        assert f"（`{name}`） {{#{ref._anchor(name)}}}" in page, name
    # the blocks an editor could not find before (issue 17, item 1)
    for word in ("multi_year", "person", "spread", "each_unmet", "consecutive_unmet", "recent_all_met",
                 "window_sum", "surplus_early", "after_end", "closes", "extends"):
        assert f"`{word}`" in page, word
    # every description appears as written (braces kept as code)
    closes = SCHEMA["$defs"]["deadline"]["properties"]["rule"]["oneOf"][0]["properties"]["closes"]["description"]
    assert closes in page


def test_a_definition_missing_from_the_page_order_stops_the_build():
    schema = json.loads(json.dumps(SCHEMA))
    schema["$defs"]["new_block"] = {"type": "object", "description": "x"}
    try:
        ref.render(schema)
    except ValueError as error:
        assert "new_block" in str(error)
    else:
        raise AssertionError("render accepted a definition it does not place")
