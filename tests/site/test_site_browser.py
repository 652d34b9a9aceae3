"""The guide site in headless Chromium (Debian's, driven by Playwright), served under a sub-path.

The local server and the session's one browser come from tests/web.py. The site is served under
/jxjy/ so that any link that is not relative shows up as a request outside the sub-path; every
request the browser makes is recorded, and any request to another origin fails the suite.
"""

from types import SimpleNamespace
from urllib.parse import quote, urlsplit

import pytest

from tests.browser.ui import VIEWPORTS
from tests.web import StaticServer, new_context

PREFIX = "/jxjy/"


@pytest.fixture(scope="module")
def server(site_dir):
    with StaticServer(site_dir, PREFIX) as running:
        yield running


@pytest.fixture(scope="module")
def tab(browser, server):
    """One context and page for these tests, recording every request and page error."""
    context = new_context(browser)
    requests, errors = [], []
    context.on("request", lambda request: requests.append(request.url))
    context.on("weberror", lambda error: errors.append(str(error.error)))
    yield SimpleNamespace(base=server.url, context=context, page=context.new_page(), requests=requests, errors=errors)
    context.close()


def open_search(page):
    """Focus Material's search box; on a phone the header's magnifier button opens it first."""
    button = page.locator("label.md-header__button[for='__search']")
    if button.is_visible():
        button.click()
    box = page.locator("input.md-search__input")
    box.click()
    return box


def search(page, base, query):
    """Type a query into Material's search box; return the result links (path#fragment, no ?h=)."""
    if not page.url.startswith(base):
        page.goto(base)
    box = open_search(page)
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


def search_results(page, base, query):
    """Type a query; return (texts of the first 20 highlighted words in result order,
    {page path: [its result's tag texts]})."""
    search(page, base, query)
    box = open_search(page)
    box.fill(query)
    box.press("End")
    page.wait_for_selector(".md-search-result__item > a", timeout=15000)
    page.wait_for_timeout(200)
    marks = page.eval_on_selector_all(".md-search-result__item mark", "els => els.slice(0, 20).map(e => e.textContent)")
    tags = page.eval_on_selector_all(
        ".md-search-result__item > a:first-child",
        "els => els.map(e => [e.href, [...e.querySelectorAll('.md-tag')].map(t => t.textContent)])")
    page.keyboard.press("Escape")
    return marks, {urlsplit(href).path.removeprefix(PREFIX): shown for href, shown in tags}


def pages_of(links):
    return {link.partition("#")[0] for link in links}


def test_search_finds_tonglu(tab):
    links = search(tab.page, tab.base, "桐庐")
    assert links and links[0].startswith("policies/zhejiang-tonglu-2018/"), links[:5]


def test_search_finds_the_patent_rules(tab, compiled):
    links = search(tab.page, tab.base, "专利")
    expected = {f"policies/{pid}/" for pid, p in compiled.items()
                if any("专利" in k["label"] for era in p["eras"] for k in era["activities"])}
    assert expected, "no policy has a patent rule"
    assert expected <= pages_of(links), (expected - pages_of(links), links[:20])
    assert any("#act-" in link and "patent" in link for link in links), links[:20]


def test_search_finds_policies_counted_in_hours(tab, compiled):
    links = search(tab.page, tab.base, "学时")
    expected = {f"policies/{pid}/" for pid, p in compiled.items() if any(e["unit"] == "学时" for e in p["eras"])}
    assert expected, "no policy counts in 学时"
    assert expected <= pages_of(links), (expected - pages_of(links), links[:20])


def test_searching_a_policy_term_ranks_that_word_first(tab, compiled):
    """学时 was cut to 学* by Material's query segmentation (学 stood alone in the index), ranking 学习,
    学历 and 学位 with it, and 专业科目 to 专业* 科*: the jieba user dictionary keeps the policies' terms
    whole, and the worker tries the whole query (build_scripts/guide/search.py; issue 15 §6)."""
    from build_scripts.guide.search import policy_terms

    units = {era["unit"] for p in compiled.values() for era in p["eras"]}
    categories = {c["label"] for p in compiled.values() for c in p["categories"]}
    terms = sorted((units | categories) & set(policy_terms(compiled.values())))
    assert units <= set(terms) and len(terms) > len(units)
    for term in terms:
        marks, _ = search_results(tab.page, tab.base, term)
        assert len(marks) >= 3, (term, marks)
        assert all(mark.startswith(term) for mark in marks), (term, marks)


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_search_results_name_the_region_and_document_number(tab, compiled, viewport):
    from build_scripts.guide.policy_page import region_text

    page = tab.context.new_page()  # same context (its requests recorded), this screen's size
    page.set_viewport_size(viewport)
    try:
        _, tags = search_results(page, tab.base, "通知")
    finally:
        page.close()
    for policy_id, policy in compiled.items():
        path = f"policies/{policy_id}/"
        assert tags.get(path) == [region_text(policy["region"]), policy["document_number"]], (path, tags)
    assert not any(shown for path, shown in tags.items() if not path.startswith("policies/")), tags


def _policy_page_shots(b, output):
    page = b.page
    page.goto(b.base + "policies/zhejiang-tonglu-2018/")
    title = page.inner_text("h1")
    top = output / "policy-zhejiang-tonglu-2018.png"
    page.screenshot(path=str(top))
    page.goto(b.base + "policies/zhejiang-tonglu-2018/#act-credits-paper")
    page.screenshot(path=str(output / "policy-zhejiang-tonglu-2018-paper.png"))
    # An article link jumps to the notice text, where the article is highlighted.
    page.click("[data-activity='act-credits-paper'] a.jx-art")
    url, visible = page.url, page.locator("#src-art11-paren8-num2").is_visible()
    page.screenshot(path=str(output / "policy-zhejiang-tonglu-2018-article.png"))
    page.goto(b.base + "compare/")
    page.screenshot(path=str(output / "compare.png"), full_page=True)
    return title, top, url, visible


def test_policy_page_screenshot(tab, output_dir):
    title, top, url, visible = _policy_page_shots(tab, output_dir)
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


def test_no_request_leaves_the_site(tab, site_dir, server):
    """Open every page; every request must go to the site's own origin, inside its sub-path."""
    _visit_every_page(tab, site_dir)
    origin = urlsplit(server.origin)
    requests = list(tab.requests)
    assert any(urlsplit(u).path.endswith("search_index.json") for u in requests)
    foreign = [u for u in requests
               if urlsplit(u).scheme in ("http", "https", "ws", "wss") and urlsplit(u).netloc != origin.netloc]
    assert not foreign, f"requests to another origin: {foreign[:20]}"
    others = [u for u in requests if urlsplit(u).scheme not in ("http", "https", "data", "blob")]
    assert not others, others[:20]
    assert not server.outside, f"requests outside {PREFIX} (a non-relative link?): {server.outside[:20]}"
    assert not tab.errors, tab.errors[:10]
