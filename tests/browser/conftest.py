"""Browser tests of the calculator: the built site/ on a local static server, headless Debian Chromium
(the server and the session's one browser: tests/web.py).

Every browser context records every request it makes (workers included), and a context that asked
for anything outside the site's origin fails the test that used it.
"""

import pytest

from tests.browser import ui
from tests.web import SITE, StaticServer, foreign, new_context  # noqa: F401  (SITE: used by the tests here)


class SiteURL(str):
    paths: list


@pytest.fixture(scope="session")
def site_url():
    if not (SITE / "assets" / "manifest.json").is_file() or not (SITE / "calculator" / "index.html").is_file():
        pytest.fail("site/ is not built with the calculator: run build_scripts/build (build_scripts/test does)",
                    pytrace=False)
    with StaticServer(SITE) as server:
        url = SiteURL(server.url)
        url.paths = server.paths
        yield url


@pytest.fixture(scope="session")
def server_paths(site_url):
    return site_url.paths


class Contexts:
    """Make browser contexts that log their requests; check the logs when the test ends."""

    def __init__(self, browser, site_url):
        self.browser, self.site_url, self.made = browser, site_url, []

    def __call__(self, **options):
        context = new_context(self.browser, accept_downloads=True, **options)
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
            leaks += foreign(context.requests, self.site_url)
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
