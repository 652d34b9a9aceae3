"""Whatever files HR staff pick -> people to check: `.xlsx` sheets, `.csv` (UTF-8 ± BOM, GBK,
Excel's UTF-16 'Unicode text') and the calculator's own `.json` records, told apart by content.

Each person is {"label", "record", "problems", "sources"}; a file or row that names no person
becomes an entry of its own with record None and its problem, so nothing read is lost silently.
"""

import csv
import io
from pathlib import PurePath

from .. import records
from ..records import RecordError
from .decode import NotText, decode_bytes
from .workbook import read_workbook
from . import layout
from .reader import People, problem

XLS_MAGIC = b"\xd0\xcf\x11\xe0"
ZIP_MAGIC = b"PK\x03\x04"
NO_HEADER = "没有找到表头：表中需要有「年度」「活动类型」等列（可下载本站的模板填写）"


def read_inputs(policy, files):
    """files: [(file name, bytes)] -> [person entries], JSON records first in file order, then sheets' people."""
    people = People(policy)
    entries, loose = [], []
    for name, data in files:
        kind = file_kind(name, data)
        if kind == "json":
            entries.append({"label": PurePath(name).stem, "record": record_from_bytes(name, data),
                            "problems": [], "sources": {}})
            continue
        try:
            if kind == "xlsx":
                sheets = _workbook(name, data)
            elif kind == "csv":
                sheets = [(name, read_csv_rows(decode_bytes(data, f"文件「{name}」")))]
            else:
                raise NotText(f"文件「{name}」不是 Excel（.xlsx）、CSV 或计算器导出的记录（.json），无法读取"
                              + ("；旧版 Excel（.xls）文件请在 Excel 中另存为 .xlsx 或 CSV 后再选择" if kind == "xls" else ""))
        except NotText as error:
            loose.append(problem(name, 0, "", str(error)))
            continue
        if not any([people.read_sheet(title, rows) for title, rows in sheets]):
            loose.append(problem(name, 0, "", NO_HEADER))
    entries += people.people()
    loose += people.loose
    entries += [{"label": p["sheet"], "record": None, "problems": [p], "sources": {}} for p in loose]
    return entries, people.ignored


def _workbook(name, data):
    try:
        return read_workbook(data)
    except NotText as error:
        raise NotText(f"文件「{name}」：{error}") from None


def template_csv(policy):
    """The CSV template: every era's columns in one header (a row is read under its year's era), one example row."""
    columns, seen = [], set()
    for era in policy["eras"]:
        for column in layout.columns_for(policy, era):
            if column["label"] not in seen:
                seen.add(column["label"])
                columns.append(column)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([column["label"] for column in columns])
    writer.writerow(layout.example_row(policy, policy["eras"][-1], columns))
    return "\ufeff" + out.getvalue()


def file_kind(name, data):
    if data.startswith(ZIP_MAGIC):
        return "xlsx"
    if data.startswith(XLS_MAGIC):
        return "xls"
    if name.lower().endswith(".json") or data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return "json"
    if name.lower().endswith((".csv", ".txt", ".tsv")) or b"\x00" not in data[:4096] or data.startswith(b"\xff\xfe"):
        return "csv"
    return "other"


def record_from_bytes(name, data):
    """A person's record (JSON, UTF-8 with or without BOM, or GBK), or the RecordError saying why not."""
    try:
        return records.record_from_bytes(data, f"文件 {name}")
    except RecordError as error:
        return error


def read_csv_rows(text):
    """(row number as Excel shows it, [cells]); the separator is the one the first line uses most."""
    first = text.split("\n", 1)[0]
    delimiter = max(",\t;", key=first.count)
    return [(number, row) for number, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1)]
