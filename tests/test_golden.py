"""Every golden case gives the figures derived by hand from the notice."""

import pytest

from calculator import RecordError, score
from tests.golden import load_cases

CASES = load_cases()


def test_there_are_golden_cases_for_every_policy(compiled_policies):
    covered = {case["policy"]["id"] for case in CASES}
    assert covered == set(compiled_policies)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_golden_case(case):
    assert case["article"], "every golden case cites its article"
    if case["error"]:
        with pytest.raises(RecordError) as caught:
            score(case["policy"], case["record"])
        assert caught.value.path == case["error"]["path"]
        assert case["error"]["contains"] in caught.value.message
        return
    result = score(case["policy"], case["record"])
    check(result, case["expected"])


def check(result, expected):
    for key, want in expected.items():
        if key == "activities":
            assert len(result["activities"]) == len(want), "one expectation per activity"
            for got, item in zip(result["activities"], want):
                for field, value in item.items():
                    if field == "categories":
                        assert {c["category"]: c["value"] for c in got["categories"]} == value, got
                    elif field == "notes":
                        texts = " ".join(n["text"] for n in got["notes"])
                        for fragment in value:
                            assert fragment in texts, (fragment, texts)
                    else:
                        assert got[field] == value, (field, got)
        elif key == "totals":
            got = {t["category"]: t["value"] for t in result["totals"]}
            assert {cat: got[cat] for cat in want} == want
        elif key == "requirement":
            requirement = result["requirement"]
            if want is None:
                assert requirement is None
                continue
            if "met" in want:
                assert requirement["met"] is want["met"]
            lines = {line["id"]: line for line in requirement["groups"]}
            if requirement["total"]:
                lines["total"] = requirement["total"]
            for line_id, short in want.get("shortfall", {}).items():
                assert lines[line_id]["shortfall"] == short, (line_id, lines[line_id])
        elif key == "years":
            got = {r["year"]: r for r in result["years"]}
            assert sorted(got) == [w["year"] for w in want], sorted(got)
            for item in want:
                year = got[item["year"]]
                if "met" in item:
                    assert (year["requirement"] and year["requirement"]["met"]) is item["met"], item
                if "totals" in item:
                    assert {t["category"]: t["value"] for t in year["totals"]} == item["totals"], item
                if "total" in item:
                    assert year["total"] == item["total"], item
        elif key == "checks":
            got = {c["id"]: c for c in result["checks"]}
            assert set(got) >= set(want)
            for check_id, fields in want.items():
                for field, value in fields.items():
                    if field == "findings":
                        assert [f["year"] for f in got[check_id]["findings"]] == value, got[check_id]
                    else:
                        assert got[check_id][field] == value, (check_id, field, got[check_id])
        elif key == "deadlines":
            got = [{k: d[k] for k in ("date", "year", "index")} for d in result["deadlines"]]
            assert got == want
        else:
            assert result[key] == want, key
