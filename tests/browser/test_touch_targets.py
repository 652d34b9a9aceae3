"""Issue 15 §1, touch targets: everything a person taps on the calculator (with results, 怎么补 and the
申报职称 panel), a policy page and 单位批量核对 (with a unit's table and a drill-down) is at least
24 × 24 px on a phone (390×844) and a desktop (1280×800) — WCAG 2.2's 2.5.8, as measured by the
elements' boxes; a link inside a sentence is the criterion's own exception, except the article
links and 本站解读 the issue names, which are measured too. axe-core's `target-size` rule (off by
default) runs on the same pages."""

import pytest

from tests.browser import ui
from tests.browser.test_axe import AXE
from tests.browser.test_batch_ui import unit_files
from tests.frozen.saved import share_link

MINIMUM = 24  # CSS px
YIYANG = "hunan-yiyang-2018"
TONGLU = "zhejiang-tonglu-2018"
VIEWPORTS = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}
TOO_SMALL_JS = """(minimum) => {
  const measured = 'a.jx-art, a.jx-reading, a.jx-src-link';  // named by the issue: measured even inside a sentence
  const targets = document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=tab], [tabindex]:not([tabindex="-1"])');
  const inSentence = (el) => {  // WCAG 2.5.8 "inline": a link that is part of a sentence's text
    if (el.tagName !== 'A' || getComputedStyle(el).display !== 'inline' || el.matches(measured)) return false;
    const block = el.parentElement.closest('p, li, td, dd, blockquote');
    return !!block && block.textContent.trim().length > el.textContent.trim().length + 2;
  };
  const out = [];
  for (const el of targets) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height || !el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
    if (box.right <= 0 || box.left >= innerWidth) continue;  // a drawer off the screen (Material's navigation)
    if (el.closest('[inert], [aria-hidden=true]') || inSentence(el)) continue;
    if (box.width < minimum - 0.5 || box.height < minimum - 0.5) {
      out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} 「${(el.textContent || el.value || '').trim().slice(0, 16)}」 ${box.width.toFixed(1)}×${box.height.toFixed(1)}`);
    }
  }
  return [...new Set(out)];
}"""
AXE_TARGET_SIZE = """async () => {
  const found = await axe.run(document, { runOnly: ["target-size"], resultTypes: ["violations"] });
  return found.violations.flatMap((v) => v.nodes.map((n) => n.target.join(" ")));
}"""


def too_small(page):
    """Targets under 24 × 24 px, one per line ("" when none)."""
    page.add_script_tag(path=str(AXE))
    return "\n".join(page.evaluate(TOO_SMALL_JS, MINIMUM) + page.evaluate(AXE_TARGET_SIZE))


@pytest.mark.parametrize("device", sorted(VIEWPORTS))
def test_calculator_targets(contexts, compiled_policies, device):
    """益阳: the 博士 checkbox (15 px before), article links (21 px), 怎么补, year tabs, the per-year table."""
    policy = compiled_policies[YIYANG]
    era = policy["eras"][-1]
    kind = next(k for k in era["activities"] if any(p["type"] != "boolean" for p in k["params"]))
    record = {"format": 1, "policy": YIYANG, "target_year": 2022, "person": {"doctor": True}, "years": [
        {"year": 2020, "activities": []}, {"year": 2021, "activities": [{"kind": kind["id"], "params": {}}]}]}
    page = contexts.page(share_link(record), bypass_csp=True, **VIEWPORTS[device])
    ui.wait_ready(page)
    page.locator(".jx-plan-ask").first.click()
    page.locator(".jx-plan-option").first.wait_for(timeout=ui.READY_TIMEOUT)
    assert page.locator(".jx-readiness input[type=checkbox]").count() == 1  # 博士
    assert page.locator("a.jx-art").count() > 3
    assert too_small(page) == ""


@pytest.mark.parametrize("device", sorted(VIEWPORTS))
def test_policy_page_targets(contexts, device):
    page = contexts.page(f"policies/{YIYANG}/", bypass_csp=True, **VIEWPORTS[device])
    page.wait_for_load_state("load")
    assert page.locator("a.jx-src-link").count() > 3 and page.locator("a.jx-reading").count() > 0
    assert too_small(page) == ""


@pytest.mark.parametrize("device", sorted(VIEWPORTS))
def test_batch_page_targets(contexts, compiled_policies, device):
    """With a unit's table, its filters, sortable headings and a person's drill-down open."""
    page = contexts.page(f"batch/?policy={TONGLU}", bypass_csp=True, **VIEWPORTS[device])
    page.wait_for_selector(f"#jx-batch[data-engine='ready'][data-policy='{TONGLU}']", timeout=ui.READY_TIMEOUT)
    mime, data = unit_files(compiled_policies[TONGLU], count=4)["单位-bom.csv"]
    page.locator("#jx-batch-files").set_input_files([{"name": "单位.csv", "mimeType": mime, "buffer": data}])
    page.wait_for_selector("#jx-batch[data-busy='0'] .jx-batch-grid", timeout=ui.READY_TIMEOUT)
    page.locator(".jx-batch-open").first.click()
    page.locator(".jx-batch-person").first.wait_for()
    assert too_small(page) == ""
