"""Nothing lost: autosave and reload, export and import, share links, and broken input of each kind."""

import base64
import json

import pytest

from calculator import score
from tests.browser import ui

TONGLU = "zhejiang-tonglu-2018"
RECORD = {"format": 1, "policy": TONGLU, "year": 2024, "activities": [
    {"kind": "face_training", "params": {"days": 2.5}, "category": "professional", "name": "县卫健局业务培训"},
    {"kind": "online_course", "params": {"credits": 20}, "category": "public_general", "name": "学习新干线公需课"},
    {"kind": "paper", "params": {"journal": "core", "first_author": True}, "achievement": "慢病管理研究"},
    {"kind": "research_project", "params": {"level": "city"}, "achievement": "慢病管理研究"},
]}


def filled_page(contexts, policies, record=RECORD, **options):
    page = contexts.page(f"calculator/?policy={record['policy']}", **options)
    page.on("dialog", lambda dialog: dialog.accept())
    ui.wait_ready(page)
    ui.enter_record(page, policies[record["policy"]], record)
    return page


TOP = ".jx-message:not(.jx-tools-message)"  # page-wide problems, share links
TOOLS = ".jx-tools .jx-message"  # next to 导出/导入/分享/清空, what those buttons caused


def message(page, expected=None, where=TOP):
    """The message shown at the top of the calculator, or next to the tool buttons (waiting for one
    that holds `expected`)."""
    box = page.locator(where)
    (box.filter(has_text=expected) if expected else box).wait_for(state="visible")
    return box.inner_text()


def near(page, button, box, within=200):
    """Whether the message box is within `within` px (vertically) of the button."""
    top = page.locator(button).bounding_box()["y"]
    return abs(page.locator(box).bounding_box()["y"] - top) <= within


def test_reload_restores_the_record(contexts, compiled_policies):
    page = filled_page(contexts, compiled_policies)
    before, saved = ui.shown(page), ui.saved_record(page, TONGLU)
    assert before == ui.expected(score(compiled_policies[TONGLU], RECORD))

    page.reload()
    ui.wait_ready(page)
    assert ui.shown(page) == before
    assert ui.saved_record(page, TONGLU) == saved
    assert page.locator(".jx-row").count() == 4
    assert page.locator(".jx-row").nth(0).locator(".jx-field[data-field='name'] input").input_value() == "县卫健局业务培训"
    assert page.locator("#jx-year").input_value() == "2024"


@pytest.mark.parametrize("viewport", ui.VIEWPORTS.values(), ids=ui.VIEWPORTS.keys())
def test_export_then_import_gives_the_same_result(contexts, compiled_policies, tmp_path, viewport):
    page = filled_page(contexts, compiled_policies, viewport=viewport)
    before = ui.shown(page)
    with page.expect_download() as download:
        page.locator("button.jx-export").click()
    exported = tmp_path / "record.json"
    download.value.save_as(exported)
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data == ui.saved_record(page, TONGLU)
    # the multi-year format, with the policy version and figures it was saved with (issue 14)
    assert set(data) == {"format", "policy", "target_year", "person", "years", "policy_version", "saved_totals"}
    assert data["policy_version"] == compiled_policies[TONGLU]["version"]
    assert [entry["year"] for entry in data["years"]] == [2024]
    assert all(set(a) == {"kind", "params", "category", "name", "achievement"} for a in data["years"][0]["activities"])
    # the CLI reads it
    assert score(compiled_policies[TONGLU], data)["years"] == [ui.as_year(score(compiled_policies[TONGLU], RECORD))]

    page.locator("button.jx-clear").click()
    ui.wait_scored(page)
    assert page.locator(".jx-row").count() == 0

    with page.expect_file_chooser() as chooser:
        page.locator("button.jx-import").click()
    chooser.value.set_files(str(exported))
    assert "已导入记录" in message(page, "已导入记录", TOOLS)
    assert near(page, "button.jx-import", TOOLS)  # in sight of the button, not 2,000 px above it
    ui.wait_rows(page, 4)
    ui.wait_scored(page)
    assert ui.shown(page) == before


def test_share_link_restores_the_record_in_a_fresh_browser(contexts, compiled_policies, server_paths):
    page = filled_page(contexts, compiled_policies)
    before = ui.shown(page)
    page.locator("button.jx-share").click()
    link = page.locator(".jx-share-link").input_value()
    assert "#r=" in link
    payload = link.split("#r=", 1)[1]
    assert json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))) == ui.saved_record(page, TONGLU)

    fresh = contexts.page(None)  # a new context: no storage, no cache
    fresh.goto(link)
    ui.wait_ready(fresh)
    assert ui.shown(fresh) == before
    assert "已打开分享链接中的记录" in message(fresh, "分享链接")
    assert fresh.evaluate("location.hash") == ""  # a reload will not re-apply the link
    assert ui.saved_record(fresh, TONGLU) == ui.saved_record(page, TONGLU)
    assert not any(payload[:40] in path for path in server_paths), "the record reached the server"


