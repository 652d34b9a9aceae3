"""Records saved under an older policy file (issue 14): the frozen records open in the page with their
figures; a record saved under another policy version says so and shows what changed and why; a record
using a name the policy file has since renamed opens with its note and is kept under the new name."""

import copy
import json

import pytest

from calculator import score
from tests.browser import ui
from tests.frozen.saved import STORE_PREFIX, page_form, share_link
from tests.golden import REPO

FROZEN = REPO / "tests" / "frozen"
EXPECTED = json.loads((FROZEN / "expected.json").read_text(encoding="utf-8"))
POLICIES = sorted({entry["policy"] for entry in EXPECTED.values()})
TONGLU = "zhejiang-tonglu-2018"


def frozen(kind, policy_id):
    relative = f"{kind}/{policy_id}.{'txt' if kind == 'links' else 'json'}"
    return (FROZEN / relative).read_text(encoding="utf-8"), EXPECTED[relative]


def shown_years(page):
    """Per year on screen: the total and whether the year's requirement is met."""
    return {year: (row["total"], row["met"]) for year, row in ui.shown_history(page)["years"].items()}


def frozen_years(entry):
    return {str(year["year"]): (ui.number(year["total"]), "none" if year["met"] is None else str(year["met"]).lower())
            for year in entry["figures"]["years"]}


def note(page):
    box = page.locator(".jx-version-note")
    return box.inner_text() if box.is_visible() else None


def expect_note_for_unversioned(page, policy):
    """A record saved before versions: the note only when the policy file has been revised since."""
    text = note(page)
    later = policy["revisions"][1:]
    if not later:
        assert text is None, text
        return
    assert "这份记录保存于本站开始标注政策文件版本之前" in text
    for revision in later:
        assert f"{revision['date']}：{revision['summary']}" in text


def expect_stamped(page, policy):
    saved = ui.saved_record(page, policy["id"])
    assert saved["policy_version"] == policy["version"]
    assert set(saved["saved_totals"]) == {"years", "checks"}
    return saved


@pytest.mark.parametrize("policy_id", POLICIES)
def test_frozen_share_link_opens_with_its_figures(contexts, compiled_policies, policy_id):
    link, entry = frozen("links", policy_id)
    page = contexts.page(link.strip())
    ui.wait_ready(page)
    assert shown_years(page) == frozen_years(entry), f"tests/frozen/links/{policy_id}.txt ({entry['source']})"
    expect_note_for_unversioned(page, compiled_policies[policy_id])
    saved = expect_stamped(page, compiled_policies[policy_id])
    assert [year["total"] for year in saved["saved_totals"]["years"]] == [y["total"] for y in entry["figures"]["years"]]


@pytest.mark.parametrize("policy_id", POLICIES)
def test_frozen_local_storage_opens_with_its_figures(contexts, compiled_policies, site_url, policy_id):
    text, entry = frozen("storage", policy_id)
    stored = json.loads(text)
    page = contexts.page("calculator/")
    page.evaluate("([key, value, last, id]) => { localStorage.setItem(key, value); localStorage.setItem(last, id); }",
                  [stored["key"], stored["value"], f"{STORE_PREFIX}last", policy_id])
    page.goto(site_url + f"calculator/?policy={policy_id}")
    ui.wait_ready(page)
    assert shown_years(page) == frozen_years(entry), f"tests/frozen/storage/{policy_id}.json ({entry['source']})"
    expect_note_for_unversioned(page, compiled_policies[policy_id])
    expect_stamped(page, compiled_policies[policy_id])


def test_a_record_saved_under_another_version_shows_what_changed_and_why(contexts, compiled_policies):
    """The saved figures stand for what an older policy file gave: 10 more 专业科目, and the other verdict."""
    policy = compiled_policies[TONGLU]
    record = page_form(json.loads((REPO / "examples" / f"{TONGLU}.json").read_text(encoding="utf-8")))
    now = score(policy, record)["years"][0]
    met = now["requirement"]["met"]
    professional = next(line["value"] for line in now["totals"] if line["category"] == "professional")
    record["policy_version"] = {"hash": "0123456789abcdef", "date": "2026-11-01", "revisions": 1}
    record["saved_totals"] = {"checks": {}, "years": [{
        "year": 2024, "total": now["total"] + 10, "met": not met,
        "totals": {line["category"]: line["value"] + (10 if line["category"] == "professional" else 0)
                   for line in now["totals"]}}]}
    page = contexts.page(share_link(record))
    ui.wait_ready(page)
    text = note(page)
    assert text is not None
    assert "政策文件已更新" in text
    assert (f"这份记录保存时使用的是 2026-11-01 版政策文件（版本 01234567），本站的政策文件此后已更新为 "
            f"{policy['version']['date']} 版（版本 {policy['version']['hash'][:8]}）") in text
    verdict = {True: "达标", False: "未达标"}
    assert page.locator(".jx-version-diffs li").all_inner_texts() == [
        f"2024 年度合计：保存时 {now['total'] + 10} 学分，现在 {now['total']} 学分",
        f"2024 年度专业科目：保存时 {professional + 10} 学分，现在 {professional} 学分",
        f"2024 年度是否达标：保存时「{verdict[not met]}」，现在「{verdict[met]}」",
    ]
    for revision in policy["revisions"][1:]:
        assert f"{revision['date']}：{revision['summary']}" in text
    expect_stamped(page, policy)
    page.reload()  # now kept under today's version: nothing more to say
    ui.wait_ready(page)
    assert note(page) is None


def test_a_record_with_a_renamed_kind_opens_with_its_note(contexts, compiled_policies, site_url):
    """The policy file as it will be after a rename (face_training was `training`), served to the page."""
    policy = copy.deepcopy(compiled_policies[TONGLU])
    policy["revisions"].append({"date": "2026-12-15", "summary": "「培训」改名为「面授培训」。",
                                "migrate": [{"rename": "kind", "from": "training", "to": "face_training"}]})
    policy["version"] = {"hash": "fedcba9876543210", "date": "2026-12-15", "revisions": len(policy["revisions"])}
    old = {"format": 1, "policy": TONGLU, "year": 2024, "activities": [
        {"kind": "training", "params": {"days": 5}, "category": "professional", "name": "县卫健局业务培训"},
        {"kind": "degree_related"}]}
    context = contexts(service_workers="block")
    context.route(f"**/assets/policies/{TONGLU}.json",
                  lambda route: route.fulfill(status=200, content_type="application/json",
                                              body=json.dumps(policy, ensure_ascii=False)))
    page = context.new_page()
    page.goto(site_url + share_link(page_form(old)))
    ui.wait_ready(page)
    text = note(page)
    assert "记录中的活动类型「training」已按 2026-12-15 更新的政策文件改为「面授培训（face_training）」（2024 年度第 1 项活动）" in text
    assert "2026-12-15：「培训」改名为「面授培训」。" in text
    saved = ui.saved_record(page, TONGLU)
    assert saved["years"][0]["activities"][0]["kind"] == "face_training"
    assert saved["years"][0]["activities"][0]["name"] == "县卫健局业务培训"  # nothing else lost
    new = copy.deepcopy(old)
    new["activities"][0]["kind"] = "face_training"
    result = score(compiled_policies[TONGLU], new)
    assert shown_years(page) == {"2024": (ui.number(result["total"]), str(result["requirement"]["met"]).lower())}
