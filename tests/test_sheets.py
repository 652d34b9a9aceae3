"""Issue 12: the batch check on the sheets HR offices keep. Round trips generated from each policy:
template -> filled .xlsx (with bad rows), the same as GBK .csv and UTF-8-BOM .csv -> the same
results as scoring each person's record with the engine."""

import csv
import datetime
import io
import json

import openpyxl
import pytest

from calculator.batch import Batch
from calculator.engine import score
from calculator.sheets import layout
from calculator.sheets.files import template_csv
from calculator.sheets.xlsx import template
from tests.golden import REPO
from tests.sheet_people import people
from tests.test_cli import run

POLICIES = sorted(p.stem for p in (REPO / "policies").glob("*.yaml"))


def load(policy_id):
    return json.loads((REPO / "build" / "policies" / f"{policy_id}.json").read_text(encoding="utf-8"))


def bad_rows(policy):
    """A person with one good row, a number below its minimum and a kind the policy does not have."""
    era = policy["eras"][-1]
    year = era["years"].get("from") or 2024
    kind, param = next((k, p) for k in era["activities"] for p in k["params"]
                       if p["type"] in ("integer", "decimal") and p.get("min") is not None and p["min"] < 1990)
    base = {layout.PERSON_ID: "BAD1", layout.PERSON_NAME: "有误者", layout.YEAR: year}
    return param["label"], [{**base, "kind": kind["label"], param["label"]: max(param["min"], 1)},
                            {**base, "kind": kind["label"], param["label"]: param["min"] - 3},
                            {**base, "kind": "不存在的活动"}]


def rows_of(person_rows, columns):
    """The cells of each row in the order of `columns` (labels)."""
    out = []
    for row in person_rows:
        cells = {**row, layout.YEAR: row["year"] if "year" in row else row.get(layout.YEAR),
                 layout.KIND: row.get("kind")}
        out.append([cells.get(label) for label in columns])
    return out


def fill_xlsx(policy, everyone, extra):
    """The generated template, filled: each row on its era's sheet, a person's name merged over their rows."""
    book = openpyxl.load_workbook(io.BytesIO(template(policy)))
    groups = layout.sheets(policy)
    sheet_of = {}
    for group in groups:
        sheet = book[group["title"]]
        sheet.delete_rows(2)  # the example row
        for era in group["eras"]:
            sheet_of[era["id"]] = sheet
    for person_rows in [p["rows"] for p in everyone] + [extra]:
        by_sheet = {}
        for row in person_rows:
            year = row["year"] if "year" in row else row[layout.YEAR]
            era = next(e for e in policy["eras"] if e["years"].get("from", 0) <= year <= (e["years"].get("to") or 9999))
            by_sheet.setdefault(sheet_of[era["id"]].title, []).append(row)
        for title, sheet_rows in by_sheet.items():
            sheet = book[title]
            labels = [cell.value for cell in sheet[1]]
            first = sheet.max_row + 1
            for values in rows_of(sheet_rows, labels):
                sheet.append(values)
            name_col = labels.index(layout.PERSON_NAME) + 1
            if len(sheet_rows) > 1:
                for row in range(first + 1, first + len(sheet_rows)):
                    sheet.cell(row, name_col).value = None
                sheet.merge_cells(start_row=first, end_row=first + len(sheet_rows) - 1,
                                  start_column=name_col, end_column=name_col)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def fill_csv(policy, everyone, extra):
    header = next(csv.reader(io.StringIO(template_csv(policy).lstrip("\ufeff"))))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for person_rows in [p["rows"] for p in everyone] + [extra]:
        for values in rows_of(person_rows, header):
            writer.writerow([_as_csv(value) for value in values])
    return out.getvalue()


def _as_csv(value):
    if isinstance(value, datetime.date):
        return value.strftime("%Y/%-m/%-d")  # as Excel shows a date in a Chinese locale
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return "" if value is None else value


def expected_rows(policy, everyone):
    """Per person-year: totals per category, total, met and shortfalls from the engine itself."""
    expected = {}
    for person in everyone:
        for result in score(policy, person["record"])["years"]:
            requirement = result["requirement"]
            lines = requirement["groups"] + ([requirement["total"]] if requirement["total"] else []) if requirement else []
            expected[(person["label"], result["year"])] = (
                {t["label"]: t["value"] for t in result["totals"]}, result["total"],
                "—" if requirement is None else "达标" if requirement["met"] else "未达标",
                {f"{line['label']}还差": line["shortfall"] for line in lines})
    return expected


