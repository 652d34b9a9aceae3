#!/usr/bin/env node
// Precompile Pyodide's standard library to bytecode, inside Pyodide itself (so the bytecode matches
// its Python exactly), for a faster start in the browser: Python then imports the stdlib without
// compiling it from source on every page load.
//
// Usage: node build_scripts/precompile_stdlib.mjs <pyodide dir> <out.zip>
// Every .py in python_stdlib.zip becomes an unchecked hash-based .pyc (no source check, no
// timestamps); other entries are copied. A file that does not compile stays as source.

import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";

const [dir, out] = process.argv.slice(2);
if (!dir || !out) {
  process.stderr.write("usage: node precompile_stdlib.mjs <pyodide dir> <out.zip>\n");
  process.exit(2);
}
const pyodideDir = resolve(dir);
const { loadPyodide } = await import(pathToFileURL(join(pyodideDir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL: pyodideDir + sep, stdout: () => {}, stderr: () => {} });
pyodide.FS.writeFile("/tmp/in.zip", readFileSync(join(pyodideDir, "python_stdlib.zip")));
const summary = pyodide.runPython(`
import importlib.util, sys, zipfile
from importlib._bootstrap_external import _code_to_hash_pyc

prefix = f"/lib/python{sys.version_info.major}{sys.version_info.minor}.zip/"
compiled = kept = 0
with zipfile.ZipFile("/tmp/in.zip") as src, zipfile.ZipFile("/tmp/out.zip", "w") as dst:
    for info in src.infolist():
        data = src.read(info)
        name = info.filename
        if name.endswith(".py"):
            try:
                code = compile(data, prefix + name, "exec", dont_inherit=True)
            except SyntaxError:
                kept += 1
            else:
                data = _code_to_hash_pyc(code, importlib.util.source_hash(data), checked=False)
                name += "c"
                compiled += 1
        entry = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
        entry.external_attr = info.external_attr
        entry.compress_type = zipfile.ZIP_DEFLATED if not name.endswith("/") else zipfile.ZIP_STORED
        dst.writestr(entry, data, compresslevel=9)
f"{compiled} modules compiled, {kept} kept as source, Python {sys.version.split()[0]}"
`);
writeFileSync(out, pyodide.FS.readFile("/tmp/out.zip"));
process.stdout.write(`precompile_stdlib: ${summary}\n`);
