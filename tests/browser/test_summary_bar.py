"""Issue 15 §3, the answer where the eyes are: while a long form is filled in, a compact summary of the
year's result (the verdict, each requirement line with 还差 X) stays in view — stuck to the bottom of
the window on a desktop (1280×800) and as a bar across a phone (390×844) — with the engine's figures,
updated on every recompute; it is reachable with the keyboard, is no second live region, and never
hides the field that has the focus."""

import copy

import pytest

from calculator import score
from tests.browser import ui
from tests.frozen.saved import share_link

TONGLU = "zhejiang-tonglu-2018"
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2},
}
# Five activities (the case): the form is far longer than one screen on either device.
RECORD = {"format": 1, "policy": TONGLU, "target_year": None, "person": {}, "years": [{"year": 2024, "activities": [
    {"kind": "face_training", "params": {"days": 5}, "category": "professional", "name": "县卫健局业务培训"},
    {"kind": "online_course", "params": {"credits": 6}, "category": "public_general", "name": "学习新干线公需课"},
    {"kind": "paper", "params": {"journal": "core", "first_author": True}, "achievement": "慢病管理研究"},
    {"kind": "research_project", "params": {"level": "city"}, "achievement": "慢病管理研究"},
    {"kind": "book", "params": {"characters": 25000}},
]}]}

BAR_JS = """() => {
  const bar = document.querySelector('.jx-summary-bar');
  const text = (el) => el ? el.textContent.trim() : null;
  return {verdict: text(bar.querySelector('.jx-sb-verdict')), met: bar.dataset.met,
          lines: [...bar.querySelectorAll('.jx-sb-line')].map((li) => ({id: li.dataset.line, met: li.dataset.met,
            label: text(li.querySelector('.jx-sb-label')), figures: text(li.querySelector('.jx-sb-figures')),
            status: text(li.querySelector('.jx-sb-status'))}))};
}"""


def expected_bar(result):
    """What the bar must say for the engine's result of one year."""
    requirement, unit = result["requirement"], result["unit"]
    lines = requirement["groups"] + ([requirement["total"]] if requirement["total"] else [])
    return {
        "verdict": f"{'✔' if requirement['met'] else '✘'} {result['year']} 年度{'已达标' if requirement['met'] else '未达标'}",
        "met": str(requirement["met"]).lower(),
        "lines": [{"id": line["id"], "met": str(line["met"]).lower(), "label": line["label"],
                   "figures": f"{ui.number(line['value'])}/{ui.number(line['min'])} {unit}",
                   "status": "✔ 已达到" if line["met"] else f"还差 {ui.number(line['shortfall'])}"} for line in lines],
    }


def one_year(record):
    return {"format": 1, "policy": record["policy"], **record["years"][0]}


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def open_record(contexts, device, version, record=RECORD):
    """The record through a share link made with today's policy file (no note about older versions)."""
    page = contexts.page(share_link({**record, "policy_version": version}), **VIEWPORTS[device])
    page.on("dialog", lambda dialog: dialog.accept())
    ui.wait_ready(page)
    page.locator(".jx-summary-bar:not([hidden])").wait_for()
    page.evaluate("window.scrollTo(0, 0)")
    return page


@pytest.mark.parametrize("device", sorted(VIEWPORTS))
def test_the_summary_is_in_view_at_the_top_of_the_form_and_follows_each_recompute(contexts, compiled_policies, device, output_dir):
    policy = compiled_policies[TONGLU]
    page = open_record(contexts, device, policy["version"])
    height = page.viewport_size["height"]
    # the case the issue describes: the verdict of the results is far below the window…
    assert box(page, ".jx-results .jx-verdict")["y"] > 2 * height
    # …and the summary is in the window, at its bottom, saying what the engine says
    bar = box(page, ".jx-summary-bar")
    assert bar["y"] >= 0 and abs(bar["y"] + bar["height"] - height) <= 1
    assert bar["height"] <= 0.2 * height  # compact: the form keeps the rest of the window
    assert page.evaluate(BAR_JS) == expected_bar(score(policy, one_year(RECORD)))
    if device == "phone":  # a bar across the phone's whole width
        assert bar["x"] <= 0 and bar["x"] + bar["width"] >= page.viewport_size["width"]
        page.screenshot(path=str(output_dir / "calculator-phone.png"))
    else:
        page.screenshot(path=str(output_dir / "calculator-desktop-summary.png"))

    # an edit far from the results: the bar follows the engine's new answer
    changed = copy.deepcopy(RECORD)
    changed["years"][0]["activities"][1]["params"]["credits"] = 30
    page.locator(".jx-row").nth(1).locator(".jx-field[data-field='params.credits'] input").fill("30")
    ui.wait_scored(page)
    assert page.evaluate(BAR_JS) == expected_bar(score(policy, one_year(changed)))
    bar = box(page, ".jx-summary-bar")
    assert bar["y"] >= 0 and bar["y"] + bar["height"] <= height + 1
    if device == "phone":  # the field just typed in, above the bar with its new figures
        page.screenshot(path=str(output_dir / "calculator-phone-editing.png"))

    # at the results it sits where it belongs, just above them, covering nothing
    page.locator("#jx-results-title").scroll_into_view_if_needed()
    page.evaluate("document.getElementById('jx-results-title').scrollIntoView({block: 'center'})")
    title = box(page, "#jx-results-title")
    bar = box(page, ".jx-summary-bar")
    assert bar["y"] + bar["height"] <= title["y"]
    assert not page.errors


