"""单位批量核对 in the browser (issue 12): a filled .xlsx, the same as GBK and UTF-8-BOM .csv, and JSON
records picked on the page; the progress bar while the worker computes; the table (the same rows as
CPython's Batch), filters, sorting, the drill-down and 「在计算器中打开」; the .xlsx and .csv downloads
equal to what the CLI writes; the table within its column; no request leaving the origin."""

import base64
import json
from urllib.parse import urlsplit

from calculator.batch import Batch
from tests.browser import ui
from tests.sheet_people import people
from tests.test_sheets import bad_rows, fill_csv, fill_xlsx
from tests.test_sheets_pyodide import cells

TONGLU = "zhejiang-tonglu-2018"
ROOT = "#jx-batch"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

SHOWN_JS = """() => {
  const table = document.querySelector('.jx-batch-grid');
  if (!table) return null;
  const text = (el) => el.textContent.replace(/ [▲▼]$/, '');
  return {
    columns: [...table.querySelectorAll('thead th')].map(text),
    rows: [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.cells].map((td) => td.textContent)),
    met: [...table.querySelectorAll('tbody tr')].map((tr) => tr.dataset.met),
  };
}"""


def unit_files(policy, count=14, seed=3):
    everyone = people(policy, count=count, seed=seed)
    _, extra = bad_rows(policy)
    text = fill_csv(policy, everyone, extra)
    return {"单位.xlsx": (XLSX, fill_xlsx(policy, everyone, extra)),
            "单位-gbk.csv": ("text/csv", text.encode("gbk")),
            "单位-bom.csv": ("text/csv", "\ufeff".encode("utf-8") + text.encode("utf-8"))}


def expected_view(batch):
    """What the page shows of CPython's table: 人员, 年度, 合计 with its unit, 是否达标, each 还差, 说明."""
    columns = batch.columns
    wanted = ["人员", "年度", "合计", "是否达标"] + [c for c in columns if c.endswith("还差")] + ["说明"]
    rows = []
    for row in batch.rows:
        values = dict(zip(columns, row))
        shown = []
        for name in wanted:
            value = values[name]
            text = "" if value is None else str(value)
            shown.append(f"{text} {values['单位']}" if name == "合计" and text else text)
        rows.append(shown)
    return wanted, rows


def check_page(page, policy, name, mime, data):
    page.locator("#jx-batch-files").set_input_files([{"name": name, "mimeType": mime, "buffer": data}])
    page.wait_for_selector(f"{ROOT}[data-busy='0'] .jx-batch-grid", timeout=ui.READY_TIMEOUT)
    batch = Batch.from_files(policy, [(name, data)]).run()
    columns, rows = expected_view(batch)
    shown = page.evaluate(SHOWN_JS)
    assert shown["columns"] == columns
    assert shown["rows"] == rows
    counts = batch.counts()
    summary = page.locator(".jx-batch-summary").inner_text()
    assert f"未达标 {counts['未达标']} 行，无法核对 {counts['无法核对']} 行" in summary and counts["无法核对"] >= 1
    return batch


def test_sheets_on_the_page_table_filters_sort_drill_down_and_exports(contexts, compiled_policies, output_dir):
    policy = compiled_policies[TONGLU]
    page = contexts.page(f"batch/?policy={TONGLU}")
    page.wait_for_selector(f"{ROOT}[data-engine='ready'][data-policy='{TONGLU}']", timeout=ui.READY_TIMEOUT)
    assert "不会上传" in page.locator("article").inner_text()
    template = page.locator("a.jx-batch-template[data-format='xlsx']")
    assert template.get_attribute("href").endswith(f"batch-templates/{TONGLU}.xlsx")

    files = unit_files(policy)
    for name, (mime, data) in files.items():
        batch = check_page(page, policy, name, mime, data)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(output_dir / "batch-sheet.png"), full_page=True)

    # The table fits its column: nothing (the 说明 column included) out of sight.
    width = page.evaluate("() => { const t = document.querySelector('.jx-batch-table');"
                          " return [t.scrollWidth, t.clientWidth]; }")
    assert width[0] <= width[1] + 1, width

    # Filters: only the rows with that status.
    for status in ("未达标", "无法核对"):
        page.locator(f".jx-batch-filter[data-filter='{status}']").click()
        shown = page.evaluate(SHOWN_JS)
        assert shown["met"] == [status] * batch.status.count(status)
    page.locator(".jx-batch-filter[data-filter='all']").click()

    # Sorting by 合计: ascending, then descending on a second click.
    at = page.evaluate(SHOWN_JS)["columns"].index("合计")
    header = page.locator(f".jx-batch-grid thead th:nth-child({at + 1})")
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    totals = [float(row[at].split()[0]) for row in page.evaluate(SHOWN_JS)["rows"] if row[at]]
    assert totals == sorted(totals) and len(totals) > 3
    header.locator("button").click()
    totals = [float(row[at].split()[0]) for row in page.evaluate(SHOWN_JS)["rows"] if row[at]]
    assert totals == sorted(totals, reverse=True)

    # Drill-down: the person with bad rows shows why; a good person's years and the calculator link.
    page.locator("button.jx-batch-open", has_text="有误者").first.click()
    page.wait_for_selector(".jx-batch-person .jx-batch-uncheckable")
    bad_label, _ = bad_rows(policy)
    assert f"（{bad_label}） 列" in page.locator(".jx-batch-person-problems").inner_text()
    good = next(p for p in batch.people if not p["problems"] and p["record"]["years"])
    page.locator("button.jx-batch-open", has_text=good["label"]).first.click()
    page.wait_for_selector(f".jx-batch-person h2:text-is('{good['label']}')")
    years = page.eval_on_selector_all(".jx-batch-person .jx-batch-year", "els => els.map(e => +e.dataset.year)")
    assert years == [y["year"] for y in good["record"]["years"]]
    link = page.locator("a.jx-batch-calculator").get_attribute("href")
    parts = urlsplit(link)
    assert parts.path.endswith("/calculator/") and f"policy={TONGLU}" in parts.query
    code = parts.fragment.removeprefix("r=")
    assert json.loads(base64.urlsafe_b64decode(code + "=" * (-len(code) % 4))) == good["record"]

    # Downloads: the same tables as the CLI's (same Python): .xlsx cell by cell, .csv byte for byte.
    for fmt in ("xlsx", "csv"):
        with page.expect_download() as download:
            page.locator(f"button.jx-batch-download[data-format='{fmt}']").click()
        assert download.value.url.startswith("blob:") and download.value.suggested_filename.endswith(f".{fmt}")
        path = output_dir / f"batch-results.{fmt}"
        download.value.save_as(path)
        if fmt == "xlsx":
            assert cells(path.read_bytes()) == cells(batch.to_xlsx())
        else:
            assert path.read_bytes() == batch.to_csv().encode("utf-8")
    assert not page.errors, page.errors


def test_the_progress_bar_moves_while_the_worker_computes(contexts, compiled_policies):
    policy = compiled_policies[TONGLU]
    page = contexts.page(f"batch/?policy={TONGLU}")
    page.wait_for_selector(f"{ROOT}[data-engine='ready'][data-policy='{TONGLU}']", timeout=ui.READY_TIMEOUT)
    everyone = people(policy, count=1200, seed=5)
    data = fill_csv(policy, everyone, []).encode("utf-8")
    page.evaluate("""() => { window.seen = []; const bar = document.querySelector('.jx-batch-progress-bar');
      new MutationObserver(() => window.seen.push([bar.value, bar.max])).observe(bar, {attributes: true}); }""")
    page.locator("#jx-batch-files").set_input_files([{"name": "大单位.csv", "mimeType": "text/csv", "buffer": data}])
    ticks = []
    while not page.locator(f"{ROOT}[data-busy='0'] .jx-batch-grid").count():
        ticks.append(page.evaluate("() => performance.now()"))  # the main thread answers meanwhile
        page.wait_for_timeout(50)
    seen = page.evaluate("() => window.seen")
    assert len({value for value, total in seen if 0 < value < total}) >= 2, seen  # moved in steps
    assert len(ticks) >= 3
    assert "共 1200 人" in page.locator(".jx-batch-summary").inner_text()
    assert page.locator(".jx-batch-grid tbody tr").count() == 200  # a page at a time
    page.locator(".jx-batch-more").click()
    assert page.locator(".jx-batch-grid tbody tr").count() == 400
    assert not page.errors, page.errors


