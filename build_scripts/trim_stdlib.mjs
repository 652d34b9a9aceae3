#!/usr/bin/env node
// Which standard-library files the calculator uses: run, inside Pyodide under Node with the precompiled
// library, what the site's worker runs — start-up, the engine wheel unpacked, every case given scored,
// planned and turned into deadlines, and 单位批量核对 over each policy's .xlsx and .csv templates (UTF-8,
// GBK, UTF-16) and .json records, with both exports — and list the library's files that were imported.
// package_calculator.py keeps only those in the site's python_stdlib.zip (the rest is fetched when an
// import needs it: stdlib_fallback.py).
//
// It also compiles the engine's modules (the first wheel) to bytecode there, as precompile_stdlib.mjs does
// for the library: a zip of calculator/**/*.pyc (unchecked hash-based, no source), which the site's
// worker unpacks instead of the wheel, so Python does not compile the engine on every page load.
//
// Usage: node build_scripts/trim_stdlib.mjs <pyodide dir> <stdlib.zip> <inputs.json> <out.json> <engine.zip>
// inputs.json: {"wheels": [engine wheel, sheet wheels...], "cases": [[policy JSON text, record JSON text], ...]}
// out.json: {"files": [zip entry names], "cases": n}

import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";

const [dir, stdlib, inputsPath, out, engineOut] = process.argv.slice(2);
if (!engineOut) {
  process.stderr.write("usage: node trim_stdlib.mjs <pyodide dir> <stdlib.zip> <inputs.json> <out.json> <engine.zip>\n");
  process.exit(2);
}
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => { // nothing from the network: the run must be what the site ships
  const url = typeof input === "string" ? input : input?.url ?? String(input);
  if (/^(https?|wss?):/i.test(url)) throw new Error(`trim_stdlib: network access refused: ${url}`);
  return realFetch(input, init);
};
const pyodideDir = resolve(dir);
const inputs = JSON.parse(readFileSync(inputsPath, "utf8"));
const { loadPyodide } = await import(pathToFileURL(join(pyodideDir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL: pyodideDir + sep, stdLibURL: resolve(stdlib), stdout: () => {},
  stderr: (line) => process.stderr.write(line + "\n") });
for (const wheel of inputs.wheels) pyodide.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel");
pyodide.globals.set("CASES", pyodide.toPy(inputs.cases));
const answer = pyodide.runPython(`
import json, sys, time
started = time.time()

import calculator.api as api
from calculator.sheets import files, xlsx

policies = {}
for policy, record in CASES:
    api.score_json(policy, record)  # its answer is the parity tests' concern (tests/test_pyodide_parity.py)
    policies.setdefault(policy, []).append(record)
print(f"trim_stdlib: scored {time.time() - started:.1f} s", file=sys.stderr)
for policy, records in policies.items():  # 怎么补 and deadlines: one record of each policy is enough to import them
    record = max(records, key=len)
    years = [entry.get("year") for entry in json.loads(record).get("years", [])] or [None]
    api.plan_json(policy, record, years[-1])
    api.deadlines_ics(policy, record)
print(f"trim_stdlib: cases {time.time() - started:.1f} s", file=sys.stderr)
for policy, records in policies.items():
    parsed = json.loads(policy)
    csv_text = files.template_csv(parsed).lstrip("\ufeff")
    sheets = [("t.xlsx", xlsx.template(parsed)), ("u8.csv", csv_text.encode("utf-8-sig")),
              ("gbk.csv", csv_text.encode("gbk")), ("u16.csv", csv_text.encode("utf-16")),
              ("gb.csv", csv_text.encode("gb18030"))]
    sheets += [(f"{n}.json", r.encode("utf-8")) for n, r in enumerate(records)]
    api.batch_csv(policy, json.dumps([[str(n), json.loads(r)] for n, r in enumerate(records)], ensure_ascii=False))
    job = api.BatchJob(policy, sheets)
    while job.done < job.total:
        job.step(250)
    job.answer()
    job.person(0)
    job.export("xlsx")
    job.export("csv")

prefix = f"/lib/python{sys.version_info.major}{sys.version_info.minor}.zip/"
used = sorted({m.__file__[len(prefix):] for m in list(sys.modules.values())
               if isinstance(getattr(m, "__file__", None), str) and m.__file__.startswith(prefix)})
json.dumps({"files": used, "cases": len(CASES)})
`);
pyodide.runPython(`
import importlib.util, os, zipfile
from importlib._bootstrap_external import _code_to_hash_pyc
import calculator

root = os.path.dirname(os.path.dirname(calculator.__file__)) + "/"
sources = sorted(os.path.join(d, f)[len(root):] for d, _, fs in os.walk(root + "calculator") for f in fs if f.endswith(".py"))
with zipfile.ZipFile("/tmp/engine.zip", "w") as out:
    for name in sources:
        with open(root + name, "rb") as handle:
            source = handle.read()
        code = compile(source, "/" + name, "exec", dont_inherit=True)
        entry = zipfile.ZipInfo(name + "c", date_time=(1980, 1, 1, 0, 0, 0))
        entry.external_attr = 0o100644 << 16
        out.writestr(entry, _code_to_hash_pyc(code, importlib.util.source_hash(source), checked=False))
`);
writeFileSync(engineOut, pyodide.FS.readFile("/tmp/engine.zip"));
writeFileSync(out, answer);
const summary = JSON.parse(answer);
process.stdout.write(`trim_stdlib: ${summary.files.length} standard-library files used by ${summary.cases} cases\n`);
