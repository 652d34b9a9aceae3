"""The guide site in headless Chromium (Debian's, driven by Playwright), served under a sub-path.

One local server and one browser for the whole session. The site is served under /jxjy/ so that any
link that is not relative shows up as a request outside the sub-path; every request the browser
makes is recorded, and any request to another origin fails the suite.
"""

import functools
import http.server
import queue
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


class BrowserThread:
    """One Playwright + Chromium owned by a thread of its own; tests hand it functions to run.

    Playwright's sync API allows one instance per thread, and other test packages (tests/browser)
    keep theirs open for the whole session in the main thread: a thread of our own lets both run.
    """

    def __init__(self, base):
        self.base = base
        self.requests, self.errors = [], []
        self._jobs = queue.Queue()
        self._ready = threading.Event()
        self._failure = None
        self._thread = threading.Thread(target=self._main, name="site-browser", daemon=True)
        self._thread.start()
        if not self._ready.wait(120):
            raise RuntimeError("Chromium did not start within 120 s")
        if self._failure:
            raise self._failure

    def _main(self):
        try:
            from playwright.sync_api import sync_playwright
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                self.context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
                self.context.on("request", lambda request: self.requests.append(request.url))
                self.context.on("weberror", lambda error: self.errors.append(str(error.error)))
                self.page = self.context.new_page()
                self._ready.set()
                while (job := self._jobs.get()) is not None:
                    function, answer = job
                    try:
                        answer.put((True, function(self)))
                    except BaseException as error:  # handed to the test's thread
                        answer.put((False, error))
                self.context.close()
                browser.close()
        except BaseException as error:
            self._failure = error
            self._ready.set()

    def run(self, function, timeout=180):
        answer = queue.Queue()
        self._jobs.put((function, answer))
        ok, value = answer.get(timeout=timeout)
        if not ok:
            raise value
        return value

    def close(self):
        self._jobs.put(None)
        self._thread.join(60)


@pytest.fixture(scope="session")
def browser(server):
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.fail("playwright is not installed: run build_scripts/setup", pytrace=False)
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run build_scripts/setup (installs Debian's chromium)", pytrace=False)
    running = BrowserThread(server + PREFIX)
    yield running
    running.close()


def search(page, base, query):
    """Type a query into Material's search box; return the result links (path#fragment, no ?h=)."""
    if not page.url.startswith(base):
        page.goto(base)
    box = page.locator("input.md-search__input")
    box.click()
    # Clear first, so the results that appear next belong to this query.
    box.fill("")
    box.press("End")  # Material reacts to key events
    # A locator wait, not wait_for_function: its polling uses eval(), which the site's CSP refuses.
    page.locator(".md-search-result__item").first.wait_for(state="detached", timeout=15000)
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


def test_search_finds_tonglu(browser):
    links = browser.run(lambda b: search(b.page, b.base, "桐庐"))
    assert links and links[0].startswith("policies/zhejiang-tonglu-2018/"), links[:5]


def test_search_finds_the_patent_rules(browser, compiled):
    links = browser.run(lambda b: search(b.page, b.base, "专利"))
    expected = {f"policies/{pid}/" for pid, p in compiled.items()
                if any("专利" in k["label"] for era in p["eras"] for k in era["activities"])}
    assert expected, "no policy has a patent rule"
    assert expected <= pages_of(links), (expected - pages_of(links), links[:20])
    assert any("#act-" in link and "patent" in link for link in links), links[:20]


def test_search_finds_policies_counted_in_hours(browser, compiled):
    links = browser.run(lambda b: search(b.page, b.base, "学时"))
    expected = {f"policies/{pid}/" for pid, p in compiled.items() if any(e["unit"] == "学时" for e in p["eras"])}
    assert expected, "no policy counts in 学时"
    assert expected <= pages_of(links), (expected - pages_of(links), links[:20])


def _policy_page_shots(b):
    OUTPUT.mkdir(exist_ok=True)
    page = b.page
    page.goto(b.base + "policies/zhejiang-tonglu-2018/")
    title = page.inner_text("h1")
    top = OUTPUT / "policy-zhejiang-tonglu-2018.png"
    page.screenshot(path=str(top))
    page.goto(b.base + "policies/zhejiang-tonglu-2018/#act-credits-paper")
    page.screenshot(path=str(OUTPUT / "policy-zhejiang-tonglu-2018-paper.png"))
    # An article link jumps to the notice text, where the article is highlighted.
    page.click("[data-activity='act-credits-paper'] a.jx-art")
    url, visible = page.url, page.locator("#src-art11-paren8-num2").is_visible()
    page.screenshot(path=str(OUTPUT / "policy-zhejiang-tonglu-2018-article.png"))
    page.goto(b.base + "compare/")
    page.screenshot(path=str(OUTPUT / "compare.png"), full_page=True)
    return title, top, url, visible


def test_policy_page_screenshot(browser):
    title, top, url, visible = browser.run(_policy_page_shots)
    assert "桐庐县专业技术人员继续教育学分制管理办法" in title
    assert url.endswith("#src-art11-paren8-num2") and visible
    assert top.stat().st_size > 20000


def _visit_every_page(b, site_dir):
    page = b.context.new_page()
    try:
        for file in sorted(site_dir.rglob("index.html")):
            path = file.parent.relative_to(site_dir).as_posix()
            url = b.base + ("" if path == "." else quote(path) + "/")
            response = page.goto(url)
            assert response and response.ok, url
            page.wait_for_load_state("load")
            if page.locator("script[type=module]").count():
                # A page that starts its own work (the calculator loads Pyodide in a worker): give it
                # time to make its requests. Whether it finishes is the calculator tests' business.
                try:
                    page.wait_for_load_state("networkidle", timeout=20000)
                except Exception as error:  # playwright's TimeoutError
                    if "Timeout" not in type(error).__name__:
                        raise
        search(page, b.base, "继续教育")  # search loads its worker and index on first use
    finally:
        page.close()


def test_no_request_leaves_the_site(browser, site_dir, server):
    """Open every page; every request must go to the site's own origin, inside its sub-path."""
    browser.run(lambda b: _visit_every_page(b, site_dir))
    origin = urlsplit(server)
    requests = list(browser.requests)
    assert any(urlsplit(u).path.endswith("search_index.json") for u in requests)
    foreign = [u for u in requests
               if urlsplit(u).scheme in ("http", "https", "ws", "wss") and urlsplit(u).netloc != origin.netloc]
    assert not foreign, f"requests to another origin: {foreign[:20]}"
    others = [u for u in requests if urlsplit(u).scheme not in ("http", "https", "data", "blob")]
    assert not others, others[:20]
    assert not _Handler.outside, f"requests outside {PREFIX} (a non-relative link?): {_Handler.outside[:20]}"
    assert not browser.errors, browser.errors[:10]
