"""build_scripts/build stops at a policy file that fails validation, naming its file and line."""

import os
import re
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
COPIED = ["build_scripts", "calculator", "policies", "schema", "docs", "mkdocs.yml",
          "requirements-dev.txt", "package.json", "package-lock.json", "pyproject.toml"]
LINKED = [".venv", "node_modules"]  # set up already; the stamps inside keep setup from reinstalling


def test_a_policy_failing_validation_stops_the_build(tmp_path):
    copy = tmp_path / "repo"
    copy.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in COPIED:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=ignore)
        elif source.exists():
            shutil.copy2(source, copy / name)
    for name in LINKED:
        (copy / name).symlink_to(REPO / name)
    policy = copy / "policies" / "zhejiang-tonglu-2018.yaml"
    text = policy.read_text(encoding="utf-8")
    assert "min: 90" in text
    policy.write_text(text.replace("min: 90", "min: lots", 1), encoding="utf-8")
    line = text.splitlines().index(next(l for l in text.splitlines() if "min: 90" in l)) + 1

    env = {k: v for k, v in os.environ.items() if k not in ("JXJY_POLICIES", "PYTHONPATH")}
    done = subprocess.run(["bash", "build_scripts/build"], cwd=copy, env=env, capture_output=True, text=True,
                          timeout=300)
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert re.search(rf"zhejiang-tonglu-2018\.yaml:{line}: ", output) or \
        re.search(r"zhejiang-tonglu-2018\.yaml:\d+: .*requirement", output), output
    assert "mkdocs build" not in done.stdout, output
    assert not (copy / "site" / "index.html").exists()
