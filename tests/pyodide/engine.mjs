// What the Node harnesses (run_engine.mjs, run_batch.mjs) share: Pyodide from the repo's
// node_modules with no network, and the engine's .py files copied into its file system.

import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const PYODIDE_DIR = join(REPO, "node_modules", "pyodide");
export const PACKAGE_DIR = join(REPO, "calculator");
const SITE_DIR = "/home/pyodide"; // the package goes to /home/pyodide/calculator

/** Refuse the network: only local files may be read. `who` names the harness in the error. */
export function refuseNetwork(who) {
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const url = typeof input === "string" ? input : input?.url ?? String(input);
    if (/^(https?|wss?):/i.test(url)) throw new Error(`${who}: network access refused: ${url}`);
    return realFetch(input, init);
  };
}

function pyFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    if (name === "__pycache__" || name.startsWith(".")) continue;
    const full = join(dir, name);
    const st = statSync(full);
    if (st.isDirectory()) out.push(...pyFiles(full));
    else if (st.isFile() && name.endsWith(".py")) out.push(full);
  }
  return out;
}

/** loadPyodide() with Python's output on stderr, so that stdout stays the harness's answer. */
export async function startPyodide() {
  const { loadPyodide } = await import(pathToFileURL(join(PYODIDE_DIR, "pyodide.mjs")).href);
  return loadPyodide({
    indexURL: PYODIDE_DIR + sep,
    stdout: (line) => process.stderr.write(line + "\n"),
    stderr: (line) => process.stderr.write(line + "\n"),
  });
}

/** Copy calculator/**\/*.py into Pyodide's file system and put it on sys.path; the number of files. */
export function installEngine(pyodide) {
  const files = pyFiles(PACKAGE_DIR);
  if (files.length === 0) throw new Error(`no .py files under ${PACKAGE_DIR}`);
  for (const file of files) {
    const target = `${SITE_DIR}/calculator/${relative(PACKAGE_DIR, file).split(sep).join("/")}`;
    pyodide.FS.mkdirTree(target.slice(0, target.lastIndexOf("/")));
    pyodide.FS.writeFile(target, readFileSync(file));
  }
  pyodide.runPython(`
import sys, importlib
if ${JSON.stringify(SITE_DIR)} not in sys.path:
    sys.path.insert(0, ${JSON.stringify(SITE_DIR)})
importlib.invalidate_caches()
`);
  return files.length;
}
