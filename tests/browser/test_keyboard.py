"""Keyboard only: the activity kind chosen with the arrow keys, the focus staying on the list."""

import pytest

from tests.browser import ui

TONGLU = "zhejiang-tonglu-2018"
FOCUSED_KIND = "() => document.activeElement && document.activeElement.classList.contains('jx-kind') ? document.activeElement.value : null"


@pytest.mark.parametrize("viewport", ui.VIEWPORTS.values(), ids=ui.VIEWPORTS.keys())
def test_golden_case_typed_with_arrow_keys_in_the_kind_list(contexts, compiled_policies, viewport):
    """桐庐 第十一条（四）: 每个合格科目折算专业科目学分36分 — one subject passed in 2024 gives 36 专业科目 credits."""
    page = contexts.page(f"calculator/?policy={TONGLU}", viewport=viewport)
    ui.wait_ready(page)
    ui.choose_policy(page, compiled_policies[TONGLU])
    ui.clear_record(page)
    page.locator("#jx-year").fill("2024")
    page.locator("button.jx-add").focus()
    page.keyboard.press("Enter")
    ui.wait_rows(page, 1)
    kinds = page.locator(".jx-row select.jx-kind option").evaluate_all("(options) => options.map((o) => o.value)")
    target = kinds.index("qualification_exam")
    assert page.evaluate(FOCUSED_KIND) == ""
    for n in range(1, target + 1):  # each ↓ commits the next kind; the focus stays on the list
        page.keyboard.press("ArrowDown")
        assert page.evaluate(FOCUSED_KIND) == kinds[n]
        assert page.locator(".jx-row").count() == 1
    subjects = page.locator(".jx-row .jx-field[data-field='params.subjects'] input")
    for _ in range(6):
        if subjects.evaluate("(el) => el === document.activeElement"):
            break
        page.keyboard.press("Tab")
    assert subjects.evaluate("(el) => el === document.activeElement")
    page.keyboard.press("Backspace")
    page.keyboard.type("1")
    ui.wait_until(page, "() => document.querySelector('.jx-row-value').textContent === '计 36 学分'")
    ui.wait_scored(page)
    assert page.locator(".jx-line[data-line='professional'] .jx-line-value").inner_text() == "36"
    assert not page.errors


@pytest.mark.parametrize("viewport", ui.VIEWPORTS.values(), ids=ui.VIEWPORTS.keys())
def test_year_tabs_are_tabs_with_their_state_in_words(contexts, compiled_policies, viewport):
    """Two years: the tab list is browsed with ← →, each tab says 已达标/未达标, and only the verdict and
    the figures that changed are announced (the results section itself is not a live region)."""
    page = contexts.page(f"calculator/?policy={TONGLU}", viewport=viewport)
    page.on("dialog", lambda dialog: dialog.accept())
    ui.wait_ready(page)
    # 桐庐 第十一条（一）: 面授培训1天折算为8学分; 第七条: 每年不少于90学分，其中专业科目不少于60、公需不少于18
    record = {"format": 1, "policy": TONGLU, "target_year": None, "person": {}, "years": [
        {"year": 2023, "activities": [{"kind": "face_training", "params": {"days": 12}},
                                      {"kind": "face_training", "params": {"days": 3}, "category": "public_general"}]},
        {"year": 2024, "activities": [{"kind": "face_training", "params": {"days": 1}}]}]}
    ui.enter_history(page, compiled_policies[TONGLU], record)
    assert page.locator(".jx-timeline").get_attribute("role") == "tablist"
    tabs = page.locator(".jx-year-tab")
    assert tabs.evaluate_all("(els) => els.map((e) => [e.getAttribute('role'), e.textContent])") == [
        ["tab", "2023 年度已达标"], ["tab", "2024 年度未达标"]]
    current = page.locator(".jx-year-tab[aria-selected='true']")
    assert current.get_attribute("data-year") == "2024" and current.get_attribute("tabindex") == "0"
    assert page.locator(".jx-results").get_attribute("aria-live") is None
    current.focus()
    page.keyboard.press("ArrowLeft")
    ui.wait_until(page, "() => document.activeElement.dataset.year === '2023'")
    assert page.locator(".jx-year-tab[data-year='2023']").get_attribute("aria-selected") == "true"
    assert page.locator(".jx-results h2").inner_text() == "2023 年度计算结果"
    assert page.locator(".jx-announce").inner_text().startswith("已达到 2023 年度要求")
    # an edit that changes one figure announces that figure, not the whole section
    page.locator(".jx-row").nth(1).locator(".jx-field[data-field='params.days'] input").fill("4")
    ui.wait_until(page, "() => document.querySelector('.jx-announce').textContent.includes('32 学分')")  # 4 天 × 8
    announced = page.locator(".jx-announce").inner_text()
    assert "专业科目" not in announced and "已达到 2023" not in announced
    assert not page.errors


@pytest.mark.parametrize("viewport", ui.VIEWPORTS.values(), ids=ui.VIEWPORTS.keys())
def test_the_year_box_cannot_turn_one_year_into_another(contexts, compiled_policies, viewport):
    """Typing 2023 on the 2024 tab (2023 being in the record) is refused in words; both years stay."""
    page = contexts.page(f"calculator/?policy={TONGLU}", viewport=viewport)
    page.on("dialog", lambda dialog: dialog.accept())
    ui.wait_ready(page)
    record = {"format": 1, "policy": TONGLU, "target_year": None, "person": {}, "years": [
        {"year": 2023, "activities": [{"kind": "face_training", "params": {"days": 2}}]},
        {"year": 2024, "activities": [{"kind": "face_training", "params": {"days": 1}}]}]}
    ui.enter_history(page, compiled_policies[TONGLU], record)
    page.locator("#jx-year").fill("2023")
    error = page.locator(".jx-year-line .jx-error")
    error.wait_for(state="visible")
    assert "2023 年度已在记录中" in error.inner_text()
    ui.wait_scored(page)
    assert [e["year"] for e in ui.saved_record(page, TONGLU)["years"]] == [2023, 2024]
    assert page.locator(".jx-year-tab").evaluate_all("(els) => els.map((e) => e.dataset.year)") == ["2023", "2024"]
    assert "重复出现" not in page.locator(".jx-results").inner_text()
    page.locator("#jx-year").fill("2025")  # a year not in the record: the number of this year is corrected
    ui.wait_until(page, "() => document.querySelector('.jx-year-tab[data-year=\"2025\"]')")
    ui.wait_scored(page)
    assert [e["year"] for e in ui.saved_record(page, TONGLU)["years"]] == [2023, 2025]
    assert not page.errors
