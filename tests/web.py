"""The built site in a browser, shared by tests/browser and tests/site (a pytest plugin, see tests/conftest.py).

One static server class (the built site, optionally under a sub-path, recording what reached it) and
one headless Debian Chromium for the whole session (Playwright's sync API allows one instance per
thread, so every test package uses this one).
"""

import functools
import http.server
import os
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parents[1]
SITE = Path(os.environ.get("JXJY_SITE_DIR") or REPO / "site")  # another built copy, e.g. for development
OUTPUT = REPO / "test-output"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOCAL_SCHEMES = ("data:", "blob:", "about:")  # URLs that never leave the browser
SETUP_HINT = "run build_scripts/setup --browser-tests (build_scripts/test does)"


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".mjs": "text/javascript", ".js": "text/javascript",
                      ".json": "application/json", ".whl": "application/zip"}

    def __init__(self, *args, prefix, **kwargs):
        self.prefix = prefix
        super().__init__(*args, **kwargs)

    def translate_path(self, path):
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_the_sub_path__")
        return super().translate_path("/" + path[len(self.prefix):])

    def send_head(self):
        self.server.paths.append(self.path)  # what reached the server (a URL fragment never does)
        if not self.path.startswith(self.prefix):
            self.server.outside.append(self.path)
        return super().send_head()

    def log_message(self, format, *args):  # keep pytest's output clean
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # a page closed mid-download (a test ending, a worker stopped after a failure) is no error
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


class StaticServer:
    """A directory served on 127.0.0.1 under `prefix`, in a thread; a context manager.

    `url` is the site's address (origin + prefix); `paths` every path that reached the server,
    `outside` those outside the prefix (a link that is not relative shows up there).
    """

    def __init__(self, directory, prefix="/"):
        self.directory, self.prefix = Path(directory), prefix
        self.paths, self.outside = [], []
        self._server = None

    def __enter__(self):
        handler = functools.partial(_Handler, directory=str(self.directory), prefix=self.prefix)
        self._server = _Server(("127.0.0.1", 0), handler)
        self._server.paths, self._server.outside = self.paths, self.outside
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()

    @property
    def origin(self):
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def url(self):
        return self.origin + self.prefix


def foreign(urls, origin):
    """URLs that left the site: anything but the origin given (None: file:// only), data:, blob:, about:."""
    out = []
    for url in urls:
        if url.startswith(LOCAL_SCHEMES):
            continue
        if origin is None:
            if not url.startswith("file:"):
                out.append(url)
        elif urlsplit(url)[:2] != urlsplit(origin)[:2]:
            out.append(url)
    return out


def new_context(browser, **options):
    """A browser context as a person on a desktop in China sees the site."""
    return browser.new_context(**{"viewport": {"width": 1280, "height": 900}, "locale": "zh-CN", **options})


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(f"playwright is not installed in .venv: {SETUP_HINT}", pytrace=False)
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: {SETUP_HINT} (installs Debian's chromium)", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def output_dir():
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT
