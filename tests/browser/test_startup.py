"""What the calculator page does while its engine loads (issue 13): the engine's worker starts before
the page's modules have loaded (engine-start.js), Material's search waits until it is used
(search-later.js), and the form takes input at once, scored when the engine is ready."""

from calculator import score
from tests.browser import ui

TONGLU = "zhejiang-tonglu-2018"


def search_requests(requests):
    return [url for url in requests if "search_index.json" in url or "/workers/search." in url]


def test_search_starts_only_when_used_on_the_calculator_page(contexts):
    context = contexts()
    by_page = []  # the page's and its workers' requests (the service worker's install caches the index too)
    context.on("request", lambda request: request.service_worker is None and by_page.append(request.url))
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(contexts.site_url + f"calculator/?policy={TONGLU}")
    ui.wait_ready(page)
    page.wait_for_timeout(500)
    assert not search_requests(by_page)
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("专利")
    box.press("End")
    page.wait_for_selector(".md-search-result__item > a", timeout=15000)
    assert search_requests(by_page)
    assert not page.errors


def test_the_form_takes_input_before_the_engine_is_ready(contexts, compiled_policies):
    context = contexts()
    held = []
    # the wasm is held back until the form has been filled in: the engine cannot be ready before
    context.route("**/pyodide.asm.wasm*", lambda route: held.append(route))
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(contexts.site_url + f"calculator/?policy={TONGLU}")
    ui.wait_until(page, "() => document.querySelector('.jx-status-text')?.textContent.includes('MB')")
    assert page.locator("#jx-calc").get_attribute("data-engine") == "loading"
    record = {"format": 1, "policy": TONGLU, "year": 2024,
              "activities": [{"kind": "face_training", "params": {"days": 3}}]}
    page.locator("button.jx-add").click()
    page.locator(".jx-row select.jx-kind").select_option(label="面授培训")
    page.locator(".jx-field[data-field='params.days'] input").fill("3")
    assert ui.saved_record(page, TONGLU)["years"][0]["activities"][0]["params"] == {"days": 3}
    assert page.locator("#jx-calc").get_attribute("data-engine") == "loading"
    for route in held:
        route.continue_()
    ui.wait_ready(page)
    ui.wait_scored(page)
    page.wait_for_selector(".jx-results[data-state='ok']", timeout=ui.READY_TIMEOUT)
    assert ui.shown(page) == ui.expected(score(compiled_policies[TONGLU], record))
    assert not page.errors
