"""单位批量核对: several record files under one policy, one row per person-year, the CSV from a Blob."""

import json

from calculator.batch import summarise, to_csv
from tests.browser import ui
from tests.golden import REPO

TONGLU = "zhejiang-tonglu-2018"
ROOT = "#jx-batch"
SINGLE = REPO / "examples" / "zhejiang-tonglu-2018.json"
HISTORY = REPO / "examples" / "history" / "zhejiang-tonglu-2018.json"
NOT_JSON = "{ 这不是 JSON"

TABLE_JS = """() => {
  const text = (el) => el.textContent;
  const table = document.querySelector('.jx-batch-grid');
  if (!table) return null;
  return {
    columns: [...table.querySelectorAll('thead th')].map(text),
    rows: [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map(text)),
    notMet: [...table.querySelectorAll('tbody tr.jx-batch-not-met')].map((tr) => tr.rowIndex - 1),
    errors: [...table.querySelectorAll('tbody tr.jx-batch-error')].map((tr) => tr.rowIndex - 1),
  };
}"""


def test_batch_page_checks_several_files_and_downloads_the_csv(contexts, compiled_policies, output_dir):
    policy = compiled_policies[TONGLU]
    page = contexts.page(f"batch/?policy={TONGLU}")
    page.wait_for_selector(f"{ROOT}[data-engine='ready'][data-policy='{TONGLU}']", timeout=ui.READY_TIMEOUT)
    assert page.locator("#jx-batch-policy").input_value() == TONGLU
    assert "不会上传" in page.locator("article").inner_text()

    page.locator("#jx-batch-files").set_input_files([
        {"name": "张三.json", "mimeType": "application/json", "buffer": SINGLE.read_bytes()},
        {"name": "李四.json", "mimeType": "application/json", "buffer": HISTORY.read_bytes()},
        {"name": "王五.json", "mimeType": "application/json", "buffer": NOT_JSON.encode("utf-8")},
    ])
    ui.wait_until(page, "() => document.querySelectorAll('.jx-batch-grid tbody tr').length > 0")
    page.wait_for_selector(f"{ROOT}[data-busy='0']")

    named = [("张三", json.loads(SINGLE.read_text(encoding="utf-8"))),
             ("李四", json.loads(HISTORY.read_text(encoding="utf-8"))),
             ("王五", "文件「王五.json」不是有效的 JSON")]  # what the page passes for a file that is not JSON
    table = summarise(policy, named)
    shown = page.evaluate(TABLE_JS)
    assert shown["columns"] == table["columns"]
    assert shown["rows"] == [[str(value) for value in row] for row in table["rows"]]
    assert [row[0] for row in shown["rows"]] == ["张三", "李四", "李四", "李四", "王五"]  # one row per person-year
    met = table["columns"].index("是否达标")
    assert shown["notMet"] == [n for n, row in enumerate(table["rows"]) if row[met] == "未达标"] != []
    assert shown["errors"] == [4]
    assert shown["rows"][4][-1] == "记录必须是一个 JSON 对象"
    assert "王五.json" in page.locator(".jx-batch-not-json").inner_text()

    with page.expect_download() as download:
        page.locator("button.jx-batch-download").click()
    assert download.value.url.startswith("blob:")
    assert download.value.suggested_filename.endswith(".csv")
    path = output_dir / "batch.csv"
    download.value.save_as(path)
    assert path.read_bytes() == to_csv(table).encode("utf-8")  # byte for byte, BOM included
    assert not page.errors, page.errors