def test_share_link_replacing_a_saved_record_keeps_a_backup(contexts, compiled_policies):
    page = filled_page(contexts, compiled_policies)
    page.locator("button.jx-share").click()
    link = page.locator(".jx-share-link").input_value()
    other = {**RECORD, "activities": RECORD["activities"][:1]}
    ui.enter_record(page, compiled_policies[TONGLU], other)
    page.goto(link)  # the page is open: only the fragment changes
    assert "之前在本浏览器保存的记录已备份" in message(page, "分享链接")
    ui.wait_rows(page, 4)
    ui.wait_scored(page)
    page.locator(f"{TOP} .jx-message-action").click()
    ui.wait_rows(page, 1)


def test_broken_share_links_keep_what_the_user_has(contexts, compiled_policies):
    page = filled_page(contexts, compiled_policies)
    saved = ui.saved_record(page, TONGLU)
    not_json = base64.urlsafe_b64encode("{少了括号".encode()).decode().rstrip("=")
    unknown_policy = base64.urlsafe_b64encode(json.dumps({"format": 1, "policy": "nowhere", "year": 2024,
                                                         "activities": []}).encode()).decode().rstrip("=")
    for payload in ("%%%not-base64", RECORD_PREFIX_CUT(page), not_json, unknown_policy):
        page.goto("about:blank")
        page.goto(f"{contexts.site_url}calculator/#r={payload}")
        assert "分享链接已损坏" in message(page, "分享链接已损坏")
        page.wait_for_selector(".jx-form-area:not([hidden])")
        assert page.locator(".jx-row").count() == 4
        assert ui.saved_record(page, TONGLU) == saved


def RECORD_PREFIX_CUT(page):
    """A real share link cut short, as a chat program might."""
    page.locator("button.jx-share").click()
    link = page.locator(".jx-share-link").input_value()
    return link.split("#r=", 1)[1][:37]


def test_corrupted_saved_record_gives_a_message_and_a_fresh_start(contexts):
    page = contexts.page(f"calculator/?policy={TONGLU}")
    for broken in ("{这不是 JSON", json.dumps({"format": 1, "policy": TONGLU, "activities": "x"})):
        page.evaluate("([key, value]) => localStorage.setItem(key, value)", [f"jxjy-calc:v1:record:{TONGLU}", broken])
        page.reload()
        assert "保存的记录已损坏" in message(page, "已损坏")
        page.wait_for_selector(".jx-form-area:not([hidden])")
        assert page.locator(".jx-row").count() == 0
        # the damaged text is kept aside, never overwritten by the fresh record
        assert page.evaluate("(key) => localStorage.getItem(key)", f"jxjy-calc:v1:corrupt:{TONGLU}") == broken
    page.locator("button.jx-add").click()
    assert page.locator(".jx-row").count() == 1


def test_invalid_import_files_are_refused_and_nothing_changes(contexts, compiled_policies, tmp_path):
    page = filled_page(contexts, compiled_policies)
    before, saved = ui.shown(page), ui.saved_record(page, TONGLU)
    files = {
        "not-json.json": ("这不是记录", "不是有效的 JSON"),
        "no-policy.json": (json.dumps({"hello": 1}), "没有写明所属政策"),
        "other-site.json": (json.dumps({"format": 1, "policy": "nowhere", "year": 2024, "activities": []}), "不在本站"),
        "future.json": (json.dumps({"format": 9, "policy": TONGLU, "year": 2024, "activities": []}), "不受支持"),
        "bad-activities.json": (json.dumps({"format": 1, "policy": TONGLU, "year": 2024, "activities": [1]}),
                                "第 1 项活动不是一个对象"),
    }
    for name, (content, expected) in files.items():
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        with page.expect_file_chooser() as chooser:
            page.locator("button.jx-import").click()
        chooser.value.set_files(str(path))
        text = message(page, "无法导入", TOOLS)
        assert "无法导入" in text and expected in text and "当前的记录没有改变" in text, text
        assert ui.saved_record(page, TONGLU) == saved
        assert ui.shown(page) == before
        page.locator(f"{TOOLS} .jx-message-close").click()
