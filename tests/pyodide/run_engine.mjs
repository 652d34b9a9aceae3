#!/usr/bin/env node
// Pyodide side of the CPython/Pyodide parity check.
//
// Usage: node tests/pyodide/run_engine.mjs <cases.json>
//
// cases.json: JSON array of {"id": str, "policy": <compiled policy>, "record": <record>}.
// Loads Pyodide from the repo's node_modules/pyodide (no network: every
// non-local fetch is refused), copies calculator/**/*.py into the Pyodide
// file system, then runs calculator.score(policy, record) for every case.
//
// stdout: one JSON object {id: json.dumps(result, sort_keys=True, ensure_ascii=False)}
//         or {id: {"error": "<ExceptionType>: <message>"}} when score raised.
// stderr: Python's own output, plus one line
//         PYODIDE_META {"pyodide": ..., "python": ..., "load_ms": ..., ...}
// Exit code: 0 when every case ran (raising counts as ran), 2 on bad usage,
// 1 when Pyodide or the package could not be loaded.

import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

import { PYODIDE_DIR, installEngine, refuseNetwork, startPyodide } from "./engine.mjs";

function fail(code, message) {
  process.stderr.write(`run_engine: ${message}\n`);
  process.exit(code);
}

refuseNetwork("run_engine");

const RUNNER = `
import json as _json
import sys as _sys

def _run_case(policy_json, record_json):
    import calculator
    policy = _json.loads(policy_json)
    record = _json.loads(record_json)
    try:
        result = calculator.score(policy, record)
    except Exception as exc:
        return _json.dumps({"error": f"{type(exc).__name__}: {exc}"}, ensure_ascii=False)
    return _json.dumps({"ok": _json.dumps(result, sort_keys=True, ensure_ascii=False)},
                       ensure_ascii=False)
`;

async function main() {
  const args = process.argv.slice(2);
  if (args.length !== 1) fail(2, "usage: node tests/pyodide/run_engine.mjs <cases.json>");

  let cases;
  try {
    cases = JSON.parse(readFileSync(args[0], "utf8"));
  } catch (e) {
    fail(2, `cannot read cases file ${args[0]}: ${e.message}`);
  }
  if (!Array.isArray(cases)) fail(2, "cases file must hold a JSON array");

  const t0 = performance.now();
  let pyodide;
  try {
    pyodide = await startPyodide();
  } catch (e) {
    fail(1, `cannot load Pyodide from ${PYODIDE_DIR} (run build_scripts/setup): ${e.message}`);
  }
  const loadMs = performance.now() - t0;

  const t1 = performance.now();
  let files;
  try {
    files = installEngine(pyodide);
  } catch (e) {
    fail(1, e.message);
  }
  pyodide.runPython(RUNNER);
  try {
    pyodide.runPython("import calculator");
  } catch (e) {
    fail(1, `cannot import calculator in Pyodide: ${e.message}`);
  }
  const importMs = performance.now() - t1;

  const runCase = pyodide.globals.get("_run_case");
  const results = {};
  const t2 = performance.now();
  for (const c of cases) {
    const id = String(c.id);
    if (Object.prototype.hasOwnProperty.call(results, id)) fail(2, `duplicate case id ${id}`);
    const answer = JSON.parse(runCase(JSON.stringify(c.policy ?? null), JSON.stringify(c.record ?? null)));
    results[id] = "ok" in answer ? answer.ok : { error: answer.error };
  }
  const runMs = performance.now() - t2;
  // JX_WARM_ROUNDS=n (benchmarks/engine_speed.py): n more passes of calculator.api.score_json (the
  // browser's entry point) over the same JSON texts, timed like the CPython side (warm, strings made
  // beforehand), mean per pass as warm_run_ms and the fastest pass as warm_fastest_ms. As the page's
  // worker does (engine-calls.js), each policy's text is handed to Python once (api.parse_policy) and
  // each record's text on every call.
  const warmRounds = Number(process.env.JX_WARM_ROUNDS || 0);
  let warmMs = null;
  let warmFastestMs = Infinity; // the fastest single pass: on a shared, busy machine less noisy than the mean
  if (warmRounds > 0) {
    const api = pyodide.pyimport("calculator.api");
    const parsed = new Map();
    for (const c of cases) {
      const text = JSON.stringify(c.policy ?? null);
      if (!parsed.has(text)) parsed.set(text, api.parse_policy(text));
    }
    const inputs = cases.map((c) => [parsed.get(JSON.stringify(c.policy ?? null)), JSON.stringify(c.record ?? null)]);
    const scoreJson = api.score_json;
    for (const [policy, record] of inputs) scoreJson(policy, record);
    const t3 = performance.now();
    for (let round = 0; round < warmRounds; round++) {
      const start = performance.now();
      for (const [policy, record] of inputs) scoreJson(policy, record);
      warmFastestMs = Math.min(warmFastestMs, performance.now() - start);
    }
    warmMs = (performance.now() - t3) / warmRounds;
    scoreJson.destroy();
    for (const proxy of parsed.values()) proxy.destroy();
    api.destroy();
  }
  runCase.destroy();

  const meta = {
    pyodide: pyodide.version,
    python: pyodide.runPython("import sys; sys.version.split()[0]"),
    load_ms: Math.round(loadMs),
    import_ms: Math.round(importMs),
    run_ms: Math.round(runMs),
    warm_run_ms: warmMs === null ? null : Math.round(warmMs),
    warm_fastest_ms: warmMs === null ? null : Math.round(warmFastestMs * 100) / 100,
    files,
    cases: cases.length,
  };
  process.stderr.write(`PYODIDE_META ${JSON.stringify(meta)}\n`);
  process.stdout.write(JSON.stringify(results) + "\n");
}

main().catch((e) => fail(1, e?.stack ?? String(e)));
