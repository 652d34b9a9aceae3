"""Engine speed as ratios (run: .venv/bin/python -m benchmarks.engine_speed).

Prints how much slower the same golden cases score in Pyodide under Node than in CPython, and
what scoring a 5-year history costs relative to scoring its years one by one. Ratios, not
seconds, so the numbers mean the same on any machine; no test asserts on them.
"""

import json
import os
import subprocess
import tempfile
import time
from pathlib import Path

from calculator import score
from calculator.api import parse_policy, score_json
from tests.golden import REPO, load_cases


WARM_ROUNDS = 15  # Pyodide passes; the CPython side makes twice as many (they take half the time)


def cpython_ms(cases, rounds):
    """(mean, fastest) milliseconds per pass."""
    # The same path as the Pyodide run and the browser: each policy parsed once (api.parse_policy, as the
    # worker does), the record's JSON string in, a JSON string out.
    parsed = {}
    for case in cases:
        text = json.dumps(case["policy"], ensure_ascii=False)
        parsed.setdefault(text, parse_policy(text))
    inputs = [(parsed[json.dumps(c["policy"], ensure_ascii=False)], json.dumps(c["record"], ensure_ascii=False))
              for c in cases]
    passes = []
    for _ in range(rounds):
        start = time.perf_counter()
        for policy_json, record_json in inputs:
            score_json(policy_json, record_json)
        passes.append((time.perf_counter() - start) * 1000)
    return sum(passes) / rounds, min(passes)


def pyodide_ms(cases):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as handle:
        json.dump([{"id": c["id"], "policy": c["policy"], "record": c["record"]} for c in cases], handle)
    # Warm passes, as on the CPython side: a first pass also pays for imports and caches filling.
    done = subprocess.run(["node", str(REPO / "tests" / "pyodide" / "run_engine.mjs"), handle.name],
                          capture_output=True, text=True, cwd=REPO, timeout=600, check=True,
                          env={**os.environ, "JX_WARM_ROUNDS": str(WARM_ROUNDS)})
    Path(handle.name).unlink()
    meta = next(line for line in done.stderr.splitlines() if line.startswith("PYODIDE_META "))
    return json.loads(meta.split(" ", 1)[1])


def main():
    cases = [c for c in load_cases() if not c["error"]]
    cpython, fastest = cpython_ms(cases, rounds=2 * WARM_ROUNDS)
    meta = pyodide_ms(cases)
    print(f"golden cases: {len(cases)}")
    print(f"Pyodide/CPython scoring time ratio (warm, mean of {WARM_ROUNDS} passes ÷ mean of {2 * WARM_ROUNDS}): "
          f"{meta['warm_run_ms'] / cpython:.2f}")
    print(f"Pyodide/CPython scoring time ratio (warm, fastest pass ÷ fastest pass; less noisy on a busy "
          f"machine): {meta['warm_fastest_ms'] / fastest:.2f}")
    print(f"Pyodide first pass / CPython warm pass: {meta['run_ms'] / cpython:.1f}")
    print(f"Pyodide start-up / one scoring pass: {meta['load_ms'] / meta['run_ms']:.1f}")

    tonglu = next(c["policy"] for c in cases if c["policy"]["id"] == "zhejiang-tonglu-2018")
    year = {"kind": "face_training", "params": {"days": 5}}
    single = [{"year": y, "activities": [year] * 10} for y in range(2019, 2024)]
    history = {"years": single, "target_year": 2024}
    rounds = 200
    start = time.perf_counter()
    for _ in range(rounds):
        score(tonglu, history)
    together = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(rounds):
        for entry in single:
            score(tonglu, entry)
    apart = time.perf_counter() - start
    print(f"5-year history / 5 single years: {together / apart:.2f}")


if __name__ == "__main__":
    main()
