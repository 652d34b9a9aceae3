"""The built site as an HR bureau would host it: Debian's nginx, its stock mime.types, under /jxjy/.

Every page carries a Content-Security-Policy; these tests record every request (all must go to the
nginx origin), every CSP violation and every console error (there must be none), and check that the
calculator computes a golden case — with correct MIME types, with .wasm sent as a wrong one, and
after going offline once the site has been visited (the service worker). Payloads of HTML and script
in what a user types or imports are shown as text and run nothing.
"""

import base64
import json
import shutil
from pathlib import Path

import pytest

from build_scripts import lockdown
from calculator import score
from tests.browser import hosting, ui
from tests.browser.conftest import SITE

TONGLU = "zhejiang-tonglu-2018"
PAYLOAD = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'


@pytest.fixture(scope="module")
def nginx():
    server = hosting.Nginx(SITE).start()
    yield server
    server.cleanup()


def every_page(site):
    for file in sorted(site.rglob("index.html")):
        path = file.parent.relative_to(site).as_posix()
        yield "" if path == "." else path + "/"


def enter_golden_case(page, case):
    policy, record = case["policy"], case["record"]
    ui.enter_record(page, policy, record)
    assert ui.shown(page) == ui.expected(score(policy, record))


def test_static_checks_every_page_is_locked_down():
    """Each page's CSP allows exactly its own inline scripts (by hash), nothing inline otherwise."""
    for file in sorted(SITE.rglob("*.html")):
        text = file.read_text(encoding="utf-8")
        metas = lockdown.CSP_META.findall(text)
        assert len(metas) == 1, file
        policy = metas[0].split('content="')[1].rstrip('">')
        directives = {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}
        assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
        assert "default-src 'self'" in policy and "'wasm-unsafe-eval'" in policy
        hashes = {part.strip("'")[len("sha256-"):] for part in directives["script-src"] if part.startswith("'sha256-")}
        assert hashes == set(lockdown.inline_script_hashes(text)), file
        assert text.index("Content-Security-Policy") < text.index("<script"), f"{file}: a script before the CSP"
        assert not lockdown.HANDLER.search(text), f"{file}: inline event handler"
    manifest = json.loads((SITE / "assets" / "manifest.json").read_text(encoding="utf-8"))
    sw = (SITE / "sw.js").read_text(encoding="utf-8")
    assert f'const BUILD = "{manifest["build"]}";' in sw
    for path in ("assets/pyodide/pyodide.asm.wasm", "assets/pyodide/pyodide.asm.mjs", "assets/pyodide/pyodide.mjs",
                 "assets/pyodide/python_stdlib.zip", "assets/pyodide/pyodide-lock.json", manifest["wheel"]):
        assert len(manifest["files"][path]["sha256"]) == 64, path


def test_hosted_under_a_sub_path_every_page_and_the_calculator(browser, nginx, output_dir):
    context = hosting.recording_context(browser)
    try:
        page = context.new_page()
        for path in every_page(SITE):
            if path == "calculator/":
                continue
            response = page.goto(nginx.url + path)
            assert response.ok, path
        page.goto(nginx.url + "policies/")
        box = page.locator("input.md-search__input")
        box.click()
        box.fill("专利")
        box.press("End")
        page.wait_for_selector(".md-search-result__item > a", timeout=15000)
        page.keyboard.press("Escape")
        page.goto(nginx.url + f"calculator/?policy={TONGLU}")
        ui.wait_ready(page)
        enter_golden_case(page, hosting.golden_case(TONGLU))
        page.screenshot(path=str(output_dir / "nginx-calculator.png"))
        assert "jxjy-offline.zip" in page.locator("a.jx-download").get_attribute("href")
        wasm = context.request.get(nginx.url + "assets/pyodide/pyodide.asm.wasm", headers={"Accept-Encoding": "gzip"})
        assert wasm.headers.get("content-encoding") == "gzip"  # the precompressed .gz (gzip_static)
        assert wasm.body() == (SITE / "assets" / "pyodide" / "pyodide.asm.wasm").read_bytes()
        download = context.request.get(page.locator("a.jx-download").evaluate("a => a.href"))
        assert download.ok and download.body()[:2] == b"PK"
        hosting.assert_clean(context, [page], nginx.origin)
        assert all(url.startswith(nginx.url) for url in context.requests if url.startswith("http")), \
            [u for u in context.requests if not u.startswith(nginx.url)][:5]
    finally:
        context.close()


