"""The trimmed standard library (build_scripts/stdlib_zip.py): the site ships only the modules the
calculator was seen to import; an import outside them fetches python_stdlib_full.zip once and goes on.

The second test serves the site with a trimmed library that lacks `fractions` (which the engine
imports for its exact figures), made by the build's own code, and its manifest entry to match: the
calculator must still compute a golden case exactly as CPython does, having fetched the full library once.
"""

import base64
import json
import zipfile

from calculator import score
from tests.browser import ui
from tests.web import SITE

from build_scripts import stdlib_zip

TONGLU = "zhejiang-tonglu-2018"
FULL = "assets/pyodide/python_stdlib_full.zip"
TRIMMED = SITE / "assets" / "pyodide" / "python_stdlib.zip"
RECORD = {"format": 1, "policy": TONGLU, "year": 2024, "activities": [
    {"kind": "face_training", "params": {"days": 5}, "category": "professional"},
    {"kind": "online_course", "params": {"credits": 20}, "category": "public_general"}]}


def share_path(record):
    data = base64.urlsafe_b64encode(json.dumps(record, ensure_ascii=False).encode("utf-8")).decode("ascii")
    return f"calculator/?policy={record['policy']}#r={data.rstrip('=')}"


def shows_engine_answer(page, policy):
    ui.wait_ready(page)
    ui.wait_scored(page)
    page.wait_for_selector(".jx-results[data-state='ok']", timeout=ui.READY_TIMEOUT)
    assert ui.shown(page) == ui.expected(score(policy, RECORD))


def test_the_shipped_library_is_trimmed_and_stored_and_needs_no_fallback(contexts, compiled_policies, site_url):
    manifest = json.loads((SITE / "assets" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["pyodide"]["stdlib_full"] == FULL
    with zipfile.ZipFile(TRIMMED) as trimmed, zipfile.ZipFile(SITE / FULL) as full:
        kept = [i for i in trimmed.infolist() if not i.filename.endswith("/")]
        assert all(i.compress_type == zipfile.ZIP_STORED for i in kept)
        assert "_jxjy_stdlib_fallback.py" in trimmed.namelist()
        assert "fractions.pyc" in trimmed.namelist() and "tomllib/__init__.pyc" not in trimmed.namelist()
        assert len(kept) < len(full.namelist()) / 2
    page = contexts.page(share_path(RECORD))
    shows_engine_answer(page, compiled_policies[TONGLU])
    assert not [url for url in page.context.requests if url.startswith(site_url + FULL)]
    assert not page.errors


def test_an_import_outside_the_trimmed_library_fetches_the_full_one(contexts, compiled_policies, site_url, tmp_path):
    with zipfile.ZipFile(TRIMMED) as shipped:
        used = {name for name in shipped.namelist() if not name.endswith("/")} - {stdlib_zip.FALLBACK_MODULE}
    lacking = tmp_path / "python_stdlib.zip"
    stdlib_zip.trimmed(SITE / FULL, used - {"fractions.pyc"}, lacking)
    data = lacking.read_bytes()
    manifest = json.loads((SITE / "assets" / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"]["assets/pyodide/python_stdlib.zip"] = {"sha256": stdlib_zip.hashlib.sha256(data).hexdigest(),
                                                              "size": len(data)}
    context = contexts()
    context.route("**/assets/pyodide/python_stdlib.zip*",
                  lambda route: route.fulfill(status=200, body=data, headers={"Content-Type": "application/zip"}))
    context.route("**/assets/manifest.json",
                  lambda route: route.fulfill(status=200, body=json.dumps(manifest),
                                              headers={"Content-Type": "application/json"}))
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(site_url + share_path(RECORD))
    shows_engine_answer(page, compiled_policies[TONGLU])
    assert len([url for url in context.requests if url.startswith(site_url + FULL)]) == 1
    assert not page.errors
