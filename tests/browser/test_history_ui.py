"""Several years in the calculator: golden multi-year cases typed into the page must show the same
per-year figures, title-application checks and deadlines as CPython's `calculator.score`; spread
activities, old one-year links and files, and the .ics calendar file."""

import base64
import datetime
import json

import pytest
from icalendar import Calendar
from jsonschema import Draft202012Validator

from calculator import score
from calculator.api import deadlines_ics
from tests.browser import ui
from tests.golden import REPO, load_cases

UI_FIELDS = {"kind", "params", "category", "name", "achievement", "date"}
TONGLU = "zhejiang-tonglu-2018"
YIYANG = "hunan-yiyang-2018"
RECORD_SCHEMA = Draft202012Validator(json.loads((REPO / "schema" / "record.schema.json").read_text(encoding="utf-8")))


def enterable(case):
    """Multi-year cases without an expected error whose activities the form can express."""
    record = case["record"]
    if case["error"] or "years" not in record:
        return False
    return all(set(activity) <= UI_FIELDS for entry in record["years"] for activity in entry.get("activities", []))


CASES = [case for case in load_cases() if enterable(case)]


def test_every_policy_has_a_multi_year_case():
    assert len({case["policy"]["id"] for case in CASES}) == 5


def current_year(page):
    return int(page.locator(".jx-year-tab.jx-current").get_attribute("data-year"))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_multi_year_case_typed_into_the_page(calc_page, case):
    policy, record = case["policy"], case["record"]
    ui.enter_history(calc_page, policy, record)

    engine = score(policy, record)
    assert ui.shown_history(calc_page) == ui.expected_history(engine)
    assert calc_page.locator(".jx-field.jx-invalid").count() == 0
    # the year in the form: its detailed result is that year's result
    year = current_year(calc_page)
    assert ui.shown(calc_page) == ui.expected(next(r for r in engine["years"] if r["year"] == year))
    # the tabs: every year of the result, in order, with its status
    tabs = calc_page.locator(".jx-year-tab")
    assert [int(y) for y in tabs.evaluate_all("els => els.map(e => e.dataset.year)")] == [r["year"] for r in engine["years"]]

    # the record the page saved is the CLI's multi-year format and scores the same
    saved = ui.saved_record(calc_page, policy["id"])
    assert not list(RECORD_SCHEMA.iter_errors(saved))
    assert [entry["year"] for entry in saved["years"]] == [entry["year"] for entry in record["years"]]
    assert score(policy, saved) == engine


def test_spread_activity_shows_in_every_year_it_covers(calc_page, compiled_policies):
    policy = compiled_policies[YIYANG]
    record = {"format": 1, "policy": YIYANG, "target_year": 2022, "person": {"doctor": True}, "years": [
        {"year": 2019, "activities": [{"kind": "aid_over_one_year", "params": {"start_year": 2019, "end_year": 2021,
                                                                               "passed": True}, "name": "援疆"}]}]}
    ui.enter_history(calc_page, policy, record)
    engine = score(policy, record)
    assert [r["year"] for r in engine["years"]] == [2019, 2020, 2021]
    assert ui.shown_history(calc_page) == ui.expected_history(engine)

    # 2020 was never entered: its tab shows the carried activity, marked with the year it came from
    calc_page.locator(".jx-year-tab[data-year='2020']").click()
    carried = calc_page.locator(".jx-carried-item")
    assert carried.count() == 1 and carried.get_attribute("data-from") == "2019"
    assert "自 2019 年度带入" in carried.inner_text() and "援疆" in carried.inner_text()
    assert calc_page.locator(".jx-row").count() == 0
    assert calc_page.locator("#jx-year").input_value() == "2020"
    item = calc_page.locator(".jx-breakdown > li.jx-item-carried")
    assert item.count() == 1 and "在 2019 年度录入" in item.inner_text()
    # the answer carries a reference to the 2019 entry (issue 11 §4); the page shows it whole: the article
    # and quoted clause, the steps and the name from the entry, this year's figures
    [reference] = engine["years"][1]["activities"]
    assert reference["source_index"] == 0 and "steps" not in reference and "name" not in reference
    entry = engine["years"][0]["activities"][0]
    shown = item.inner_text()
    assert entry["rule"]["article"] in shown and entry["rule"]["clause"] in shown and "援疆" in shown
    assert all(step["text"] in shown for step in entry["steps"])
    assert ui.shown(calc_page) == ui.expected(engine["years"][1])
    assert "带入" in calc_page.locator(".jx-ytable tr[data-year='2020'] th").inner_text()
    # and it is edited where it was entered
    carried.locator("button").click()
    assert current_year(calc_page) == 2019 and calc_page.locator(".jx-row").count() == 1

    # the doctor answer flips with the person field: 2022 needs 2017—2021 without it
    calc_page.locator(".jx-readiness .jx-field[data-field='person.doctor'] input").uncheck()
    ui.wait_scored(calc_page)
    check = calc_page.locator(".jx-check[data-check='senior-title']")
    # 2018 not entered, 2017 before the notice (earlier rules, separate proof): 待确认, not 不满足 (issue 11 §6)
    assert check.get_attribute("data-met") == "unknown" and check.get_attribute("data-findings") == "2017,2018"
    assert ui.saved_record(calc_page, YIYANG)["person"] == {"doctor": False}


