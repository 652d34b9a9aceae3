"""axe-core (npm, pinned in package.json) on the site's pages: no serious or critical violation.

The script is injected by Playwright into a context with bypass_csp (the site's Content-Security-Policy
rightly refuses scripts the site does not ship); nothing is loaded from another origin."""

import pytest

from tests.browser import ui
from tests.web import REPO

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
TONGLU = "zhejiang-tonglu-2018"
RUN = """async () => {
  const found = await axe.run(document, { resultTypes: ["violations"] });
  return found.violations.filter((v) => ["serious", "critical"].includes(v.impact))
    .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
}"""


def violations(page):
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(RUN)
    return "\n".join(found)


# the written guides besides the policy pages (build_scripts/guide/site.py)
GUIDES = ["language/", "batch-guide/", "contributing/"]


@pytest.mark.parametrize("path", ["", "policies/", "compare/", "batch/", *GUIDES])
@pytest.mark.parametrize("viewport", ui.VIEWPORTS.values(), ids=ui.VIEWPORTS.keys())
def test_page_has_no_serious_violation(contexts, path, viewport):
    page = contexts.page(path, bypass_csp=True, viewport=viewport)
    page.wait_for_load_state("load")
    assert violations(page) == ""


@pytest.mark.parametrize("viewport", ui.VIEWPORTS.values(), ids=ui.VIEWPORTS.keys())
def test_every_policy_page_has_no_serious_violation(contexts, compiled_policies, viewport):
    """Every compiled policy's page (its grids, outcome and notice tables differ from policy to policy)."""
    assert compiled_policies
    page = contexts.page(None, bypass_csp=True, viewport=viewport)
    found = {}
    for policy in sorted(compiled_policies):
        page.goto(f"{contexts.site_url}policies/{policy}/")
        page.wait_for_load_state("load")
        found[policy] = violations(page)
    assert {policy: text for policy, text in found.items() if text} == {}


@pytest.mark.parametrize("viewport", ui.VIEWPORTS.values(), ids=ui.VIEWPORTS.keys())
def test_calculator_with_results_has_no_serious_violation(contexts, compiled_policies, viewport):
    page = contexts.page(f"calculator/?policy={TONGLU}", bypass_csp=True, viewport=viewport)
    page.on("dialog", lambda dialog: dialog.accept())
    ui.wait_ready(page)
    ui.enter_record(page, compiled_policies[TONGLU], {"format": 1, "policy": TONGLU, "year": 2024, "activities": [
        {"kind": "face_training", "params": {"days": 5}}, {"kind": "online_course", "params": {"credits": 6}}]})
    page.locator(".jx-plan-ask").first.click()
    page.locator(".jx-plan-option").first.wait_for(timeout=ui.READY_TIMEOUT)
    assert violations(page) == ""


@pytest.mark.parametrize("viewport", ui.VIEWPORTS.values(), ids=ui.VIEWPORTS.keys())
def test_search_open_has_no_serious_violation(contexts, viewport):
    page = contexts.page("", bypass_csp=True, viewport=viewport)
    page.wait_for_load_state("load")
    if viewport["width"] < 960:  # a phone: the header's magnifier button opens the search
        page.locator("label.md-header__button[for='__search']").click()
    page.locator(".md-search__input").click()  # opens Material's search dialog
    page.locator(".md-search__input").fill("学时")
    page.locator(".md-search__input").press("End")  # Material searches on key events; fill() sends none
    page.locator(".md-search-result__item").first.wait_for(timeout=ui.READY_TIMEOUT)
    assert violations(page) == ""