def test_json_records_still_work_and_a_file_that_is_not_a_sheet_has_its_message(contexts, compiled_policies):
    from tests.golden import REPO
    policy = compiled_policies[TONGLU]
    page = contexts.page(f"batch/?policy={TONGLU}")
    page.wait_for_selector(f"{ROOT}[data-engine='ready'][data-policy='{TONGLU}']", timeout=ui.READY_TIMEOUT)
    files = [("张三.json", (REPO / "examples" / "zhejiang-tonglu-2018.json").read_bytes()),
             ("李四.json", (REPO / "examples" / "history" / "zhejiang-tonglu-2018.json").read_bytes()),
             ("照片.png", b"\x89PNG\r\n\x1a\n\x00\x00")]
    page.locator("#jx-batch-files").set_input_files([{"name": n, "mimeType": "application/octet-stream", "buffer": d}
                                                     for n, d in files])
    page.wait_for_selector(f"{ROOT}[data-busy='0'] .jx-batch-grid", timeout=ui.READY_TIMEOUT)
    batch = Batch.from_files(policy, files).run()
    assert page.evaluate(SHOWN_JS)["rows"] == expected_view(batch)[1]
    assert [row[0] for row in batch.rows] == ["张三", "李四", "李四", "李四", "照片.png"]
    assert "不是 Excel（.xlsx）、CSV" in batch.rows[-1][-1]
    assert not page.errors, page.errors


# The text of one year's result wherever it is shown: the calculator's results or a drill-down year.
VIEW_JS = """(root) => {
  const el = document.querySelector(root);
  const text = (n) => (n ? n.textContent.replace(/\\s+/g, ' ').trim() : null);
  return {
    verdict: text(el.querySelector('.jx-verdict')),
    lines: [...el.querySelectorAll('.jx-line')].map((line) => [line.dataset.line, line.dataset.met, text(line)]),
    totals: [...el.querySelectorAll('.jx-total')].map((total) => [total.dataset.category, text(total)]),
    items: [...el.querySelectorAll('.jx-breakdown > li')].map((li) => ({
      title: text(li.querySelector('.jx-item-title')), counted: text(li.querySelector('.jx-counted')),
      article: text(li.querySelector('.jx-item-rule .jx-art')), text: text(li) })),
    notes: text(el.querySelector('.jx-notes')),
    readings: [...el.querySelectorAll('.jx-interpretations > li')].map((li) => li.dataset.id),
    controls: el.querySelectorAll('input, select, textarea, button').length,
  };
}"""
CHECKS_JS = """(root) => [...document.querySelectorAll(root + ' .jx-check')].map((check) =>
  [check.dataset.check, check.dataset.met, check.textContent.replace(/\\s+/g, ' ').trim()])"""


def _spread_record():
    return {"format": 1, "policy": "hunan-yiyang-2018", "target_year": 2022, "person": {"doctor": True}, "years": [
        {"year": 2019, "activities": [{"kind": "aid_over_one_year", "name": "援疆",
                                       "params": {"start_year": 2019, "end_year": 2021, "passed": True}}]},
        {"year": 2021, "activities": [{"kind": "online_course", "params": {"hours": 8}}]}]}