def test_years_are_added_checked_and_removed(calc_page, compiled_policies):
    policy = compiled_policies["shandong-binzhou-2021"]
    ui.enter_history(calc_page, policy, {"years": [{"year": 2018, "activities": [{"kind": "public_course"}]}]})
    new_year, add = calc_page.locator("#jx-new-year"), calc_page.locator("button.jx-add-year")
    error = calc_page.locator(".jx-add-year-line .jx-error")
    for typed, message in (("2018", "2018 年度已录入"), ("2016", "2016 年度不在本政策适用的年度内"), ("", "请填写要添加的年度")):
        new_year.fill(typed)
        add.click()
        assert message in error.inner_text()
    assert calc_page.locator(".jx-year-tab").count() == 1

    new_year.fill("2021")  # another era: its own kinds and unit
    add.click()
    assert current_year(calc_page) == 2021
    calc_page.locator("button.jx-add").click()
    kinds = calc_page.locator(".jx-row select.jx-kind option").all_inner_texts()
    assert kinds[1:] == [k["label"] for k in ui.era_for(policy, 2021)["activities"]]
    ui.wait_scored(calc_page)
    assert "学时" in calc_page.locator(".jx-ytable tr[data-year='2021'] .jx-y-sum").inner_text()
    assert "学分" in calc_page.locator(".jx-ytable tr[data-year='2018'] .jx-y-sum").inner_text()

    calc_page.locator("button.jx-remove-year").click()  # the page asks first (the test page accepts)
    ui.wait_until(calc_page, "(n) => document.querySelectorAll('.jx-year-tab').length === n", 1)
    assert [e["year"] for e in ui.saved_record(calc_page, policy["id"])["years"]] == [2018]
    calc_page.locator(".jx-message:not(.jx-tools-message) .jx-message-action").click()  # 恢复之前的记录
    ui.wait_until(calc_page, "(n) => document.querySelectorAll('.jx-year-tab').length === n", 2)
    assert [e["year"] for e in ui.saved_record(calc_page, policy["id"])["years"]] == [2018, 2021]


ONE_YEAR = {"format": 1, "policy": TONGLU, "year": 2024, "activities": [
    {"kind": "face_training", "params": {"days": 2.5}, "category": "professional", "name": "县卫健局业务培训"},
    {"kind": "paper", "params": {"journal": "core", "first_author": True}, "achievement": "慢病管理研究"},
    {"kind": "research_project", "params": {"level": "city"}, "achievement": "慢病管理研究"},
]}


def test_old_one_year_links_saved_records_and_files_still_open(contexts, compiled_policies, tmp_path):
    engine = score(compiled_policies[TONGLU], ONE_YEAR)
    payload = base64.urlsafe_b64encode(json.dumps(ONE_YEAR, ensure_ascii=False).encode()).decode().rstrip("=")
    page = contexts.page(None)
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"{contexts.site_url}calculator/?policy={TONGLU}#r={payload}")  # a link made before several years
    ui.wait_ready(page)
    assert page.locator(".jx-row").count() == 3
    assert page.locator("#jx-year").input_value() == "2024"
    assert ui.shown(page) == ui.expected(engine)
    saved = ui.saved_record(page, TONGLU)
    assert [entry["year"] for entry in saved["years"]] == [2024] and "year" not in saved
    assert score(compiled_policies[TONGLU], saved)["years"] == [ui.as_year(engine)]

    # a one-year record saved in this browser by the earlier page
    page.evaluate("([key, value]) => localStorage.setItem(key, value)",
                  [f"jxjy-calc:v1:record:{TONGLU}", json.dumps(ONE_YEAR, ensure_ascii=False)])
    page.reload()
    ui.wait_ready(page)
    assert page.locator(".jx-row").count() == 3 and ui.shown(page) == ui.expected(engine)
    assert page.locator(".jx-message:not(.jx-tools-message)").is_hidden()

    # a one-year file exported by the earlier page
    page.locator("button.jx-clear").click()
    ui.wait_rows(page, 0)
    path = tmp_path / "old.json"
    path.write_text(json.dumps(ONE_YEAR, ensure_ascii=False), encoding="utf-8")
    with page.expect_file_chooser() as chooser:
        page.locator("button.jx-import").click()
    chooser.value.set_files(str(path))
    ui.wait_rows(page, 3)
    ui.wait_scored(page)
    assert ui.shown(page) == ui.expected(engine)
    assert not page.errors


