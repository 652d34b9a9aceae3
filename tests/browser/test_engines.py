"""The calculator in Safari's engine (WebKitGTK) and in Firefox ESR, not only in Chromium: in each,
one browser launch, three golden cases whose figures on screen must equal CPython's `calculator.score`:
one opened through a share link, one typed with the keyboard, one in the offline copy from file://.

Drivers: tests/browser/engines.py. What the page shows is read with the same script as the Chromium
tests (ui.SHOWN_JS) and compared with the same expectation (ui.expected).
"""

import base64
import json
import time
import zipfile
from urllib.parse import urlsplit

import pytest

from calculator import score
from tests.browser import engines, ui
from tests.browser.hosting import golden_case
from tests.web import REPO

OFFLINE_ZIP = REPO / "dist" / "jxjy-offline.zip"  # what build_scripts/build writes
PYODIDE_PROBE = "CSP: script-src-elem data from :0"  # blocked URI "data", no source file
SHARED, TYPED, OFFLINE = "shandong-binzhou-2021", "zhejiang-wenzhou-2017", "zhejiang-tonglu-2018"


@pytest.fixture(scope="module", params=sorted(engines.ENGINES))
def engine(request):
    try:
        launch = engines.ENGINES[request.param]()
        browser = launch.__enter__()
    except Exception as error:  # a missing package or a browser that would not start: fail, never skip
        pytest.fail(f"{request.param} could not be started: {type(error).__name__}: {error}", pytrace=False)
    yield browser
    launch.__exit__(None, None, None)


def share_link(site_url, record):
    """The link 生成分享链接 makes (share.js): the record as base64url of its UTF-8 JSON after #r=."""
    data = base64.urlsafe_b64encode(json.dumps(record, ensure_ascii=False).encode("utf-8")).decode("ascii")
    return f"{site_url}calculator/?policy={record['policy']}#r={data.rstrip('=')}"


def wait_ready(engine, policy_id):
    engine.wait(f"return !!document.querySelector(\"#jx-calc[data-engine='ready'][data-policy='{policy_id}']"
                f"[data-busy='0'] .jx-form-area:not([hidden])\")")


def assert_shows(engine, policy, record):
    """The figures on screen equal the CPython engine's (polled a little: the page may be re-scoring)."""
    expected = ui.expected(score(policy, record))
    deadline = time.monotonic() + 15
    while (shown := engine.js("return (" + ui.SHOWN_JS + ")()")) != expected and time.monotonic() < deadline:
        time.sleep(0.2)
    assert shown == expected


def assert_clean(engine, origin):
    """No error, rejected promise, CSP violation or console.error since the page was opened, and no
    resource fetched from another origin (origin None: file://, blob: and data: only)."""
    seen = engine.problems()
    problems = seen["problems"]
    if origin is None:
        # Pyodide's own feature test `isClassicWorker()` runs importScripts("data:text/javascript,") in a
        # try/catch; in the offline copy's blob: worker the page's CSP refuses it (as intended: no data:
        # scripts), and Firefox reports that refusal to the page. Only that probe is let through.
        problems = [p for p in problems if not p.startswith(PYODIDE_PROBE)]
    assert problems == []
    allowed = ("file:", "blob:", "data:") if origin is None else (origin, "blob:", "data:")
    assert [url for url in seen["resources"] if not url.startswith(allowed)] == []


def test_a_share_link_opens_a_golden_case(engine, site_url):
    case = golden_case(SHARED)
    policy, record = case["policy"], case["record"]
    engine.go(share_link(site_url, {"format": 1, "policy": policy["id"], **record}))
    wait_ready(engine, policy["id"])
    assert_shows(engine, policy, record)
    assert engine.js("return location.hash") == ""  # the record was read and #r= taken out of the address
    assert_clean(engine, origin(site_url))


def test_a_golden_case_typed_with_the_keyboard(engine, site_url):
    """Every value typed as key presses into the focused field; each <select> moved with ↓/↑ only."""
    engine.go(f"{site_url}calculator/?policy={TYPED}")
    type_golden_case(engine, golden_case(TYPED))
    assert_clean(engine, origin(site_url))


def test_the_offline_copy_from_file_url_computes_a_golden_case(engine, tmp_path):
    """dist/jxjy-offline.zip unzipped, its calculator opened from file://, a golden case typed in."""
    if not OFFLINE_ZIP.is_file():
        pytest.fail(f"{OFFLINE_ZIP} is missing: run build_scripts/build", pytrace=False)
    with zipfile.ZipFile(OFFLINE_ZIP) as archive:
        archive.extractall(tmp_path)
    engine.go((tmp_path / "jxjy-offline" / "calculator.html").as_uri() + f"?policy={OFFLINE}")
    assert "您正在使用离线版" in engine.wait("return document.querySelector('.jx-offline-note')?.textContent")
    type_golden_case(engine, golden_case(OFFLINE))
    assert_clean(engine, None)


def type_golden_case(engine, case):
    policy, record = case["policy"], case["record"]
    wait_ready(engine, policy["id"])
    assert engine.js("return document.querySelectorAll('.jx-row').length") == 0  # a fresh profile: no record yet
    year = engine.js("return document.querySelector('#jx-year').value")
    engine.keys("#jx-year", *[engine.KEYS.BACK_SPACE] * len(year), str(record["year"]))
    type_activities(engine, ui.era_for(policy, record["year"]), record["activities"])
    wait_ready(engine, policy["id"])
    assert_shows(engine, policy, record)
    assert engine.js("return document.querySelectorAll('.jx-field.jx-invalid').length") == 0


def type_activities(engine, era, activities):
    kinds = {kind["id"]: kind for kind in era["activities"]}
    for n, activity in enumerate(activities):
        engine.keys("button.jx-add", engine.KEYS.ENTER)
        engine.wait("return document.querySelectorAll('.jx-row').length === arguments[0]", n + 1, timeout=30)
        row = f".jx-row:nth-child({n + 1})"
        arrow_to(engine, f"{row} select.jx-kind", activity["kind"])
        kind = kinds[activity["kind"]]
        for param in kind["params"]:
            value = activity.get("params", {}).get(param["id"])
            if value is None:
                continue
            field = f"{row} .jx-field[data-field='params.{param['id']}']"
            if param["type"] == "enum":
                arrow_to(engine, f"{field} select", value)
            elif param["type"] == "boolean":
                if value:
                    engine.keys(f"{field} input[type=checkbox]", engine.KEYS.SPACE)
            else:
                text = ", ".join(map(str, value)) if param["type"] == "per_day" else str(value)
                engine.keys(f"{field} input", text)
        if activity.get("category") and "choose" in kind["category"]:
            arrow_to(engine, f"{row} .jx-field[data-field='category'] select", activity["category"])
        if activity.get("name"):
            engine.keys(f"{row} .jx-field[data-field='name'] input", activity["name"])


def arrow_to(engine, select, value):
    """Move a <select> to `value` with ↓ and ↑, one key at a time (the page may rebuild the row on each
    change, so the select is looked up again before every key)."""
    options = engine.js("return [...document.querySelector(arguments[0]).options].map((o) => o.value)", select)
    assert value in options, (select, value, options)
    for _ in range(len(options)):
        current = engine.js("return document.querySelector(arguments[0]).value", select)
        if current == value:
            return
        key = engine.KEYS.DOWN if options.index(value) > options.index(current) else engine.KEYS.UP
        engine.keys(select, key)
        engine.wait("return document.querySelector(arguments[0])?.value !== arguments[1]", select, current, timeout=30)
    raise AssertionError(f"{select} did not reach {value!r} with the arrow keys")


def origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"
