"""A whole unit at once: many people's records under one policy, one summary row per person-year.

HR bureaus collect the records their staff export from the calculator (or write them) and get
one table: totals per category, met or not, and what each line still lacks. A record that cannot
be scored gets a row with its error instead of stopping the rest.
"""

import csv
import io
import json
from pathlib import Path

from .engine import score
from .records import RecordError
from .sheets.decode import NotText, decode_bytes

# A cell starting with one of these is a formula (or starts one) in Excel and LibreOffice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def read_record_file(path):
    """A person's record file (JSON, UTF-8 with or without BOM, or GBK), or the RecordError saying why not."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        return RecordError(f"无法读取文件 {path.name}：{error.strerror}")
    try:
        text = decode_bytes(data, f"文件 {path.name}")
    except NotText as error:
        return RecordError(str(error))
    if not text.strip():
        return RecordError(f"文件 {path.name} 是空的")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        return RecordError(f"文件 {path.name} 第 {error.lineno} 行第 {error.colno} 列不是有效的 JSON：{error.msg}")
    except RecursionError:
        return RecordError(f"文件 {path.name} 嵌套层数过多，不是有效的记录")


def summarise(policy, named_records):
    """named_records: [(label, record)]; returns {"columns": [...], "rows": [[...]]} in Chinese.

    A record that could not even be read is given as the RecordError saying why; it gets its row
    like any other bad record, and every other record is still scored.
    """
    categories = [c for c in policy["categories"]]
    lines = _requirement_lines(policy)
    columns = (["人员", "年度"] + [c["label"] for c in categories] + ["合计", "单位", "是否达标"]
               + [f"{label}还差" for _, label in lines] + ["说明"])
    rows = []
    for label, record in named_records:
        try:
            if isinstance(record, RecordError):
                raise record
            answer = score(policy, record, lenient=True)
        except RecordError as error:
            rows.append([label, _year_of(record), *[""] * (len(columns) - 3), error.message])
            continue
        except Exception as error:  # noqa: BLE001 — one unforeseen record must not cost the others their rows
            rows.append([label, _year_of(record), *[""] * (len(columns) - 3),
                         f"无法计算这份记录（{type(error).__name__}），请检查记录内容"])
            continue
        for result in answer.get("years", [answer]):
            rows.append(_row(label, result, categories, lines))
    return {"columns": columns, "rows": rows}


def _requirement_lines(policy):
    seen = {}
    for era in policy["eras"]:
        requirement = era.get("requirement") or {}
        for group in requirement.get("groups", []):
            seen.setdefault(group["id"], group["label"])
        if requirement.get("total"):
            seen.setdefault("total", requirement["total"]["label"])
    return list(seen.items())


def _year_of(record):
    if isinstance(record, dict) and isinstance(record.get("year"), int):
        return record["year"]
    return ""


def _row(label, result, categories, lines):
    totals = {t["category"]: t["value"] for t in result["totals"]}
    requirement = result["requirement"]
    shortfalls = {}
    if requirement:
        for line in requirement["groups"] + ([requirement["total"]] if requirement["total"] else []):
            shortfalls[line["id"]] = line["shortfall"]
    notes = [error["message"] for error in result["errors"]]
    met = "—" if requirement is None else ("达标" if requirement["met"] else "未达标")
    return ([label, result["year"]] + [totals.get(c["id"], "") for c in categories]
            + [result["total"], result["unit"], met] + [shortfalls.get(line_id, "") for line_id, _ in lines]
            + ["；".join(notes)])


def excel_safe(value):
    """A text cell Excel would run as a formula gets a leading apostrophe (shown as text, not run)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(table):
    """CSV with a byte-order mark so that Excel opens the Chinese text correctly; no cell is a formula."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([excel_safe(cell) for cell in table["columns"]])
    writer.writerows([excel_safe(cell) for cell in row] for row in table["rows"])
    return "\ufeff" + out.getvalue()
