"""Issue 15 §5, the print for a title application: printing the calculator (Chromium's own PDF, as 打印 /
存为 PDF makes it) gives every year of a multi-year record — each requirement line against what it asks,
each year's activities with their articles, the multi-year checks — and blank lines for 单位审核意见 and
盖章; no input boxes, no offline-copy notice, no navigation or search. The PDF's text (pypdf) is checked
against CPython's `calculator.score` on a multi-year golden case of each policy."""

import re
import unicodedata

import pytest
from pypdf import PdfReader

from calculator import score
from calculator.history import full_entries, resolve_carried
from tests.browser import ui
from tests.frozen.saved import share_link
from tests.golden import load_cases

# A PDF font's ToUnicode may name a character by a radical that looks the same: the Kangxi radicals
# (⼈ for 人) NFKC undoes; the supplement's simplified radicals (⻅ for 见) it does not, so they are listed.
SAME_LOOKING = str.maketrans("―–⻄⻅⻆⻉⻋⻓⻔⻘⻙⻚⻛⻜⻝⻢⻣⻤⻥⻦⻧⻨⻩⻬⻮⻰⻳",
                             "——西见角贝车长门青韦页风飞食马骨鬼鱼鸟卤麦黄齐齿龙龟")
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def most_years(cases):
    """Per policy, the error-free multi-year golden case with the most years in its result."""
    best = {}
    for case in cases:
        if case["error"] or "years" not in case["record"]:
            continue
        size = len(score(case["policy"], case["record"])["years"])
        policy_id = case["policy"]["id"]
        if policy_id not in best or size > best[policy_id][0]:
            best[policy_id] = (size, case)
    return [case for _, case in sorted(best.values(), key=lambda pair: pair[1]["policy"]["id"])]


CASES = most_years(load_cases())
# What must never be on the paper: the form, the buttons, the notices of the screen, the site's chrome.
SCREEN_ONLY = ["下载离线版", "本年度的年份", "要添加的年度", "添加年度", "添加一项活动", "名称（可选）", "导出记录",
               "生成分享链接", "查看详细结果", "计算引擎已就绪", "搜索", "各地政策", "政策对比", "记录自动保存"]


def compact(text):
    """Text as compared: no spaces or line breaks (the PDF wraps cells), NFKC (a PDF font's ToUnicode
    names some characters by radicals: SAME_LOOKING) and one dash."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).translate(SAME_LOOKING)


def lines_of(result):
    requirement = result["requirement"]
    return (requirement["groups"] + ([requirement["total"]] if requirement["total"] else [])) if requirement else []


def printed(contexts, record, path, **options):
    page = contexts.page(share_link({"format": 1, "target_year": None, "person": {}, **record}), **options)
    ui.wait_ready(page)
    page.pdf(path=str(path), format="A4", print_background=True)
    text = "\n".join(p.extract_text() for p in PdfReader(str(path)).pages)
    return page, text


def assert_prints(text, policy, record):
    engine = score(policy, record)
    flat = compact(text)
    assert compact(policy["title"]) in flat and compact(policy["document_number"]) in flat
    assert "计算日期" in flat
    if record.get("target_year") is not None:
        assert compact(f"申报年度：{record['target_year']}") in flat
    entries = full_entries(engine)  # a spread activity is printed whole in every year it covers
    for result in engine["years"]:
        year, unit = result["year"], result["unit"]
        # the overview: per year each line with what was done, what it asks and the gap
        row = f"{year}年度" + (compact(result["era"]["label"]) if len(policy["eras"]) > 1 else "")
        lines = lines_of(result)
        verdict = ("✔已达到" if result["requirement"]["met"] else "✘未达到") if result["requirement"] else "无单一年度要求"
        if not lines:
            row += "合计（" + "、".join(f"{t['label']}{t['value']}" for t in result["totals"]) + f"）{result['total']}—{verdict}"
        for n, line in enumerate(lines):
            row += compact(line["label"]) + f"{line['value']}不少于{line['min']}"
            row += "✔已达到" if line["met"] else f"✘还差{line['shortfall']}"
            if n == 0:
                row += verdict
        assert compact(row) in flat, f"{year}: {row} not in the print"
        # the year's activities: each with its counted value and its article, in order
        heading = f"{year}年度的学习活动（合计{result['total']}{unit}）"
        heading = compact(heading)
        assert heading in flat
        section = flat[flat.index(heading):]
        pattern = ".*?".join(re.escape(compact(item["label"])) + r"(「[^」]*」)?(\([^)]*\))?" + re.escape(str(item["counted"]))
                             + r"(\([^)]*\))?" + re.escape(compact(item["rule"]["article"]))
                             for item in (resolve_carried(entries, a) for a in result["activities"]))
        assert re.search(pattern, section), f"{year}: the activities are not printed with their articles"
    for check in engine["checks"]:
        assert compact(check["label"]) in flat and compact(check["text"]) in flat
    assert all(compact(words) in flat for words in ("单位审核意见", "单位（盖章）", "审核人（签字）"))
    assert "以通知原文和主管部门认定为准" in flat  # the disclaimer
    for word in SCREEN_ONLY:
        assert compact(word) not in flat, f"「{word}」 is printed"


@pytest.mark.parametrize("case", CASES, ids=[c["policy"]["id"] for c in CASES])
def test_every_year_of_a_record_is_printed_for_the_title_application(contexts, case, output_dir):
    policy, record = case["policy"], case["record"]
    page, text = printed(contexts, record, output_dir / f"calculator-print-{policy['id']}.pdf")
    assert_prints(text, policy, record)
    # nothing to type into or press on the paper (the form's boxes are all left out)
    page.emulate_media(media="print")
    shown = page.evaluate("""() => [...document.querySelectorAll('input, select, textarea, button')]
      .filter((el) => el.getClientRects().length > 0).map((el) => el.outerHTML.slice(0, 80))""")
    assert shown == []
    if policy["id"] == "zhejiang-tonglu-2018":
        page.screenshot(path=str(output_dir / "calculator-print-all-years.png"), full_page=True)
    assert not page.errors


def test_the_print_on_a_phone_is_the_same_paper(contexts, output_dir):
    case = next(c for c in CASES if c["policy"]["id"] == "hunan-yiyang-2018")  # 博士, spread activities
    page, text = printed(contexts, case["record"], output_dir / "calculator-print-phone.pdf", **PHONE)
    assert_prints(text, case["policy"], case["record"])
    assert compact("博士：是") in compact(text)  # the person's details the checks depend on
    assert not page.errors


def test_the_print_follows_the_record_after_an_edit(contexts, compiled_policies, output_dir):
    """Built when printing, from the latest answer: a change made just before is on the paper."""
    policy = compiled_policies["zhejiang-tonglu-2018"]
    record = {"policy": policy["id"], "target_year": 2025, "years": [
        {"year": 2023, "activities": [{"kind": "face_training", "params": {"days": 5}, "category": "professional"}]},
        {"year": 2024, "activities": [{"kind": "online_course", "params": {"credits": 6}, "category": "public_general"}]}]}
    page, _ = printed(contexts, record, output_dir / "calculator-print-before.pdf")
    page.locator(".jx-row").nth(0).locator(".jx-field[data-field='params.credits'] input").fill("24")
    ui.wait_scored(page)
    record["years"][1]["activities"][0]["params"]["credits"] = 24
    path = output_dir / "calculator-print-after.pdf"
    page.pdf(path=str(path), format="A4")
    assert_prints("\n".join(p.extract_text() for p in PdfReader(str(path)).pages), policy, {"format": 1, **record})