def check(batch, policy, everyone, bad_label):
    table = batch.table()
    columns = table["columns"]
    got = {}
    for row in table["rows"]:
        got[(row[0], row[1])] = dict(zip(columns, row))
    expected = expected_rows(policy, everyone)
    for key, (totals, total, met, shortfalls) in expected.items():
        row = got.pop(key)
        assert {label: row[label] for label in totals} == totals, key
        assert row["合计"] == total and row["是否达标"] == met, key
        assert {label: row[label] for label in shortfalls} == shortfalls, key
    # What is left is the person with bad rows: 无法核对, never 未达标 with made-up shortfalls.
    [(key, row)] = got.items()
    assert key[0] == "有误者（BAD1）"
    assert row["是否达标"] == "无法核对"
    assert all(value == "" for label, value in row.items() if label.endswith("还差"))
    assert f"（{bad_label}）" in row["说明"] and "不存在的活动" in row["说明"]
    problems = batch.problem_table()["rows"]
    assert len(problems) == 2 and all(p[0] == "有误者（BAD1）" and p[2] for p in problems)


@pytest.mark.parametrize("policy_id", POLICIES)
def test_template_filled_as_xlsx_gbk_csv_and_bom_csv_gives_the_engines_results(policy_id):
    policy = load(policy_id)
    everyone = people(policy, count=10, seed=len(policy_id))
    bad_label, extra = bad_rows(policy)
    workbook = fill_xlsx(policy, everyone, extra)
    text = fill_csv(policy, everyone, extra)
    inputs = {"单位.xlsx": workbook, "单位-gbk.csv": text.encode("gbk"),
              "单位-bom.csv": "\ufeff".encode("utf-8") + text.encode("utf-8")}
    tables = []
    for name, data in inputs.items():
        batch = Batch.from_files(policy, [(name, data)]).run()
        check(batch, policy, everyone, bad_label)
        tables.append(sorted(row[:-1] for row in batch.table()["rows"]))  # 说明 names the file or sheet
    assert tables[0] == tables[1] == tables[2]


def test_the_example_row_of_every_template_reads_without_problems():
    for policy_id in POLICIES:
        policy = load(policy_id)
        batch = Batch.from_files(policy, [("t.xlsx", template(policy)), ("t.csv", template_csv(policy).encode())]).run()
        assert batch.problem_rows == [], policy_id
        assert batch.counts()["无法核对"] == 0, policy_id


def test_template_has_drop_downs_comments_and_a_sheet_per_era_that_differs():
    policy = load("shandong-binzhou-2021")
    book = openpyxl.load_workbook(io.BytesIO(template(policy)))
    assert book.sheetnames == ["填写说明", "学分制（2019 年度及以前）", "学时制（2020—2021 年度）", "选项"]
    assert book["选项"].sheet_state == "hidden"
    sheet = book["学时制（2020—2021 年度）"]
    header = [cell.value for cell in sheet[1]]
    assert header[:5] == ["工号或身份证号", "姓名", "年度", "申报年度", "活动类型"]
    kind_col = openpyxl.utils.get_column_letter(header.index("活动类型") + 1)
    lists = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    kind_rule = next(v for ref, v in lists.items() if ref.startswith(f"{kind_col}2:"))
    assert kind_rule.type == "list"
    letter, first, last = _range(kind_rule.formula1)
    kinds = [book["选项"][f"{letter}{n}"].value for n in range(first, last + 1)]
    assert kinds == [k["label"] for k in policy["eras"][1]["activities"]]
    hours = sheet.cell(1, header.index("证明材料体现的学时") + 1).comment.text
    assert "单位：学时" in hours and "范围：0—500" in hours and "专业科目培训" in hours


def _range(formula):
    # '选项'!$B$1:$B$14
    cells = formula.split("!")[1].replace("$", "").split(":")
    return cells[0][0], int(cells[0][1:]), int(cells[1][1:])


