"""build_scripts/setup stops first thing, with a clear message, on a Python older than 3.11 or a Node
older than 20 (stand-ins that report old versions; setup exits before it installs anything)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def fake(folder, name, script):
    path = folder / name
    path.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    path.chmod(0o755)
    return path


def run_setup(env):
    return subprocess.run(["bash", str(REPO / "build_scripts" / "setup")], env={**os.environ, **env},
                          capture_output=True, text=True, timeout=60)


def test_an_old_python_stops_setup(tmp_path):
    python = fake(tmp_path, "python3.9", 'case "$*" in -V) echo "Python 3.9.2";; *) exit 1;; esac\n')
    done = run_setup({"PYTHON": str(python)})
    assert done.returncode == 1
    assert "Python 3.11 or newer is needed" in done.stderr and "Python 3.9.2" in done.stderr, done.stderr
    assert "installing" not in done.stdout and "npm ci" not in done.stdout


def test_an_old_node_stops_setup(tmp_path):
    fake(tmp_path, "node", 'case "$1" in -p) echo 18;; *) echo v18.19.0;; esac\n')
    fake(tmp_path, "npm", "exit 0\n")
    done = run_setup({"PATH": f"{tmp_path}:{os.environ['PATH']}"})
    assert done.returncode == 1
    assert "Node.js v18.19.0 is too old: Node.js 20 or newer is needed" in done.stderr, done.stderr
    assert "installing" not in done.stdout and "npm ci" not in done.stdout


def test_a_missing_node_stops_setup(tmp_path):
    (tmp_path / "python3").symlink_to(Path(sys.executable).resolve())  # a real interpreter, not a shim
    for name in ("bash", "dirname"):  # what setup runs before it looks for node
        (tmp_path / name).symlink_to(shutil.which(name))
    done = run_setup({"PATH": str(tmp_path)})
    assert done.returncode == 1
    assert "node not found: Node.js 20 or newer is needed" in done.stderr, done.stderr