@pytest.mark.parametrize("device", sorted(VIEWPORTS))
def test_keyboard_reaches_the_summary_and_no_focused_field_is_under_it(contexts, compiled_policies, device):
    page = open_record(contexts, device, compiled_policies[TONGLU]["version"])
    height = page.viewport_size["height"]
    page.locator("#jx-policy").focus()
    seen = 0
    for _ in range(120):
        page.keyboard.press("Tab")
        where = page.evaluate("""() => {
          const el = document.activeElement, bar = document.querySelector('.jx-summary-bar');
          const r = el.getBoundingClientRect();
          return {inBar: bar.contains(el), more: el.classList.contains('jx-sb-more'), top: r.top, bottom: r.bottom,
                  barTop: bar.getBoundingClientRect().top, name: el.tagName + '.' + el.className,
                  inForm: !!el.closest('.jx-form-area')};
        }""")
        if where["more"]:
            break
        if where["inForm"]:
            seen += 1
            assert where["top"] >= 0 and where["bottom"] <= where["barTop"], f"{where['name']} is under the summary bar: {where}"
    else:
        raise AssertionError("Tab never reached the summary's 查看详细结果")
    assert seen >= 15  # every field of the five activities was visited on the way
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "jx-results-title"
    title, header = box(page, "#jx-results-title"), box(page, ".md-header")
    assert header["y"] + header["height"] <= title["y"] < height

    # a field chosen with a tap or a click (no Tab) low in the window is moved clear of the bar, too
    page.evaluate("window.scrollTo(0, 0)")
    field = page.locator(".jx-row").nth(4).locator("input").first
    page.evaluate("""(el) => { const r = el.getBoundingClientRect(), bar = document.querySelector('.jx-summary-bar');
                     window.scrollBy(0, r.top - bar.getBoundingClientRect().top + r.height / 2); }""", field.element_handle())
    field.focus()
    ui.wait_until(page, """(el) => el.getBoundingClientRect().bottom
                           <= document.querySelector('.jx-summary-bar').getBoundingClientRect().top""", field.element_handle(), timeout=5000)
    assert not page.errors


def test_the_summary_is_no_second_live_region(contexts, compiled_policies):
    page = open_record(contexts, "desktop", compiled_policies[TONGLU]["version"])
    live = page.evaluate("""() => {
      const bar = document.querySelector('.jx-summary-bar');
      const loud = '[aria-live], [role=status], [role=alert], [role=log]';
      return {inside: bar.querySelectorAll(loud).length, around: !!bar.parentElement.closest(loud),
              self: bar.matches(loud), region: bar.tagName === 'SECTION' && bar.getAttribute('aria-label')};
    }""")
    assert live == {"inside": 0, "around": False, "self": False, "region": "结果摘要"}
    # what a screen reader hears after an edit comes once, from the page's one status line
    page.locator(".jx-row").nth(0).locator(".jx-field[data-field='params.days'] input").fill("6")
    ui.wait_scored(page)
    announced = page.locator(".jx-announce").inner_text()
    assert "专业科目" in announced and announced.count("专业科目") == 1


def test_the_summary_follows_the_year_shown_and_says_when_there_is_no_figure(contexts, compiled_policies):
    """滨州: 2019 is in the 学分制 era, which has no single-year requirement (its checks span years), 2020 in
    the 学时制 era with one; a tab switch shows the other year's verdict, a year out of the policy says so."""
    binzhou = "shandong-binzhou-2021"
    policy = compiled_policies[binzhou]
    record = {"format": 1, "policy": binzhou, "target_year": None, "person": {}, "years": [
        {"year": 2019, "activities": [{"kind": "public_course"}, {"kind": "training_days", "params": {"days": 5}}]},
        {"year": 2020, "activities": [{"kind": "public_online", "params": {"hours": 30}}]}]}
    page = contexts.page(share_link({**record, "policy_version": policy["version"]}), **VIEWPORTS["phone"])
    ui.wait_ready(page)
    results = {r["year"]: r for r in score(policy, record)["years"]}
    assert page.locator(".jx-year-tab[aria-selected='true']").get_attribute("data-year") == "2020"
    assert page.evaluate(BAR_JS) == expected_bar(results[2020])

    page.locator(".jx-year-tab[data-year='2019']").click()
    ui.wait_until(page, "() => document.querySelector('.jx-summary-bar').dataset.met === 'none'", timeout=10_000)
    assert results[2019]["requirement"] is None
    assert page.evaluate(BAR_JS) == {
        "verdict": f"2019 年度：没有单一年度要求，合计 {ui.number(results[2019]['total'])} {results[2019]['unit']}",
        "met": "none", "lines": []}

    # a year the policy does not cover: no figures at all, and the bar says why instead of going stale
    page.locator(".jx-year-tab[data-year='2020']").click()
    page.locator("#jx-year").fill("1990")
    ui.wait_until(page, "() => document.querySelector('.jx-summary-bar').dataset.met === 'error'", timeout=30_000)
    assert page.locator(".jx-summary-bar .jx-sb-verdict").inner_text() == "✘ 有需要修正的填写，修正后显示结果"
    assert page.locator(".jx-summary-bar .jx-sb-line").count() == 0 and page.locator(".jx-summary-bar").is_visible()
    assert not page.errors
