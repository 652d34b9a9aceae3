"""The built guide site, shared by the site tests (one build per session at most).

`site/` is reused when it is newer than everything it is built from (build_scripts/test has just
built it); otherwise the site is built as build_scripts/build does (`mkdocs build --strict`, then
the calculator's packaging step) into a temporary directory.
Set JXJY_SITE_REBUILD=1 to always build afresh.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SITE = REPO / "site"
COMPILED = REPO / "build" / "policies"
INPUTS = ["mkdocs.yml", "docs", "build_scripts/site_hooks.py", "build_scripts/guide", "build/policies",
          "build_scripts/package_calculator.py", "policies/sources", "schema/policy.schema.json", "calculator",
          "build_scripts/offline.py", "build_scripts/offline", "build_scripts/offline_hooks.py",
          "build_scripts/lockdown.py", "build_scripts/sw.js"]


def _newest(paths):
    newest = 0.0
    for name in paths:
        path = REPO / name
        files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()] if path.exists() else []
        for file in files:
            if "__pycache__" not in file.parts:
                newest = max(newest, file.stat().st_mtime)
    return newest


def _run(args, what):
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(args, cwd=REPO, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        pytest.fail(f"{what} failed (exit {done.returncode}):\n{done.stdout}\n{done.stderr}", pytrace=False)
    return done


@pytest.fixture(scope="session")
def compiled():
    """Compiled policies (id -> dict), recompiled if a policy file is newer than build/policies."""
    index = COMPILED / "index.json"
    sources = [p.stat().st_mtime for p in (REPO / "policies").glob("*.yaml")]
    if not index.exists() or (sources and max(sources) > index.stat().st_mtime):
        _run([sys.executable, "-m", "calculator.policy_files"], "compiling the policies")
    entries = json.loads(index.read_text(encoding="utf-8"))["policies"]
    return {e["id"]: json.loads((COMPILED / f"{e['id']}.json").read_text(encoding="utf-8")) for e in entries}


@pytest.fixture(scope="session")
def site_dir(compiled, tmp_path_factory):
    marker = SITE / "index.html"
    fresh = (marker.exists() and (SITE / "policies" / "index.html").exists()
             and marker.stat().st_mtime >= _newest(INPUTS) and not os.environ.get("JXJY_SITE_REBUILD"))
    if fresh:
        return SITE
    target = tmp_path_factory.mktemp("site") / "site"
    started = time.monotonic()
    _run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(target)], "mkdocs build --strict")
    if (REPO / "build_scripts" / "package_calculator.py").exists():  # as build_scripts/build does next
        _run([sys.executable, "-m", "build_scripts.package_calculator", "--site", str(target)],
             "packaging the calculator")
    if (REPO / "build_scripts" / "lockdown.py").exists():  # the offline copy, then CSP and service worker
        _run([sys.executable, "-m", "build_scripts.offline", "--site", str(target), "--dist", str(target.parent / "dist")],
             "building the offline copy")
        _run([sys.executable, "-m", "build_scripts.lockdown", "--site", str(target)], "locking the site down")
    print(f"\nsite built in {time.monotonic() - started:.1f} s into {target}")
    return target


@pytest.fixture(scope="session")
def read_page(site_dir):
    """read_page('policies/x/') -> parsed htmlcheck.Page (cached)."""
    from tests.site.htmlcheck import Page

    cache = {}

    def read(path):
        file = site_dir / path
        if file.is_dir() or path.endswith("/") or path == "":
            file = file / "index.html"
        if file not in cache:
            assert file.exists(), f"missing page {file.relative_to(site_dir)}"
            cache[file] = Page(file.read_text(encoding="utf-8"))
        return cache[file]

    return read