def test_the_drill_down_is_the_calculators_own_view_read_only(contexts, compiled_policies):
    """For the same record the drill-down shows each year as the calculator page does: requirement lines,
    totals, every item with its counted value and article (a spread activity carried in too), notes,
    interpretations, the multi-year checks — with no input or button; and 在计算器中打开 opens that record."""
    from calculator import score
    from tests.browser.test_axe import violations
    from tests.golden import REPO
    yiyang = _spread_record()
    assert not score(compiled_policies[yiyang["policy"]], yiyang)["years"][1].get("errors")
    records = [json.loads((REPO / "examples" / "history" / f"{TONGLU}.json").read_text(encoding="utf-8")), yiyang]
    for record in records:
        policy_id = record["policy"]
        engine = score(compiled_policies[policy_id], record)
        page = contexts.page(f"batch/?policy={policy_id}", bypass_csp=True)  # for axe-core below
        page.wait_for_selector(f"{ROOT}[data-engine='ready'][data-policy='{policy_id}']", timeout=ui.READY_TIMEOUT)
        data = json.dumps(record, ensure_ascii=False).encode("utf-8")
        page.locator("#jx-batch-files").set_input_files([{"name": "某人.json", "mimeType": "application/json", "buffer": data}])
        page.wait_for_selector(f"{ROOT}[data-busy='0'] .jx-batch-grid", timeout=ui.READY_TIMEOUT)
        page.locator("button.jx-batch-open", has_text="某人").first.click()
        page.wait_for_selector(".jx-batch-person .jx-batch-year")
        drill = {result["year"]: page.evaluate(VIEW_JS, f".jx-batch-year[data-year='{result['year']}']")
                 for result in engine["years"]}
        drill_checks = page.evaluate(CHECKS_JS, ".jx-batch-person")
        link = page.locator("a.jx-batch-calculator").get_attribute("href")
        assert not violations(page), violations(page)  # axe-core: no serious or critical violation
        assert not page.errors, page.errors

        calculator = contexts.page(None)
        calculator.goto(link)
        ui.wait_ready(calculator)
        ui.wait_scored(calculator)
        for result in engine["years"]:
            year = result["year"]
            calculator.locator(f".jx-year-tab[data-year='{year}']").click()
            calculator.wait_for_selector(f"#jx-results-title:text-is('{year} 年度计算结果')")
            shown = calculator.evaluate(VIEW_JS, "#jx-calc .jx-results")
            view = drill[year]
            assert view["controls"] == 0, year                       # read-only
            assert {**view, "controls": None} == {**shown, "controls": None}, year
            # …and what both show is the engine's: each line's figures, each item's counted value and article
            lines = result["requirement"]["groups"] + [result["requirement"]["total"]] if result["requirement"] else []
            assert [(line[0], line[1]) for line in view["lines"]] == [(line["id"], str(line["met"]).lower())
                                                                       for line in lines if line]
            own = [a for a in result["activities"] if "spread_from" not in a]
            carried = [a for a in result["activities"] if "spread_from" in a]
            full = {(y["year"], a["index"]): a for y in engine["years"] for a in y["activities"] if "source_index" not in a}
            articles = [a["rule"]["article"] for a in own] + [full[(a["spread_from"], a["source_index"])]["rule"]["article"]
                                                              for a in carried]
            assert [(item["counted"], item["article"]) for item in view["items"]] == \
                [(str(a["counted"]), article) for a, article in zip(own + carried, articles)]
        assert drill_checks == calculator.evaluate(CHECKS_JS, "#jx-calc .jx-readiness")
        assert [check[0] for check in drill_checks] == [check["id"] for check in engine["checks"]]
        assert any("在 2019 年度录入" in item["text"] for year in drill.values() for item in year["items"]) \
            == (policy_id == "hunan-yiyang-2018")
        assert not calculator.errors, calculator.errors