def test_cli_template_and_batch_to_xlsx_with_every_activity_and_no_formula(tmp_path):
    policy = load("zhejiang-tonglu-2018")
    done = run("template", policy["id"], "-o", str(tmp_path / "模板.xlsx"))
    assert done.returncode == 0, done.stderr
    book = openpyxl.load_workbook(tmp_path / "模板.xlsx")
    sheet = book["活动记录"]
    sheet.delete_rows(2)
    labels = [cell.value for cell in sheet[1]]
    sheet.append(rows_of([{"year": 2024, layout.PERSON_ID: "10001", "kind": "面授培训", "培训天数": "5"},
                          {"year": "２０２４", layout.PERSON_ID: "10001", "kind": "专业相关的学历（学位）教育"}], labels)[0])
    sheet.append(rows_of([{"year": "２０２４", layout.PERSON_ID: "10001", "kind": "专业相关的学历（学位）教育"}], labels)[0])
    sheet["B2"].value, sheet["B2"].data_type = "=HYPERLINK(\"x\",\"y\")", "s"  # a name typed as text
    sheet.merge_cells("B2:B3")
    book.save(tmp_path / "填好.xlsx")
    done = run("batch", policy["id"], str(tmp_path / "填好.xlsx"), "-o", str(tmp_path / "结果.xlsx"))
    assert done.returncode == 0, done.stderr
    out = openpyxl.load_workbook(tmp_path / "结果.xlsx")
    assert out.sheetnames == ["每人每年度", "每项活动"]
    header, row = [[c.value for c in r] for r in out["每人每年度"].iter_rows(max_row=2)]
    person = dict(zip(header, row))
    assert person["人员"] == "=HYPERLINK(\"x\",\"y\")（10001）" and person["合计"] == 130  # 第十一条（一）5 天 × 8 + （二）90
    assert out["每人每年度"]["A2"].data_type == "s"                                       # text, not a formula
    activities = [[c.value for c in r] for r in out["每项活动"].iter_rows(min_row=2)]
    assert [(a[3], a[6], a[9]) for a in activities] == [("面授培训", 40, "第十一条（一）"),
                                                        ("专业相关的学历（学位）教育", 90, "第十一条（二）")]
    assert activities[0][2] == "「活动记录」第 2 行"


def test_a_file_that_is_not_a_sheet_gets_one_clear_message(tmp_path):
    policy = load("zhejiang-tonglu-2018")
    files = [("照片.png", b"\x89PNG\r\n\x1a\n\x00\x00"), ("旧表.xls", b"\xd0\xcf\x11\xe0rest"),
             ("坏.xlsx", b"PK\x03\x04broken"), ("随便.csv", "姓名,备注\n张三,无\n".encode("gbk"))]
    batch = Batch.from_files(policy, files).run()
    notes = {row[0]: row[-1] for row in batch.rows}
    assert list(notes) == ["照片.png", "旧表.xls", "坏.xlsx", "随便.csv"]
    assert "不是 Excel（.xlsx）、CSV" in notes["照片.png"]
    assert "另存为 .xlsx 或 CSV" in notes["旧表.xls"]
    assert "不是有效的 Excel 工作簿" in notes["坏.xlsx"]
    assert "没有找到表头" in notes["随便.csv"]
    assert set(batch.status) == {"无法核对"}


def test_the_engine_and_the_batch_read_sheets_without_openpyxl(tmp_path):
    """The engine is standard-library only: reading a .csv or a .xlsx needs no openpyxl (writing one does)."""
    policy_path = REPO / "build" / "policies" / "zhejiang-tonglu-2018.json"
    (tmp_path / "t.xlsx").write_bytes(template(load("zhejiang-tonglu-2018")))
    script = f"""
import sys
sys.modules["openpyxl"] = None  # as if it were not installed
from calculator.batch import Batch
from calculator.sheets.files import template_csv
import calculator.api, calculator.cli, json
policy = json.load(open({str(policy_path)!r}, encoding="utf-8"))
files = [("t.csv", template_csv(policy).encode()), ("t.xlsx", open({str(tmp_path / "t.xlsx")!r}, "rb").read())]
batch = Batch.from_files(policy, files).run()
print(json.dumps([batch.problem_rows, [a[2] for a in batch.activity_rows]], ensure_ascii=False))
try:
    batch.to_xlsx()
except ImportError:
    print("no xlsx out")
"""
    import subprocess
    import sys
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert json.loads(lines[0]) == [[], ["「t.csv」第 2 行", "「活动记录」第 2 行"]]  # each template's example row, scored
    assert lines[1] == "no xlsx out"


def test_the_site_publishes_every_policys_templates_and_the_guide_page_links_them():
    site = REPO / "site"
    page = (site / "batch-guide" / "index.html").read_text(encoding="utf-8")
    manifest = json.loads((site / "assets" / "manifest.json").read_text(encoding="utf-8"))
    for policy_id in POLICIES:
        policy = load(policy_id)
        published = (site / "batch-templates" / f"{policy_id}.xlsx").read_bytes()
        book = openpyxl.load_workbook(io.BytesIO(published))
        assert [g["title"] for g in layout.sheets(policy)] == book.sheetnames[1:-1]
        assert (site / "batch-templates" / f"{policy_id}.csv").read_bytes() == template_csv(policy).encode("utf-8")
        assert f'href="../batch-templates/{policy_id}.xlsx"' in page and f'href="../batch-templates/{policy_id}.csv"' in page
    # The batch page's worker loads these two wheels (checked against the manifest) to read and write .xlsx.
    assert [w.split("/")[-1].split("-")[0] for w in manifest["sheet_wheels"]] == ["et_xmlfile", "openpyxl"]
    for wheel in manifest["sheet_wheels"]:
        assert manifest["files"][wheel]["size"] == (site / wheel).stat().st_size
