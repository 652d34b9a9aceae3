"""The engine gives byte-identical answers in CPython and in Pyodide.

Every golden case (tests.golden.load_cases()) is scored here with CPython and,
in one Node subprocess, with Pyodide from node_modules/pyodide
(tests/pyodide/run_engine.mjs). Both sides get the same input: the case's
policy and record after a JSON round trip. Results are compared as
json.dumps(result, sort_keys=True, ensure_ascii=False); a raised exception
compares as {"error": "<ExceptionType>: <message>"}.

Nothing here skips: a missing Node or Pyodide is a failure.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

import calculator
from tests.golden import load_cases

REPO_ROOT = Path(__file__).resolve().parents[1]
RUNNER = REPO_ROOT / "tests" / "pyodide" / "run_engine.mjs"
PYODIDE_MJS = REPO_ROOT / "node_modules" / "pyodide" / "pyodide.mjs"
NODE_TIMEOUT_S = 300
META_PREFIX = "PYODIDE_META "

CASES = load_cases()


def _case_input(case: dict) -> dict:
    """The JSON-round-tripped input both engines receive."""
    try:
        text = json.dumps(
            {"id": str(case["id"]), "policy": case["policy"], "record": case["record"]},
            ensure_ascii=False,
        )
    except (TypeError, ValueError) as exc:
        pytest.fail(f"golden case {case.get('id')!r} is not plain JSON data: {exc}", pytrace=False)
    return json.loads(text)


def _cpython_answer(policy: dict, record: dict):
    try:
        result = calculator.score(policy, record)
    except Exception as exc:  # compared with the Pyodide side, same format
        return {"error": f"{type(exc).__name__}: {exc}"}
    return json.dumps(result, sort_keys=True, ensure_ascii=False)


@pytest.fixture(scope="module")
def pyodide_run(tmp_path_factory):
    """Run all cases under Pyodide once: (results by id, meta dict)."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not on PATH: Node.js 20+ is needed (build_scripts/setup)", pytrace=False)
    if not PYODIDE_MJS.is_file():
        pytest.fail(f"{PYODIDE_MJS} is missing: run build_scripts/setup (npm ci)", pytrace=False)
    cases_file = tmp_path_factory.mktemp("pyodide") / "cases.json"
    cases_file.write_text(
        json.dumps([_case_input(c) for c in CASES], ensure_ascii=False), encoding="utf-8"
    )
    try:
        proc = subprocess.run(
            [node, str(RUNNER), str(cases_file)],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=NODE_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"Pyodide run took more than {NODE_TIMEOUT_S} s", pytrace=False)
    if proc.returncode != 0:
        pytest.fail(
            f"run_engine.mjs exited {proc.returncode}\n--- stderr ---\n{proc.stderr[-4000:]}",
            pytrace=False,
        )
    meta = None
    for line in proc.stderr.splitlines():
        if line.startswith(META_PREFIX):
            meta = json.loads(line[len(META_PREFIX):])
    if meta is None:
        pytest.fail(f"no {META_PREFIX.strip()} line on stderr:\n{proc.stderr[-4000:]}", pytrace=False)
    return json.loads(proc.stdout), meta


def test_golden_cases_exist():
    assert len(CASES) >= 1, "tests.golden.load_cases() returned no case"
    ids = [str(c["id"]) for c in CASES]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"duplicate golden case ids: {duplicates}"


def test_pyodide_ran_every_case(pyodide_run):
    results, meta = pyodide_run
    assert meta["python"].startswith("3.1"), meta
    assert meta["cases"] >= 1, meta
    assert sorted(results) == sorted(str(c["id"]) for c in CASES)


@pytest.mark.parametrize("case", CASES, ids=[str(c["id"]) for c in CASES])
def test_same_answer_in_cpython_and_pyodide(case, pyodide_run):
    results, _ = pyodide_run
    data = _case_input(case)
    expected = _cpython_answer(data["policy"], data["record"])
    assert data["id"] in results, f"Pyodide returned nothing for {data['id']!r}"
    pyodide_answer = results[data["id"]]
    assert pyodide_answer == expected, "left: Pyodide, right: CPython"
