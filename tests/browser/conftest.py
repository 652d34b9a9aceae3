"""Browser tests of the calculator: the built site/ on a local static server, headless Debian Chromium.

One browser per session. Every browser context records every request it makes (workers included),
and a context that asked for anything outside the site's origin fails the test that used it.
"""

import functools
import http.server
import os
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser import ui

REPO = Path(__file__).resolve().parents[2]
SITE = Path(os.environ.get("JXJY_SITE_DIR") or REPO / "site")  # another built copy, e.g. for development
OUTPUT = REPO / "test-output"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# URLs that never leave the browser
LOCAL_SCHEMES = ("data:", "blob:", "about:")


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".mjs": "text/javascript", ".js": "text/javascript",
                      ".json": "application/json", ".whl": "application/zip"}

    def log_message(self, format, *args):  # keep pytest's output clean
        pass

    def send_head(self):
        self.server.paths.append(self.path)  # what reached the server (a URL fragment never does)
        return super().send_head()


@pytest.fixture(scope="session")
def server_paths(site_url):
    return site_url.paths


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # a page closed mid-download (a test ending, a worker stopped after a failure) is no error
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


class SiteURL(str):
    paths: list


@pytest.fixture(scope="session")
def site_url():
    if not (SITE / "assets" / "manifest.json").is_file() or not (SITE / "calculator" / "index.html").is_file():
        pytest.fail("site/ is not built with the calculator: run build_scripts/build (build_scripts/test does)",
                    pytrace=False)
    handler = functools.partial(_Handler, directory=str(SITE))
    server = _Server(("127.0.0.1", 0), handler)
    server.paths = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = SiteURL(f"http://127.0.0.1:{server.server_address[1]}/")
    url.paths = server.paths
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is not installed in .venv: run build_scripts/setup", pytrace=False)
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run build_scripts/setup (installs Debian's chromium)", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def output_dir():
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT


def foreign_requests(urls, site_url):
    origin = urlsplit(site_url)[:2]
    return [url for url in urls if not url.startswith(LOCAL_SCHEMES) and urlsplit(url)[:2] != origin]


class Contexts:
    """Make browser contexts that log their requests; check the logs when the test ends."""

    def __init__(self, browser, site_url):
        self.browser, self.site_url, self.made = browser, site_url, []

    def __call__(self, **options):
        context = self.browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN",
                                           accept_downloads=True, **options)
        context.requests = []
        context.on("request", lambda request: context.requests.append(request.url))
        self.made.append(context)
        return context

    def page(self, path="calculator/", **options):
        context = self(**options)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        if path is not None:
            page.goto(self.site_url + path)
        return page

    def close(self):
        leaks = []
        for context in self.made:
            leaks += foreign_requests(context.requests, self.site_url)
            context.close()
        assert not leaks, f"requests to another origin: {leaks}"


@pytest.fixture
def contexts(browser, site_url):
    made = Contexts(browser, site_url)
    yield made
    made.close()


@pytest.fixture(scope="session")
def calc_page(browser, site_url):
    """One page with the engine loaded, reused by the golden-case tests (Pyodide loads once)."""
    made = Contexts(browser, site_url)
    page = made.page("calculator/?policy=zhejiang-tonglu-2018")
    page.on("dialog", lambda dialog: dialog.accept())
    ui.wait_ready(page)
    yield page
    assert not page.errors, page.errors
    made.close()
