"""The calculator page itself: requests, inline errors, engine failure, deep links, embedding, printing."""

import json

from calculator import score
from tests.browser import ui
from tests.web import SITE, foreign

TONGLU = "zhejiang-tonglu-2018"
BINZHOU = "shandong-binzhou-2021"


def test_everything_comes_from_the_site(contexts, compiled_policies, site_url):
    page = contexts.page(f"calculator/?policy={TONGLU}")
    ui.wait_ready(page)
    record = {"format": 1, "policy": TONGLU, "year": 2024,
              "activities": [{"kind": "face_training", "params": {"days": 3}}]}
    ui.enter_record(page, compiled_policies[TONGLU], record)
    requests = page.context.requests
    engine = json.loads((SITE / "assets" / "manifest.json").read_text(encoding="utf-8"))["engine_pyc"]
    for needed in ("assets/pyodide/pyodide.asm.wasm", "assets/pyodide/python_stdlib.zip",
                   engine, f"assets/policies/{TONGLU}.json"):
        assert any(url.startswith(site_url + needed) for url in requests), f"{needed} was not requested"
    assert requests and not foreign(requests, site_url)
    assert not page.errors


def test_built_site_names_no_other_origin():
    """No file of the calculator or Pyodide points the browser at a CDN."""
    for path in (SITE / "assets" / "calculator").iterdir():
        if path.suffix in (".js", ".css"):
            assert "cdn." not in path.read_text(encoding="utf-8"), path
    html = (SITE / "calculator" / "index.html").read_text(encoding="utf-8")
    assert "cdn.jsdelivr" not in html and "unpkg" not in html


def test_out_of_range_field_is_marked_and_the_rest_computes(contexts, compiled_policies):
    page = contexts.page(f"calculator/?policy={TONGLU}")
    ui.wait_ready(page)
    record = {"format": 1, "policy": TONGLU, "year": 2024, "activities": [
        {"kind": "face_training", "params": {"days": 5}},
        {"kind": "online_course", "params": {"credits": 20}, "category": "public_general"},
    ]}
    ui.enter_record(page, compiled_policies[TONGLU], record)
    days = page.locator(".jx-row").nth(0).locator(".jx-field[data-field='params.days']")
    days.locator("input").fill("400")
    ui.wait_scored(page)
    assert "jx-invalid" in days.get_attribute("class")
    assert days.locator(".jx-error").inner_text() == "「培训天数」必须在 0 到 366 之间，实际为 400"
    assert page.locator(".jx-row").nth(0).locator(".jx-row-value").inner_text() == "有误，未计入"
    broken = {**record, "activities": [{**record["activities"][0], "params": {"days": 400}}, record["activities"][1]]}
    engine = score(compiled_policies[TONGLU], broken, lenient=True)
    assert ui.shown(page) == ui.expected(engine)
    assert ui.shown(page)["totals"]["total"] == "20"
    # a field not yet touched is only a hint, not an error
    page.locator("button.jx-add").click()
    page.locator(".jx-row").nth(2).locator("select.jx-kind").select_option(label="专业课题研究、规划制定")
    ui.wait_scored(page)
    level = page.locator(".jx-row").nth(2).locator(".jx-field[data-field='params.level']")
    assert "jx-pending" in level.get_attribute("class") and level.locator(".jx-error").inner_text() == "请填写"


def test_year_picks_the_era_and_its_kinds(contexts, compiled_policies):
    page = contexts.page(f"calculator/?policy={BINZHOU}")
    page.wait_for_selector(".jx-form-area:not([hidden])")
    page.locator("#jx-year").fill("2019")
    page.locator("button.jx-add").click()
    kinds = page.locator(".jx-row select.jx-kind option").all_inner_texts()
    assert "“学习强国”学习" in " ".join(kinds) or any("学习强国" in k for k in kinds)
    assert not any(k == "公需科目网络学习" for k in kinds)
    page.locator("#jx-year").fill("2021")
    kinds_2021 = [k["label"] for k in ui.era_for(compiled_policies[BINZHOU], 2021)["activities"]]
    assert page.locator(".jx-row select.jx-kind option").all_inner_texts()[1:] == kinds_2021
    assert "学时制" in page.locator(".jx-policy-era").inner_text()


def test_engine_that_cannot_load_is_reported_and_the_form_still_works(contexts):
    context = contexts()
    context.route("**/pyodide.asm.wasm*", lambda route: route.fulfill(status=404, body="not here"))
    page = context.new_page()
    page.goto(contexts.site_url + f"calculator/?policy={TONGLU}")
    page.wait_for_selector("#jx-calc[data-engine='failed']", timeout=ui.READY_TIMEOUT)
    status = page.locator(".jx-status").inner_text()
    assert "计算引擎未能加载" in status and "离线版" in status and "Traceback" not in status
    page.locator("button.jx-add").click()
    page.locator(".jx-row select.jx-kind").select_option(label="面授培训")
    page.locator(".jx-field[data-field='params.days'] input").fill("2")
    assert ui.saved_record(page, TONGLU)["years"][0]["activities"][0]["params"] == {"days": 2}
    assert "暂时无法计算" in page.locator(".jx-results").inner_text()


