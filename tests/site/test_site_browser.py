"""The guide site in headless Chromium (Debian's, driven by Playwright), served under a sub-path.

One local server and one browser for the whole session. The site is served under /jxjy/ so that any
link that is not relative shows up as a request outside the sub-path; every request the browser
makes is recorded, and any request to another origin fails the suite.
"""

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
OUTPUT = REPO / "test-output"
PREFIX = "/jxjy/"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class _Handler(http.server.SimpleHTTPRequestHandler):
    outside = []  # paths requested outside the sub-path

    def translate_path(self, path):
        if not path.startswith(PREFIX):
            return str(Path(self.directory) / "__outside_the_sub_path__")
        return super().translate_path("/" + path[len(PREFIX):])

    def send_head(self):
        if not self.path.startswith(PREFIX):
            self.outside.append(self.path)
        return super().send_head()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server(site_dir):
    _Handler.outside = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(site_dir)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def browser_context(server):
    try:
        from playwright import sync_api
    except ImportError:
        pytest.fail("playwright is not installed: run build_scripts/setup", pytrace=False)
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run build_scripts/setup (installs Debian's chromium)", pytrace=False)
    requests, errors = [], []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        context.on("request", lambda request: requests.append(request.url))
        context.on("weberror", lambda error: errors.append(str(error.error)))
        yield {"context": context, "base": server + PREFIX, "requests": requests, "errors": errors}
        context.close()
        browser.close()


@pytest.fixture(scope="session")
def page(browser_context):
    page = browser_context["context"].new_page()
    yield page
    page.close()


def search(page, base, query):
    """Type a query into Material's search box; return the result links (path#fragment, no ?h=)."""
    if not page.url.startswith(base):
        page.goto(base)
    box = page.locator("input.md-search__input")
    box.click()
    # Clear first, so the results that appear next belong to this query.
    box.fill("")
    box.press("End")  # Material reacts to key events
    page.wait_for_function("() => !document.querySelector('.md-search-result__item')", timeout=15000)
    box.fill(query)
    box.press("End")
    page.wait_for_selector(".md-search-result__item > a", timeout=15000)
    page.wait_for_timeout(200)
    hrefs = page.eval_on_selector_all(".md-search-result__item a[href]", "els => els.map(e => e.href)")
    links = []
    for href in hrefs:
        parts = urlsplit(href)
        links.append(parts.path.removeprefix(PREFIX) + (f"#{parts.fragment}" if parts.fragment else ""))
    page.keyboard.press("Escape")
    return links


def pages_of(links):
    return {link.partition("#")[0] for link in links}


def test_search_finds_tonglu(page, browser_context):
    links = search(page, browser_context["base"], "桐庐")
    assert links and links[0].startswith("policies/zhejiang-tonglu-2018/"), links[:5]


def test_search_finds_the_patent_rules(page, browser_context, compiled):
    links = search(page, browser_context["base"], "专利")
    expected = {f"policies/{pid}/" for pid, p in compiled.items()
                if any("专利" in k["label"] for era in p["eras"] for k in era["activities"])}
    assert expected, "no policy has a patent rule"
    assert expected <= pages_of(links), (expected - pages_of(links), links[:20])
    assert any("#act-" in link and "patent" in link for link in links), links[:20]


def test_search_finds_policies_counted_in_hours(page, browser_context, compiled):
    links = search(page, browser_context["base"], "学时")
    expected = {f"policies/{pid}/" for pid, p in compiled.items() if any(e["unit"] == "学时" for e in p["eras"])}
    assert expected, "no policy counts in 学时"
    assert expected <= pages_of(links), (expected - pages_of(links), links[:20])


def test_policy_page_screenshot(page, browser_context):
    OUTPUT.mkdir(exist_ok=True)
    page.goto(browser_context["base"] + "policies/zhejiang-tonglu-2018/")
    assert "桐庐县专业技术人员继续教育学分制管理办法" in page.inner_text("h1")
    top = OUTPUT / "policy-zhejiang-tonglu-2018.png"
    page.screenshot(path=str(top))
    page.goto(browser_context["base"] + "policies/zhejiang-tonglu-2018/#act-credits-paper")
    page.screenshot(path=str(OUTPUT / "policy-zhejiang-tonglu-2018-paper.png"))
    # An article link jumps to the notice text and highlights the article.
    page.click("[data-activity='act-credits-paper'] a.jx-art")
    assert page.url.endswith("#src-art11-paren8-num2")
    assert page.locator("#src-art11-paren8-num2").is_visible()
    page.screenshot(path=str(OUTPUT / "policy-zhejiang-tonglu-2018-article.png"))
    page.goto(browser_context["base"] + "compare/")
    page.screenshot(path=str(OUTPUT / "compare.png"), full_page=True)
    assert top.stat().st_size > 20000


def test_no_request_leaves_the_site(browser_context, site_dir, server):
    """Open every page; every request must go to the site's own origin, inside its sub-path."""
    page = browser_context["context"].new_page()
    try:
        for file in sorted(site_dir.rglob("index.html")):
            path = file.parent.relative_to(site_dir).as_posix()
            url = browser_context["base"] + ("" if path == "." else quote(path) + "/")
            response = page.goto(url)
            assert response and response.ok, url
            page.wait_for_load_state("load")
        # Search loads its worker and index on first use.
        search(page, browser_context["base"], "继续教育")
    finally:
        page.close()
    origin = urlsplit(server)
    foreign = [u for u in browser_context["requests"]
               if urlsplit(u).scheme in ("http", "https", "ws", "wss") and urlsplit(u).netloc != origin.netloc]
    assert not foreign, f"requests to another origin: {foreign[:20]}"
    others = [u for u in browser_context["requests"] if urlsplit(u).scheme not in ("http", "https", "data", "blob")]
    assert not others, others[:20]
    assert not _Handler.outside, f"requests outside {PREFIX} (a non-relative link?): {_Handler.outside[:20]}"
    assert not browser_context["errors"], browser_context["errors"][:10]
