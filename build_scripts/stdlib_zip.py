"""The standard library the site ships: only what the calculator imports, stored uncompressed.

Pyodide's python_stdlib.zip holds 559 modules; start-up, the engine and 单位批量核对 import about 150.
`trimmed()` runs every golden case, the examples and the batch path inside Pyodide under Node
(trim_stdlib.mjs) with the precompiled library, and writes a zip of just the files imported, plus
_jxjy_stdlib_fallback (stdlib_fallback.py, knowing the modules left out) — each entry STORED: a
deflated `.pyc` does not shrink further on the wire, while stored ones compress well with brotli or
gzip (the precompressed .br/.gz beside it, or the server's own compression). The full precompiled
library is published next to it (python_stdlib_full.zip) for the rare import the runs did not see.
The list of files used is cached in build/pyodide/ by the hash of everything the run depends on.
"""

import hashlib
import json
import subprocess
import sys
import zipfile
from pathlib import Path

from build_scripts.reproducible import ZIP_TIME

REPO = Path(__file__).resolve().parent.parent
FALLBACK_SOURCE = Path(__file__).with_name("stdlib_fallback.py")
FALLBACK_MODULE = "_jxjy_stdlib_fallback.py"
DRIVER = Path(__file__).with_name("trim_stdlib.mjs")


class TrimError(Exception):
    pass


def cases(policies_dir):
    """[policy JSON text, record JSON text] for every golden case and example record (a golden case
    expecting an error too: the error's path imports what it needs)."""
    import yaml  # build time only (the policy compiler's dependency)

    texts = {}

    def policy(policy_id):
        if policy_id not in texts:
            texts[policy_id] = (policies_dir / f"{policy_id}.json").read_text(encoding="utf-8")
        return texts[policy_id]

    out = []
    for path in sorted((REPO / "tests" / "golden").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"] + data.get("history", []):
            record = {"format": 1, "policy": data["policy"], **case["record"]}
            out.append([policy(data["policy"]), json.dumps(record, ensure_ascii=False)])
    for path in sorted((REPO / "examples").rglob("*.json")):
        record = path.read_text(encoding="utf-8")
        out.append([policy(json.loads(record)["policy"]), record])
    return out


def used_files(pyodide_dir, full_zip, wheels, policies_dir, cache_dir):
    """(the zip entries the runs imported, the engine's bytecode zip), cached by the hash of every input."""
    inputs = {"wheels": [str(w) for w in wheels], "cases": cases(policies_dir)}
    digest = hashlib.sha256(DRIVER.read_bytes() + full_zip.read_bytes())
    for wheel in wheels:
        digest.update(wheel.read_bytes())
    digest.update(json.dumps(inputs["cases"], ensure_ascii=False).encode("utf-8"))
    cached = cache_dir / f"stdlib-used-{digest.hexdigest()[:16]}.json"
    engine = cached.with_name(f"engine-pyc-{digest.hexdigest()[:16]}.zip")
    if not cached.is_file() or not engine.is_file():
        cache_dir.mkdir(parents=True, exist_ok=True)
        request = cached.with_suffix(".inputs.json")
        request.write_text(json.dumps(inputs, ensure_ascii=False), encoding="utf-8")
        partial = cached.with_suffix(".partial")
        try:
            done = subprocess.run(["node", str(DRIVER), str(pyodide_dir), str(full_zip), str(request), str(partial),
                                   str(engine)],
                                  capture_output=True, text=True, timeout=900)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise TrimError(f"cannot run {DRIVER.name}: {error}") from None
        finally:
            request.unlink(missing_ok=True)
        if done.returncode != 0 or not partial.is_file():
            raise TrimError(f"{DRIVER.name} failed:\n{done.stderr[-3000:]}")
        print(done.stdout.strip())
        partial.replace(cached)
    return set(json.loads(cached.read_text(encoding="utf-8"))["files"]), engine


def module_name(entry):
    """'email/mime/text.pyc' -> 'email.mime.text', 'json/__init__.pyc' -> 'json'; None for other files."""
    for suffix in (".pyc", ".py"):
        if entry.endswith(suffix):
            parts = entry[: -len(suffix)].split("/")
            if parts[-1] == "__init__":
                parts.pop()
            return ".".join(parts) if parts and all(p.isidentifier() for p in parts) else None
    return None


def trimmed(full_zip, used, target):
    """Write target: the entries of full_zip in `used` (and their folders) plus the fallback finder, all
    STORED; return (modules kept, modules left out)."""
    with zipfile.ZipFile(full_zip) as source:
        infos = source.infolist()
        names = [info.filename for info in infos]
        # Modules Python has frozen in (os, io, abc, …) name their source as __file__: keep their .pyc too.
        used = {name + "c" if name not in names and name + "c" in names else name for name in used}
        unknown = sorted(used - set(names))
        if unknown:
            raise TrimError(f"imported files missing from {full_zip.name}: {unknown[:5]}")
        folders = {name for name in names if name.endswith("/") and any(u.startswith(name) for u in used)}
        missing = sorted({module_name(n) for n in names if n not in used} - {module_name(u) for u in used} - {None})
        fallback = FALLBACK_SOURCE.read_text(encoding="utf-8").replace(
            "MISSING = frozenset()  # replaced by the build", f"MISSING = frozenset({missing!r})")
        partial = target.with_name(target.name + ".partial")
        with zipfile.ZipFile(partial, "w") as out:
            for info in infos:
                if info.filename in used or info.filename in folders:
                    entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
                    entry.external_attr = info.external_attr
                    entry.compress_type = zipfile.ZIP_STORED
                    out.writestr(entry, source.read(info))
            entry = zipfile.ZipInfo(FALLBACK_MODULE, date_time=ZIP_TIME)
            entry.external_attr = 0o100644 << 16
            out.writestr(entry, fallback.encode("utf-8"))
        partial.replace(target)
    return len(used), len(missing)


if __name__ == "__main__":
    sys.exit("run through build_scripts/package_calculator.py")
