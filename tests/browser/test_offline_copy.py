"""The downloadable offline copy, unzipped and opened from file:// with every network request blocked:
the guide, its search and the calculator, with nothing fetched from anywhere and no CSP violation."""

import base64
import json
import re
import zipfile

import pytest

from build_scripts.guide.search import result_labels
from calculator import score
from calculator.policy_files import load_policy
from tests.browser import hosting, ui
from tests.browser.conftest import SITE
from tests.browser.test_batch_ui import check_page, unit_files
from tests.test_sheets_pyodide import cells

TONGLU = "zhejiang-tonglu-2018"
ZIP = SITE / "download" / "jxjy-offline.zip"  # what the website offers (下载离线版)


@pytest.fixture(scope="module")
def offline_copy(tmp_path_factory):
    if not ZIP.is_file():
        pytest.fail(f"{ZIP} is missing: run build_scripts/build", pytrace=False)
    folder = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(ZIP) as archive:
        archive.extractall(folder)
    return folder / "jxjy-offline"


def open_copy(browser, offline_copy, page_name="index.html", query=""):
    context = hosting.recording_context(browser, block_network=True)
    page = context.new_page()
    page.goto((offline_copy / page_name).as_uri() + query)
    return context, page


def test_the_zip_is_a_complete_copy_and_names_no_other_origin(offline_copy):
    names = {p.relative_to(offline_copy).as_posix() for p in offline_copy.rglob("*") if p.is_file()}
    assert {"index.html", "calculator.html", "search/search_index.js", "assets/offline/offline-loader.js",
            "assets/offline/data.js", "assets/calculator/app.js"} <= names
    assert not any(name.startswith("download/") or name.endswith(".zip") and "engine-" not in name for name in names)
    built = SITE.parent / "dist" / "jxjy-offline.zip"  # build_scripts/build writes both
    if built.is_file():
        assert built.read_bytes() == ZIP.read_bytes()
    for page in offline_copy.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "unpkg.com" not in text and "iframe-worker" not in text, page
        loads = [tag for tag in re.findall(r'<(?!a )[a-z]+ [^>]*\b(?:src|href)="(?:https?:)?//[^>]*>', text)
                 if 'rel="canonical"' not in tag]
        assert not loads, (page.name, loads[:3])
        policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', text)
        assert policy, f"{page.name} has no CSP"
        assert "worker-src blob:" in policy.group(1) and "'unsafe-inline'" not in policy.group(1)
    # the pages' ES modules are bundled into one classic script per page (esbuild); none is left over
    calculator = offline_copy / "assets" / "calculator"
    assert sorted(p.name for p in calculator.glob("*.js")) == ["app.js", "batch-calls.js", "batch.js", "engine-calls.js"]
    for name in ("app.js", "batch.js"):
        bundle = (calculator / name).read_text(encoding="utf-8")
        assert not re.search(r"^\s*(?:import\s*[\w{*'\"]|export\s)|import\.meta", bundle, re.M), name
        assert "function pageEngine(" in bundle and "function messageLine(" in bundle, name  # page-kit.js, inside
    # the engine's files are checked against hashes recorded at build time
    data = (offline_copy / "assets" / "offline" / "data.js").read_text(encoding="utf-8")
    manifest = json.loads(data[data.index("(") + 1: data.rindex(")")])["manifest"]
    assert set(manifest["engine"].values()) | set(manifest["sheet_wheels"]) == set(manifest["files"])
    assert [name.split("-")[0] for name in manifest["sheet_wheels"]] == ["et_xmlfile", "openpyxl"]  # 单位批量核对
    assert all(re.fullmatch(r"[0-9a-f]{64}", entry["sha256"]) for entry in manifest["files"].values())


def test_calculator_from_file_url_with_no_network_computes_a_golden_case(browser, offline_copy, output_dir):
    case = hosting.golden_case(TONGLU)
    policy, record = case["policy"], case["record"]
    context, page = open_copy(browser, offline_copy)
    try:
        page.locator(".md-tabs__link", has_text="计算器").click()  # as a person would
        page.wait_for_url("**/calculator.html*")
        assert "您正在使用离线版" in page.locator(".jx-offline-note").inner_text()
        ui.wait_ready(page)
        ui.choose_policy(page, policy)
        ui.wait_ready(page)
        ui.enter_record(page, policy, record)
        assert ui.shown(page) == ui.expected(score(policy, record))
        page.screenshot(path=str(output_dir / "offline-calculator.png"), full_page=True)
        # a policy page's "use the calculator" link opens the copy's calculator on that policy
        page.goto((offline_copy / "policies" / f"{TONGLU}.html").as_uri())
        page.locator(f"a[href$='calculator.html?policy={TONGLU}']").first.click()
        page.wait_for_selector(f"#jx-calc[data-policy='{TONGLU}'] .jx-form-area:not([hidden])")
        hosting.assert_clean(context, [page], origin=None)
        assert all(url.startswith(("file:", "blob:", "data:")) for url in context.requests)
    finally:
        context.close()


