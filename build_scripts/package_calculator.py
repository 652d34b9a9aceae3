"""Put the in-browser calculator's runtime into the built site (run after `mkdocs build`).

    site/assets/pyodide/      the files Pyodide 314 loads, copied from the pinned npm package; its
                              standard library precompiled to bytecode (precompile_stdlib.mjs), trimmed
                              to the modules the calculator imports (python_stdlib.zip, stdlib_zip.py)
                              with the whole of it beside (python_stdlib_full.zip)
    site/assets/calculator/   the engine as a py3-none-any wheel (next to app.js, worker.js, calculator.css)
    site/assets/policies/     the compiled policies (build/policies/*.json)
    site/assets/wheels/       openpyxl and et_xmlfile, the PyPI wheels pinned in requirements-dev.txt
                              (pure Python): the batch page's worker loads them only to read or
                              write .xlsx (cached in build/wheels/, fetched with pip download)
    site/assets/manifest.json sha256 and size of every file above, and where the wheel is

The wheel is written here with zipfile rather than `python -m build`: the engine is pure Python with
no dependencies, `build` would need setuptools fetched into an isolated environment (or the venv's,
with file modes and timestamps from the checkout), and `pyodide build` downloads a cross-build
environment from a host these machines cannot reach. Writing the zip directly gives a standard
`py3-none-any` wheel (METADATA, WHEEL, RECORD) that is byte-for-byte the same on every build: files in
sorted order, fixed timestamps and modes.

Usage: python -m build_scripts.package_calculator [--site site]
"""

import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from build_scripts import site_step_main, stdlib_zip
from build_scripts.reproducible import sha256_hex, sha256_urlsafe, write_zip

REPO = Path(__file__).resolve().parent.parent
PYODIDE_NPM = REPO / "node_modules" / "pyodide"
# What loadPyodide() fetches in a browser: the loader, the Emscripten module, the wasm, the
# standard library and the lock file (read at start-up even when no package is loaded).
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
FULL_STDLIB = "python_stdlib_full.zip"  # what an import outside the trimmed library falls back to
STDLIB_CACHE = REPO / "build" / "pyodide"
# Pure-Python wheels from PyPI that only the batch page loads (openpyxl needs et_xmlfile).
SHEET_WHEELS = ("et_xmlfile", "openpyxl")
WHEEL_CACHE = REPO / "build" / "wheels"


class PackageError(Exception):
    pass


def project_metadata():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return project["name"], project["version"], project.get("description", ""), project.get("requires-python")


def wheel_name(name, version):
    return f"{name.replace('-', '_')}-{version}-py3-none-any.whl"


def build_wheel(out_dir):
    """Write the engine wheel into out_dir; return its path."""
    name, version, summary, requires_python = project_metadata()
    dist = name.replace("-", "_")
    package_dir = REPO / "calculator"
    sources = sorted(p for p in package_dir.rglob("*.py") if "__pycache__" not in p.parts)
    if not sources:
        raise PackageError(f"no .py files under {package_dir}")
    entries = [(p.relative_to(REPO).as_posix(), p.read_bytes()) for p in sources]

    info = f"{dist}-{version}.dist-info"
    metadata = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}"]
    if summary:
        metadata.append(f"Summary: {summary}")
    if requires_python:
        metadata.append(f"Requires-Python: {requires_python}")
    entries.append((f"{info}/METADATA", ("\n".join(metadata) + "\n").encode("utf-8")))
    entries.append((f"{info}/WHEEL", (
        "Wheel-Version: 1.0\n"
        "Generator: build_scripts.package_calculator\n"
        "Root-Is-Purelib: true\n"
        "Tag: py3-none-any\n").encode("utf-8")))
    entries.append((f"{info}/top_level.txt", b"calculator\n"))
    record = "".join(f"{path},sha256={sha256_urlsafe(data)},{len(data)}\n" for path, data in entries)
    record += f"{info}/RECORD,,\n"
    entries.append((f"{info}/RECORD", record.encode("utf-8")))

    out_dir.mkdir(parents=True, exist_ok=True)
    for old in [*out_dir.glob("*.whl"), *out_dir.glob("*-pyc.zip")]:
        old.unlink()
    return write_zip(out_dir / wheel_name(name, version), entries)


def copy_pyodide(out_dir, wheels):
    """Pyodide's files into out_dir; the standard library precompiled and trimmed to what the engine
    (`wheels`: the engine's, then the sheet wheels) imports, when Node can do both. Returns (version,
    precompiled, trimmed)."""
    version = json.loads((PYODIDE_NPM / "package.json").read_text(encoding="utf-8"))["version"]
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    for name in PYODIDE_FILES:
        source = PYODIDE_NPM / name
        if not source.is_file():
            raise PackageError(f"{source} is missing: run build_scripts/setup (npm ci)")
        shutil.copyfile(source, out_dir / name)
    precompiled = precompiled_stdlib()
    if not precompiled:
        return version, False, False
    try:
        used, engine = stdlib_zip.used_files(PYODIDE_NPM, precompiled, wheels, REPO / "build" / "policies", STDLIB_CACHE)
    except stdlib_zip.TrimError as error:
        # A case that does not score under Pyodide is the engine's fault: the build must stop.
        raise PackageError(str(error)) from None
    kept, left = stdlib_zip.trimmed(precompiled, used, out_dir / "python_stdlib.zip")
    shutil.copyfile(precompiled, out_dir / FULL_STDLIB)
    # the engine as bytecode, beside its wheel (what the browser unpacks; the wheel stays for pip)
    shutil.copyfile(engine, wheels[0].with_name(wheels[0].name.replace("-py3-none-any.whl", "-pyc.zip")))
    print(f"package_calculator: standard library trimmed to {kept} files ({left} modules left to {FULL_STDLIB})")
    return version, True, True