def test_wasm_served_with_a_wrong_mime_type(browser):
    server = hosting.Nginx(SITE, wrong_wasm_type=True).start()
    context = hosting.recording_context(browser)
    try:
        page = context.new_page()
        wasm_types = []
        page.on("response", lambda r: r.url.split("?")[0].endswith(".wasm") and wasm_types.append(r.headers.get("content-type")))
        page.goto(server.url + f"calculator/?policy={TONGLU}")
        ui.wait_ready(page)
        enter_golden_case(page, hosting.golden_case(TONGLU))
        assert wasm_types and all(t == "application/octet-stream" for t in wasm_types), wasm_types
        hosting.assert_clean(context, [page], server.origin)
    finally:
        context.close()
        server.cleanup()


def caches_of(page):
    return page.evaluate("""async () => {
      const out = {};
      for (const name of await caches.keys()) out[name] = (await (await caches.open(name)).keys()).map(r => r.url);
      return out;
    }""")


def test_after_a_first_visit_the_site_works_offline_and_an_update_replaces_the_cache(browser, tmp_path):
    served = tmp_path / "site"
    shutil.copytree(SITE, served, ignore=shutil.ignore_patterns("download"))
    server = hosting.Nginx(served).start()
    context = hosting.recording_context(browser)
    try:
        page = context.new_page()
        page.goto(server.url + f"calculator/?policy={TONGLU}")
        ui.wait_ready(page)
        page.wait_for_selector("html[data-jx-offline='engine']", timeout=60000)  # the engine is cached too
        # The service worker's caches are this site's "jxjy:<scope>:<build>" ones; the engine's memory
        # image (engine-image.js) lives apart in "jxjy-engine-image" and is not the service worker's.
        first = {name: urls for name, urls in caches_of(page).items() if name.startswith("jxjy:")}
        assert list(first) == [f"jxjy:/jxjy/:{json.loads((served / 'assets/manifest.json').read_text())['build']}"]
        cached = next(iter(first.values()))
        assert server.url + "policies/zhejiang-tonglu-2018/" in cached and any(u.endswith(".whl") for u in cached)

        # The server is gone and the browser offline: the calculator still loads and computes.
        server.stop()
        context.set_offline(True)
        page.reload()
        ui.wait_ready(page)
        enter_golden_case(page, hosting.golden_case(TONGLU))
        page.goto(server.url + "policies/zhejiang-tonglu-2018/")
        assert "桐庐" in page.locator("h1").inner_text()
        page.go_back()
        ui.wait_ready(page)

        # A new build: a changed page gives a new build hash and sw.js; the browser installs it,
        # the new cache holds the changed page and the engine, the old cache is deleted.
        context.set_offline(False)
        about = served / "about" / "index.html"
        about.write_text(about.read_text(encoding="utf-8").replace("</article>", "<p>新版本</p></article>"),
                         encoding="utf-8")
        build, _, _ = lockdown.service_worker(served)
        for changed in (about, served / "sw.js", served / "assets" / "manifest.json"):  # as a build would: no stale .gz/.br
            for stale in (changed.with_name(changed.name + ".gz"), changed.with_name(changed.name + ".br")):
                stale.unlink(missing_ok=True)
        assert build != next(iter(first))[len("jxjy:/jxjy/:"):]
        server.start()
        page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
        ui.wait_until(page, """async (build) => {
          const names = (await caches.keys()).filter((name) => name.startsWith('jxjy:'));
          return names.length === 1 && names[0].endsWith(build)
            && (await (await caches.open(names[0])).keys()).some((r) => r.url.endsWith('.whl'));
        }""", build)
        server.stop()
        context.set_offline(True)
        page.goto(server.url + "about/")
        assert "新版本" in page.locator("article").inner_text()
        hosting.assert_clean(context, [page], server.origin)
    finally:
        context.close()
        server.cleanup()