def test_search_from_file_url_finds_the_patent_rules(browser, offline_copy):
    context, page = open_copy(browser, offline_copy)
    try:
        box = page.locator("input.md-search__input")
        box.click()
        box.fill("专利")
        box.press("End")
        page.wait_for_selector(".md-search-result__item > a", timeout=15000)
        links = page.eval_on_selector_all(".md-search-result__item a[href]", "els => els.map(e => e.href)")
        assert any("/policies/" in link and link.split("?")[0].endswith(".html") and "patent" in link for link in links), links[:10]
        # each policy's result names its region and 文号 (build_scripts/guide/search.py), here too
        tags = page.eval_on_selector_all(".md-search-result__item .md-tag", "els => els.map(e => e.textContent)")
        binzhou = load_policy("shandong-binzhou-2021")  # has a patent rule
        assert set(result_labels(binzhou)) <= set(tags), tags
        target = next(link for link in links if "#act-" in link and "patent" in link)
        page.goto(target)
        assert "专利" in page.locator("article").inner_text()
        hosting.assert_clean(context, [page], origin=None)
    finally:
        context.close()


def test_a_changed_engine_file_is_refused_with_a_message(browser, offline_copy, tmp_path):
    """The copy records each engine file's sha256; a file that does not match is never run."""
    import shutil

    copy = tmp_path / "jxjy-offline"
    shutil.copytree(offline_copy, copy)
    data = copy / "assets" / "offline" / "data.js"
    text = data.read_text(encoding="utf-8")
    wheel = re.search(r'"(jxjy_calculator-[^"]+\.(?:whl|zip))": \{[^}]*"sha256": "([0-9a-f]{64})"', text)
    assert wheel, "data.js records no sha256 for the engine (its wheel, or its precompiled zip)"
    data.write_text(text.replace(wheel.group(2), "0" * 64), encoding="utf-8")
    context, page = open_copy(browser, copy, "calculator.html", f"?policy={TONGLU}")
    try:
        page.wait_for_selector("#jx-calc[data-engine='failed']", timeout=ui.READY_TIMEOUT)
        status = page.locator(".jx-status").inner_text()
        assert "校验值不符" in status and wheel.group(1) in status, status
        assert not hosting.foreign(context.requests, None) and not context.blocked
    finally:
        context.close()


def test_batch_check_from_file_url_with_no_network(browser, offline_copy, compiled_policies, output_dir):
    """单位批量核对 in the copy: a filled .xlsx (openpyxl unpacked from the copy's own data) and a .csv,
    the same rows as CPython's Batch, and the .xlsx download; nothing but file:, blob: and data: URLs."""
    policy = compiled_policies[TONGLU]
    files = unit_files(policy, count=8, seed=11)
    context, page = open_copy(browser, offline_copy, "batch.html", f"?policy={TONGLU}")
    try:
        page.wait_for_selector(f"#jx-batch[data-engine='ready'][data-policy='{TONGLU}']", timeout=ui.READY_TIMEOUT)
        assert "您正在使用离线版" in page.locator(".jx-offline-note").inner_text()
        template = page.locator("a.jx-batch-template[data-format='xlsx']").get_attribute("href")
        assert template == (offline_copy / "batch-templates" / f"{TONGLU}.xlsx").as_uri()
        assert (offline_copy / "batch-templates" / f"{TONGLU}.xlsx").is_file()
        for name in ("单位.xlsx", "单位-gbk.csv"):
            mime, data = files[name]
            batch = check_page(page, policy, name, mime, data)
        with page.expect_download() as download:
            page.locator("button.jx-batch-download[data-format='xlsx']").click()
        download.value.save_as(output_dir / "offline-batch.xlsx")
        assert cells((output_dir / "offline-batch.xlsx").read_bytes()) == cells(batch.to_xlsx())
        hosting.assert_clean(context, [page], origin=None)
        assert all(url.startswith(("file:", "blob:", "data:")) for url in context.requests)
    finally:
        context.close()


def test_calendar_file_from_file_url_is_made_by_the_copy_s_worker(browser, offline_copy, compiled_policies, tmp_path):
    """The offline copy's worker answers .ics requests too (engine-calls.js is shared with the site)."""
    from calculator.api import deadlines_ics
    policy = compiled_policies[TONGLU]
    record = {"format": 1, "policy": TONGLU, "target_year": 2025, "years": [
        {"year": 2024, "activities": [
            {"kind": "face_training", "params": {"days": 2}, "date": "2024-05-10", "name": "院内业务培训"},
            {"kind": "academic_conference", "params": {"days": 1}, "date": "2024-12-05", "name": "省医学会年会"}]}]}
    payload = base64.urlsafe_b64encode(json.dumps(record, ensure_ascii=False).encode()).decode().rstrip("=")
    context, page = open_copy(browser, offline_copy, "calculator.html", f"?policy={TONGLU}#r={payload}")
    try:
        ui.wait_ready(page)
        ui.wait_scored(page)
        with page.expect_download() as download:
            page.locator("button.jx-ics").click()
        assert download.value.url.startswith("blob:")
        path = tmp_path / "deadlines.ics"
        download.value.save_as(path)
        text = path.read_bytes().decode("utf-8")
        assert text == deadlines_ics(json.dumps(policy), json.dumps(ui.saved_record(page, TONGLU)))
        assert "DTSTART;VALUE=DATE:20240709" in text and "DTSTART;VALUE=DATE:20241230" in text
        hosting.assert_clean(context, [page], origin=None)
        assert all(url.startswith(("file:", "blob:", "data:")) for url in context.requests)
    finally:
        context.close()