def precompiled_stdlib():
    """python_stdlib.zip with bytecode instead of source, made once per Pyodide release (cached in
    build/pyodide/). Python then starts in about half the time: it no longer compiles the standard
    library from source on every page load. None (and the source zip is used) if Node fails."""
    source = PYODIDE_NPM / "python_stdlib.zip"
    key = sha256_hex(source.read_bytes())[:16]
    target = STDLIB_CACHE / f"python_stdlib-{key}-pyc.zip"
    if target.is_file():
        return target
    STDLIB_CACHE.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    try:
        done = subprocess.run(["node", str(REPO / "build_scripts" / "precompile_stdlib.mjs"), str(PYODIDE_NPM), str(partial)],
                              capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as error:
        print(f"package_calculator: warning: cannot precompile the standard library ({error}); using source",
              file=sys.stderr)
        return None
    if done.returncode != 0 or not partial.is_file():
        print(f"package_calculator: warning: precompiling the standard library failed; using source\n{done.stderr[-2000:]}",
              file=sys.stderr)
        return None
    print(done.stdout.strip())
    partial.replace(target)
    return target


def pinned_versions(requirements=REPO / "requirements-dev.txt"):
    """{name: version} of the `name==version` lines (names as written, case-insensitive match later)."""
    pins = {}
    for line in requirements.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            pins[name.strip().lower().replace("-", "_")] = version.strip()
    return pins


def copy_sheet_wheels(out_dir):
    """The pinned openpyxl and et_xmlfile wheels into out_dir; downloaded once with pip into build/wheels/."""
    pins = pinned_versions()
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    copied = []
    for name in SHEET_WHEELS:
        if name not in pins:
            raise PackageError(f"{name} is not pinned (name==version) in requirements-dev.txt")
        pattern = f"{name}-{pins[name]}-*none-any.whl"
        found = sorted(WHEEL_CACHE.glob(pattern))
        if not found:
            WHEEL_CACHE.mkdir(parents=True, exist_ok=True)
            done = subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                                   "--dest", str(WHEEL_CACHE), f"{name}=={pins[name]}"],
                                  capture_output=True, text=True, timeout=600)
            found = sorted(WHEEL_CACHE.glob(pattern))
            if done.returncode != 0 or not found:
                raise PackageError(f"cannot download the {name}=={pins[name]} wheel from PyPI:\n{done.stderr[-2000:]}")
        shutil.copyfile(found[0], out_dir / found[0].name)
        copied.append(out_dir / found[0].name)
    return copied


def copy_policies(source_dir, out_dir):
    files = sorted(source_dir.glob("*.json"))
    if not any(p.name == "index.json" for p in files):
        raise PackageError(f"{source_dir}/index.json is missing: run python -m calculator.policy_files")
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    for path in files:
        shutil.copyfile(path, out_dir / path.name)


def write_manifest(site, assets, wheel, pyodide_version, precompiled, sheet_wheels=(), trimmed=False):
    files = {}
    for folder in ("pyodide", "calculator", "policies", "wheels"):
        for path in sorted((assets / folder).rglob("*")):
            if path.is_file():
                data = path.read_bytes()
                files[path.relative_to(site).as_posix()] = {"sha256": sha256_hex(data), "size": len(data)}
    manifest = {
        "format": 1,
        "pyodide": {"version": pyodide_version, "dir": "assets/pyodide/", "stdlib_precompiled": precompiled,
                    "stdlib_full": f"assets/pyodide/{FULL_STDLIB}" if trimmed else None},
        "wheel": wheel.relative_to(site).as_posix(),
        # the engine precompiled to bytecode (the worker unpacks this when present, else the wheel)
        "engine_pyc": pyc.relative_to(site).as_posix() if (pyc := wheel.with_name(
            wheel.name.replace("-py3-none-any.whl", "-pyc.zip"))).is_file() else None,
        "sheet_wheels": [path.relative_to(site).as_posix() for path in sheet_wheels],
        "files": files,
    }
    target = assets / "manifest.json"
    target.write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return manifest


def package(site):
    assets = site / "assets"
    browser_code = REPO / "docs" / "assets" / "calculator"
    if not (REPO / "mkdocs.yml").is_file() and browser_code.is_dir():
        # No MkDocs build to copy docs/assets: copy the calculator's own files.
        shutil.copytree(browser_code, assets / "calculator", dirs_exist_ok=True)
    wheel = build_wheel(assets / "calculator")
    copy_policies(REPO / "build" / "policies", assets / "policies")
    sheet_wheels = copy_sheet_wheels(assets / "wheels")
    pyodide_version, precompiled, trimmed = copy_pyodide(assets / "pyodide", [wheel, *sheet_wheels])
    manifest = write_manifest(site, assets, wheel, pyodide_version, precompiled, sheet_wheels, trimmed)
    size = sum(entry["size"] for entry in manifest["files"].values())
    print(f"package_calculator: {len(manifest['files'])} files ({size / 1e6:.1f} MB), "
          f"Pyodide {pyodide_version}{' (stdlib precompiled)' if precompiled else ''}, {wheel.name}")


def main(argv=None):
    return site_step_main("package_calculator", __doc__, package, (PackageError, OSError), argv)


if __name__ == "__main__":
    sys.exit(main())
