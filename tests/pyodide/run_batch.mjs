#!/usr/bin/env node
// The batch check under Pyodide (Node), as the batch page's worker runs it: the engine's .py files,
// calculator.api.BatchJob over the given files a chunk at a time, then the shipped openpyxl +
// et_xmlfile wheels (site/assets/wheels/, from the manifest) unpacked to write the .xlsx export.
//
// Usage: node tests/pyodide/run_batch.mjs <policy.json> <out-dir> <file>...
// Writes <out-dir>/answer.json, results.csv and results.xlsx; stderr: one line
//   BATCH_META {"load_ms", "wheels_ms", "read_ms", "score_ms", "export_ms", "people", "peak_rss_mb"}
// No network: every non-local fetch is refused.

import { readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { performance } from "node:perf_hooks";

import { REPO, installEngine, refuseNetwork, startPyodide } from "./engine.mjs";

refuseNetwork("run_batch");

let peakRss = 0;
const sample = () => { peakRss = Math.max(peakRss, process.memoryUsage().rss); };

async function main() {
  const [policyPath, outDir, ...inputs] = process.argv.slice(2);
  if (!policyPath || !outDir || inputs.length === 0) {
    process.stderr.write("usage: node tests/pyodide/run_batch.mjs <policy.json> <out-dir> <file>...\n");
    process.exit(2);
  }
  const t0 = performance.now();
  const pyodide = await startPyodide();
  const loadMs = performance.now() - t0;
  installEngine(pyodide);
  sample();

  const api = pyodide.pyimport("calculator.api");
  const t2 = performance.now();
  const cpu = process.cpuUsage();
  const files = pyodide.toPy(inputs.map((path) => [basename(path), new Uint8Array(readFileSync(path))]));
  const job = api.BatchJob(readFileSync(policyPath, "utf8"), files);
  const readMs = performance.now() - t2;
  sample();
  const t3 = performance.now();
  while (job.done < job.total) {
    job.step(500);
    sample();
  }
  const scoreMs = performance.now() - t3;
  const answer = job.answer();
  const t1 = performance.now(); // openpyxl only to write the .xlsx export (reading needs none), as the worker
  const manifest = JSON.parse(readFileSync(join(REPO, "site", "assets", "manifest.json"), "utf8"));
  for (const wheel of manifest.sheet_wheels) {
    pyodide.unpackArchive(new Uint8Array(readFileSync(join(REPO, "site", wheel))), "wheel");
  }
  const wheelsMs = performance.now() - t1;
  const t4 = performance.now();
  const xlsx = job.export("xlsx").toJs();
  const csv = job.export("csv").toJs();
  const exportMs = performance.now() - t4;
  const used = process.cpuUsage(cpu);
  sample();
  writeFileSync(join(outDir, "answer.json"), answer);
  writeFileSync(join(outDir, "results.xlsx"), xlsx);
  writeFileSync(join(outDir, "results.csv"), csv);
  const meta = { load_ms: Math.round(loadMs), wheels_ms: Math.round(wheelsMs), read_ms: Math.round(readMs),
    score_ms: Math.round(scoreMs),
    cpu_ms: Math.round((used.user + used.system) / 1000), export_ms: Math.round(exportMs), people: job.total,
    peak_rss_mb: Math.round(peakRss / 1e6) };
  process.stderr.write(`BATCH_META ${JSON.stringify(meta)}\n`);
}

main().catch((e) => { process.stderr.write(`run_batch: ${e?.stack ?? e}\n`); process.exit(1); });