def test_deadlines_the_calendar_file_and_the_multi_year_view(calc_page, compiled_policies, output_dir, tmp_path):
    policy = compiled_policies[TONGLU]
    today = datetime.date.today()
    record = {"format": 1, "policy": TONGLU, "target_year": 2025, "years": [
        {"year": 2022, "activities": [{"kind": "face_training", "params": {"days": 5}, "name": "县卫健局业务培训"}]},
        {"year": 2023, "activities": [{"kind": "face_training", "params": {"days": 5}}]},
        {"year": 2024, "activities": [
            {"kind": "face_training", "params": {"days": 2}, "date": "2024-05-10", "name": "院内业务培训"},
            {"kind": "academic_conference", "params": {"days": 1}, "date": "2024-12-05", "name": "省医学会年会"},
            {"kind": "degree_related"},
            {"kind": "online_course", "params": {"credits": 18}, "category": "public_general"}]},
        {"year": today.year, "activities": [
            {"kind": "face_training", "params": {"days": 1}, "date": today.isoformat(), "name": "今天结束的培训"}]},
    ]}
    ui.enter_history(calc_page, policy, record)
    engine = score(policy, record)
    assert ui.shown_history(calc_page) == ui.expected_history(engine)
    dates = [d["date"] for d in engine["deadlines"]]
    assert dates[:2] == ["2024-07-09", "2024-12-30"]  # 60 days after the end; December → 12-30

    # past deadlines are greyed, the one still ahead is not
    items = calc_page.locator(".jx-deadline")
    for n, date in enumerate(dates):
        past = date < today.isoformat()
        assert items.nth(n).get_attribute("data-past") == str(past).lower()
        opacity = float(items.nth(n).evaluate("el => getComputedStyle(el).opacity"))
        assert (opacity < 1) == past
    assert "第十三条" in items.first.locator("a.jx-art").inner_text()
    assert items.first.locator("a.jx-art").get_attribute("href").endswith(f"/policies/{TONGLU}/#deadlines")

    # the checks name their article on the policy page
    check = calc_page.locator(".jx-check[data-check='title-recommendation']")
    assert check.locator("a.jx-art").get_attribute("href").endswith(f"/policies/{TONGLU}/#check-title-recommendation")
    assert "第十五条" in check.inner_text() and "近三年未完成规定学分要求" in check.inner_text()

    calc_page.locator(".jx-year-tab[data-year='2024']").click()
    calc_page.screenshot(path=str(output_dir / "calculator-multi-year.png"), full_page=True)

    # printed: the years and the target year in the heading, the per-year table and the checks, no buttons
    calc_page.emulate_media(media="print")
    head = calc_page.locator(".jx-pv-head").inner_text()  # print.js (test_print.py has the rest)
    assert f"年度：2022、2023、2024、{today.year}；申报年度：2025" in head and "null" not in head
    assert calc_page.locator(".jx-pv-table").first.is_visible() and calc_page.locator(".jx-pv-checks li").first.is_visible()
    assert not calc_page.locator("button.jx-ics").is_visible() and not calc_page.locator(".jx-timeline").is_visible()
    calc_page.emulate_media(media="screen")

    # .ics: made by the engine in the page's worker, downloaded from a Blob
    with calc_page.expect_download() as download:
        calc_page.locator("button.jx-ics").click()
    assert download.value.url.startswith("blob:")
    path = tmp_path / "deadlines.ics"
    download.value.save_as(path)
    text = path.read_bytes().decode("utf-8")  # CRLF line ends, as RFC 5545 wants
    saved = ui.saved_record(calc_page, TONGLU)
    assert text == deadlines_ics(json.dumps(policy), json.dumps(saved))
    events = [c for c in Calendar.from_ical(text).walk() if c.name == "VEVENT"]
    assert [e.decoded("DTSTART") for e in events] == [datetime.date.fromisoformat(d) for d in dates]
    assert "院内业务培训" in str(events[0]["SUMMARY"]) and "省医学会年会" in str(events[1]["SUMMARY"])
    assert all(e.decoded("DTEND") - e.decoded("DTSTART") == datetime.timedelta(days=1) for e in events)

    # an end date outside its year is marked at the field by the engine
    calc_page.locator(".jx-row").nth(0).locator(".jx-field[data-field='date'] input").fill("2023-05-10")
    ui.wait_scored(calc_page)
    field = calc_page.locator(".jx-row").nth(0).locator(".jx-field[data-field='date']")
    assert "jx-invalid" in field.get_attribute("class")
    assert field.locator(".jx-error").inner_text() == "「结束日期」2023-05-10 不在 2024 年度内"


