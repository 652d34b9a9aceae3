"""Shared pytest set-up: repo root on sys.path, compiled policies from build/, the browser (tests/web.py)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tests.web import browser, output_dir  # noqa: E402,F401  (fixtures shared by tests/browser and tests/site)

BUILD_POLICIES = REPO_ROOT / "build" / "policies"


@pytest.fixture(scope="session")
def compiled_policies() -> dict[str, dict]:
    """Policy id -> compiled policy dict, read from build/policies/*.json.

    The id is the policy's own "id" field, or the file name without .json.
    Fails (never skips) when the build output is missing: run build_scripts/build.
    """
    if not BUILD_POLICIES.is_dir():
        pytest.fail(
            f"{BUILD_POLICIES.relative_to(REPO_ROOT)}/ is missing: run build_scripts/build "
            "(or build_scripts/test, which builds first)",
            pytrace=False,
        )
    files = sorted(p for p in BUILD_POLICIES.glob("*.json") if p.name != "index.json")
    if not files:
        pytest.fail(
            f"no *.json in {BUILD_POLICIES.relative_to(REPO_ROOT)}/: run build_scripts/build",
            pytrace=False,
        )
    policies: dict[str, dict] = {}
    for path in files:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            pytest.fail(f"cannot read compiled policy {path}: {exc}", pytrace=False)
        if not isinstance(data, dict):
            pytest.fail(f"compiled policy {path} is not a JSON object", pytrace=False)
        policy_id = str(data.get("id", path.stem))
        if policy_id in policies:
            pytest.fail(f"duplicate compiled policy id {policy_id!r} ({path})", pytrace=False)
        policies[policy_id] = data
    return policies