def test_wasm_served_with_a_wrong_mime_type_still_loads(contexts):
    wasm = (SITE / "assets" / "pyodide" / "pyodide.asm.wasm").read_bytes()
    context = contexts()
    context.route("**/pyodide.asm.wasm*",
                  lambda route: route.fulfill(status=200, body=wasm, headers={"Content-Type": "application/octet-stream"}))
    page = context.new_page()
    page.goto(contexts.site_url + f"calculator/?policy={TONGLU}")
    ui.wait_ready(page)


def test_deep_link_and_embedded_view(contexts):
    page = contexts.page("calculator/?policy=hunan-yiyang-2018&embed=1")
    page.wait_for_selector(".jx-form-area:not([hidden])")
    assert page.locator("#jx-policy").input_value() == "hunan-yiyang-2018"
    assert page.evaluate("document.documentElement.classList.contains('jx-embed')")
    assert not page.locator(".md-header").is_visible()
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert page.locator("#jx-calc").is_visible()
    unknown = contexts.page("calculator/?policy=nowhere")
    unknown.locator(".jx-message:not(.jx-tools-message)").wait_for(state="visible")  # shown once the policy list has loaded
    assert "没有编号为「nowhere」的政策" in unknown.locator(".jx-message:not(.jx-tools-message)").inner_text()


def test_user_text_is_shown_as_text(contexts, compiled_policies):
    page = contexts.page(f"calculator/?policy={TONGLU}")
    ui.wait_ready(page)
    payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'
    record = {"format": 1, "policy": TONGLU, "year": 2024,
              "activities": [{"kind": "face_training", "params": {"days": 1}, "name": payload}]}
    ui.enter_record(page, compiled_policies[TONGLU], record)
    assert payload in page.locator(".jx-breakdown .jx-item-name").inner_text()
    assert page.locator(".jx-results img, .jx-results script").count() == 0
    assert page.evaluate("window.__pwned") is None


def test_screenshots_of_a_filled_calculator_and_its_print_view(contexts, compiled_policies, output_dir):
    page = contexts.page(f"calculator/?policy={TONGLU}")
    ui.wait_ready(page)
    record = {"format": 1, "policy": TONGLU, "year": 2024, "activities": [
        {"kind": "face_training", "params": {"days": 5}, "category": "professional", "name": "县卫健局业务培训"},
        {"kind": "online_course", "params": {"credits": 20}, "category": "public_general", "name": "学习新干线公需课"},
        {"kind": "paper", "params": {"journal": "core", "first_author": True}, "achievement": "慢病管理研究"},
        {"kind": "research_project", "params": {"level": "city"}, "achievement": "慢病管理研究"},
        {"kind": "book", "params": {"characters": 25000}},
    ]}
    ui.enter_record(page, compiled_policies[TONGLU], record)
    page.screenshot(path=str(output_dir / "calculator-filled.png"), full_page=True)

    page.emulate_media(media="print")
    head = page.locator(".jx-pv-head")  # the print for a title application (print.js; test_print.py)
    head.wait_for(state="visible", timeout=5000)  # built on the media query's change event, which comes later
    text = head.inner_text()
    policy = compiled_policies[TONGLU]
    assert policy["title"] in text and policy["document_number"] in text and "计算日期" in text
    assert page.locator(".jx-disclaimer").is_visible()
    assert "以通知原文和主管部门认定为准" in page.locator(".jx-disclaimer").inner_text()
    assert not page.locator(".jx-form-area").is_visible() and not page.locator(".md-header").is_visible()
    assert page.locator(".jx-print-view .jx-pv-item").count() == 5
    page.screenshot(path=str(output_dir / "calculator-print.png"), full_page=True)
    page.pdf(path=str(output_dir / "calculator-print.pdf"), format="A4", print_background=True)
    page.emulate_media(media="screen")
    json.dumps(record)  # the record used, for the report


def test_guide_anchors_the_calculator_links_to_exist(compiled_policies):
    """Each rule, requirement, note and interpretation links to its place on the policy's guide page."""
    import re

    for policy_id, policy in compiled_policies.items():
        html = (SITE / "policies" / policy_id / "index.html").read_text(encoding="utf-8")
        ids = set(re.findall(r'\bid="([^"]+)"', html))
        wanted = {f"interp-{item['id']}" for item in policy["interpretations"]}
        for era in policy["eras"]:
            wanted.add(f"era-{era['id']}")
            if era.get("requirement"):
                wanted.add(f"requirement-{era['id']}")
            wanted |= {f"act-{era['id']}-{kind['id']}" for kind in era["activities"]}
            wanted |= {f"dedup-{era['id']}-{n + 1}" for n in range(len(era.get("dedup", [])))}
            wanted |= {f"cap-{era['id']}-{cap['id']}" for cap in era.get("caps", [])}
            wanted |= {f"pool-{era['id']}-{pool['id']}" for pool in era.get("pools", [])}
        assert not wanted - ids, f"{policy_id}: missing anchors {sorted(wanted - ids)}"