def test_html_and_script_in_names_and_imported_records_are_text(browser, nginx, tmp_path):
    context = hosting.recording_context(browser)
    try:
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.accept())
        page.goto(nginx.url + f"calculator/?policy={TONGLU}")
        ui.wait_ready(page)
        policy = hosting.golden_case(TONGLU)["policy"]
        typed = {"format": 1, "policy": TONGLU, "year": 2024,
                 "activities": [{"kind": "face_training", "params": {"days": 1}, "name": PAYLOAD}]}
        ui.enter_record(page, policy, typed)
        assert PAYLOAD in page.locator(".jx-breakdown .jx-item-name").first.inner_text()

        # an imported file: payloads in the name, the achievement, a kind and a policy that do not exist
        record = {"format": 1, "policy": TONGLU, "year": 2024, "activities": [
            {"kind": "face_training", "params": {"days": 2}, "name": PAYLOAD, "achievement": PAYLOAD},
            {"kind": PAYLOAD, "params": {"days": 1}, "name": "<b>bold</b>"},
        ]}
        path = tmp_path / "record.json"
        path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        with page.expect_file_chooser() as chooser:
            page.locator("button.jx-import").click()
        chooser.value.set_files(str(path))
        ui.wait_rows(page, 2)
        ui.wait_scored(page)
        text = page.locator("#jx-calc").inner_text()
        assert PAYLOAD in text and "<b>bold</b>" in text

        bad = dict(record, policy=PAYLOAD)
        path.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
        with page.expect_file_chooser() as chooser:
            page.locator("button.jx-import").click()
        chooser.value.set_files(str(path))
        page.locator(".jx-tools .jx-message", has_text="不在本站").wait_for()  # next to 导入记录
        assert PAYLOAD in page.locator(".jx-tools .jx-message").inner_text()

        # a share link carrying the same payloads
        link = base64.urlsafe_b64encode(json.dumps(record, ensure_ascii=False).encode()).decode().rstrip("=")
        shared = context.new_page()
        shared.goto(nginx.url + f"calculator/?policy={TONGLU}#r={link}")
        ui.wait_ready(shared)
        ui.wait_rows(shared, 2)
        assert PAYLOAD in shared.locator("#jx-calc").inner_text()

        for each in (page, shared):
            assert each.locator("#jx-calc img, #jx-calc script, #jx-calc b").count() == 0
            assert each.evaluate("window.__pwned") is None
        hosting.assert_clean(context, [page, shared], nginx.origin)
    finally:
        context.close()


def test_a_changed_engine_file_is_refused_with_a_message(browser, nginx):
    context = hosting.recording_context(browser)
    module = (SITE / "assets" / "pyodide" / "pyodide.asm.mjs").read_bytes()
    context.route("**/pyodide.asm.mjs*", lambda route: route.fulfill(
        status=200, body=module + b"\n// changed\n", headers={"Content-Type": "text/javascript"}))
    try:
        page = context.new_page()
        page.goto(nginx.url + f"calculator/?policy={TONGLU}")
        page.wait_for_selector("#jx-calc[data-engine='failed']", timeout=ui.READY_TIMEOUT)
        status = page.locator(".jx-status").inner_text()
        assert "pyodide.asm.mjs" in status and "校验值不符" in status, status
        assert not hosting.foreign(context.requests, nginx.origin)
    finally:
        context.close()
