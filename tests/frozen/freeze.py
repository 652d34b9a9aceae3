"""Freeze records as the page saves them, with the figures today's engine gives them.

    PYTHONPATH=. .venv/bin/python -m tests.frozen.freeze      (after build_scripts/build)

Writes only files that do not exist yet: a frozen record is never re-frozen, because the point is
that records saved in the past keep opening. It adds, under tests/frozen/:
    exports/<policy>/example.json, example-history.json   the files in examples/, as the page exports them
    exports/<policy>/golden-NN.json                       every golden case's record (tests/golden/*.yaml)
    exports/<policy>/multi-year.json                      a multi-year record built from the golden cases
    storage/<policy>.json                                 {"key", "value"} of the page's localStorage
    links/<policy>.txt                                    a share link
and records in expected.json, per file: the policy, where the record came from, how it was saved, the
engine commit it was frozen with, its figures (tests/frozen/saved.py `figures`) and how many of the
policy file's revisions it was frozen under (the records frozen on 2026-12-01 count the first revision,
which only starts the list). A revision added later may explain a change of figures.
"""

import json
import subprocess
from datetime import date
from pathlib import Path

import yaml

from calculator.api import score_json

from .saved import STORE_PREFIX, export_text, figures, page_form, share_link, storage_text

FROZEN = Path(__file__).resolve().parent
REPO = FROZEN.parent.parent
EXPECTED = FROZEN / "expected.json"


def _policy_text(policy_id):
    return (REPO / "build" / "policies" / f"{policy_id}.json").read_text(encoding="utf-8")


def _multi_year(policy_id, golden):
    """Up to four years of the one-year golden cases that score without errors (three cases a year),
    the target year after the last, and the person of the first multi-year golden case."""
    policy = _policy_text(policy_id)
    by_year = {}
    for case in golden["cases"]:
        record = {"format": 1, "policy": policy_id, **case["record"]}
        if "error" in case or not json.loads(score_json(policy, json.dumps(record)))["ok"]:
            continue
        if json.loads(score_json(policy, json.dumps(record)))["result"]["errors"]:
            continue
        by_year.setdefault(record["year"], []).append(record["activities"])
    years = sorted(by_year)[-4:]
    person = next((case["record"].get("person") for case in golden.get("history", [])
                   if case["record"].get("person")), {})
    return {"format": 1, "policy": policy_id, "target_year": years[-1] + 1, "person": person,
            "years": [{"year": year, "activities": [a for acts in by_year[year][:3] for a in acts]}
                      for year in years]}


def main():
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True,
                            check=True).stdout.strip()
    expected = json.loads(EXPECTED.read_text(encoding="utf-8")) if EXPECTED.exists() else {}
    today = date.today().isoformat()

    def freeze(relative, text, record, policy_id, source, saved_as):
        path = FROZEN / relative
        if relative in expected or path.exists():
            return
        answer = json.loads(score_json(_policy_text(policy_id), json.dumps(record, ensure_ascii=False)))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        expected[relative] = {"policy": policy_id, "source": source, "saved_as": saved_as,
                              "frozen": f"{today} at {commit}", "figures": figures(answer),
                              "revisions_known": len(json.loads(_policy_text(policy_id)).get("revisions", []))}

    for golden_path in sorted((REPO / "tests" / "golden").glob("*.yaml")):
        golden = yaml.safe_load(golden_path.read_text(encoding="utf-8"))
        policy_id = golden["policy"]
        examples = [("example.json", REPO / "examples" / f"{policy_id}.json"),
                    ("example-history.json", REPO / "examples" / "history" / f"{policy_id}.json")]
        for name, path in examples:
            if path.exists():
                record = page_form(json.loads(path.read_text(encoding="utf-8")))
                freeze(f"exports/{policy_id}/{name}", export_text(record), record, policy_id,
                       str(path.relative_to(REPO)), "export")
        for number, case in enumerate(golden["cases"] + golden.get("history", []), 1):
            record = page_form({"format": 1, "policy": policy_id, **case["record"]})
            if record is None or any(entry["year"] is None for entry in record["years"]):
                continue  # the page refuses it (or fills in a year of its own): nothing it could have saved
            freeze(f"exports/{policy_id}/golden-{number:02d}.json", export_text(record), record, policy_id,
                   f"tests/golden/{policy_id}.yaml case {number}: {case['name']}", "export")
        multi = page_form(_multi_year(policy_id, golden))
        freeze(f"exports/{policy_id}/multi-year.json", export_text(multi), multi, policy_id,
               "one-year golden cases of up to four years, combined", "export")
        freeze(f"storage/{policy_id}.json",
               json.dumps({"key": f"{STORE_PREFIX}record:{policy_id}", "value": storage_text(multi)},
                          ensure_ascii=False, indent=2) + "\n",
               multi, policy_id, f"exports/{policy_id}/multi-year.json", "localStorage")
        example = page_form(json.loads((REPO / "examples" / f"{policy_id}.json").read_text(encoding="utf-8")))
        freeze(f"links/{policy_id}.txt", share_link(example) + "\n", example, policy_id,
               f"examples/{policy_id}.json", "share link")

    EXPECTED.write_text(json.dumps(dict(sorted(expected.items())), ensure_ascii=False, indent=1) + "\n",
                        encoding="utf-8")


if __name__ == "__main__":
    main()
