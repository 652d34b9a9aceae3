"""怎么补 on the page: under each unmet line, the engine's plan; following one suggestion meets the line."""

import pytest

from calculator.plan import plan
from tests.browser import ui

TONGLU = "zhejiang-tonglu-2018"
# 桐庐 第十一条（一）: 面授培训1天折算为8学分 — 5 days are 40 of the 60 专业科目 credits (第九条); 公需 none yet.
RECORD = {"format": 1, "policy": TONGLU, "year": 2024,
          "activities": [{"kind": "face_training", "params": {"days": 5}}]}


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, {"width": 390, "height": 844}])
def test_each_unmet_line_shows_its_plan_and_a_suggestion_closes_it(contexts, compiled_policies, viewport):
    policy = compiled_policies[TONGLU]
    expected = plan(policy, RECORD)
    page = contexts.page(f"calculator/?policy={TONGLU}", viewport=viewport)
    page.on("dialog", lambda dialog: dialog.accept())  # 清空记录 asks first
    ui.wait_ready(page)
    ui.enter_record(page, policy, RECORD)
    page.locator(".jx-plan-ask").first.click()  # 怎么补？ fills every unmet line's box
    for line in expected["lines"]:
        box = page.locator(f".jx-plan[data-plan-for='{line['id']}']")
        box.locator(".jx-plan-option").first.wait_for(timeout=ui.READY_TIMEOUT)
        assert f"还差的 {line['shortfall']:g} 学分" in box.locator(".jx-plan-head").inner_text()
        shown = box.locator(".jx-plan-list").first.locator(".jx-plan-option").all_inner_texts()
        closing = [option for option in line["options"] if option["closes"]]
        assert [text.split(" · ")[0] for text in shown] == [option["text"] for option in closing[:len(shown)]]
        width = box.evaluate("(el) => el.getBoundingClientRect().right")
        assert width <= viewport["width"]  # no sideways scrolling on a phone
    professional = next(line for line in expected["lines"] if line["id"] == "professional")
    face = next(option for option in professional["options"] if option["kind"] == "face_training")
    assert face["quantity"] == 3  # 还差 20 学分: 2 天 = 16 不够, 3 天 = 24
    ui.enter_record(page, policy, {**RECORD, "activities": RECORD["activities"] + face["activities"]})
    assert page.locator(".jx-line[data-line='professional']").get_attribute("data-met") == "true"
    assert page.locator(".jx-plan[data-plan-for='professional']").count() == 0
    assert not page.errors