def test_a_policy_without_multi_year_rules_says_so(contexts):
    context = contexts()
    path = REPO / "build" / "policies" / "zhejiang-wenzhou-2017.json"
    stripped = {**json.loads(path.read_text(encoding="utf-8")), "multi_year": []}
    context.route("**/assets/policies/zhejiang-wenzhou-2017.json",
                  lambda route: route.fulfill(status=200, json=stripped))
    page = context.new_page()
    page.goto(contexts.site_url + "calculator/?policy=zhejiang-wenzhou-2017")
    ui.wait_ready(page)
    assert "本政策没有跨年度的要求" in page.locator(".jx-readiness").inner_text()
    assert page.locator(".jx-check").count() == 0


def test_deadlines_without_a_date_rule_are_listed_as_written(contexts, compiled_policies):
    # 益阳 三: 于6月至9月…办理继续教育合格证明 — no date the engine can compute, so shown as stated.
    page = contexts().new_page()
    page.goto(contexts.site_url + f"calculator/?policy={YIYANG}")
    ui.wait_ready(page)
    items = page.locator(".jx-deadline-others li")
    expected = [d for d in compiled_policies[YIYANG]["deadlines"] if not d.get("rule")]
    assert items.count() == len(expected) == 2
    for n, deadline in enumerate(expected):
        assert items.nth(n).get_attribute("data-deadline") == deadline["id"]
        assert deadline["summary"] in items.nth(n).inner_text()
        assert items.nth(n).locator("a.jx-art").get_attribute("href").endswith(f"/policies/{YIYANG}/#deadlines")


@pytest.mark.parametrize("viewport", ui.VIEWPORTS.values(), ids=ui.VIEWPORTS.keys())
def test_end_date_only_on_kinds_a_deadline_names_and_a_deadline_before_the_end_is_a_problem(
        calc_page, compiled_policies, viewport):
    """Issue 11 §6: 桐庐 第十三条 is for 第十二条's offline credits, not 第八条's online courses; an activity
    ending 12-31 gets 12-30, which is shown as a problem to confirm, not as a date to meet."""
    shared = calc_page.viewport_size  # the session's page, given back at its own size
    calc_page.set_viewport_size(viewport)
    try:
        _end_date_only_on_kinds_a_deadline_names(calc_page, compiled_policies)
    finally:
        calc_page.set_viewport_size(shared)


def _end_date_only_on_kinds_a_deadline_names(calc_page, compiled_policies):
    policy = compiled_policies[TONGLU]
    record = {"format": 1, "policy": TONGLU, "years": [{"year": 2024, "activities": [
        {"kind": "face_training", "params": {"days": 1}, "date": "2024-12-31"},
        {"kind": "online_course", "params": {"credits": 10}}]}]}
    ui.enter_history(calc_page, policy, record)
    rows = calc_page.locator(".jx-row")
    assert rows.nth(0).locator(".jx-field[data-field='date']").count() == 1
    assert rows.nth(1).locator(".jx-field[data-field='date']").count() == 0  # 第八条: recorded by the system
    [deadline] = score(policy, record)["deadlines"]
    item = calc_page.locator(".jx-deadline")
    assert item.count() == 1 and item.get_attribute("data-problem") == "true"
    assert item.locator(".jx-deadline-when").inner_text() == "须确认"
    assert item.locator(".jx-deadline-issue").inner_text() == f"✘ 问题：{deadline['problem']}"
    assert not calc_page.errors
