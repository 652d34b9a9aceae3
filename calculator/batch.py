"""A whole unit at once: many people's records under one policy, one summary row per person-year.

HR bureaus collect the records their staff export from the calculator (or write them) and get
one table: totals per category, met or not, and what each line still lacks. A record that cannot
be scored gets a row with its error instead of stopping the rest.
"""

import csv
import io

from .engine import score
from .records import RecordError


def summarise(policy, named_records):
    """named_records: [(label, record)]; returns {"columns": [...], "rows": [[...]]} in Chinese."""
    categories = [c for c in policy["categories"]]
    lines = _requirement_lines(policy)
    columns = (["人员", "年度"] + [c["label"] for c in categories] + ["合计", "单位", "是否达标"]
               + [f"{label}还差" for _, label in lines] + ["说明"])
    rows = []
    for label, record in named_records:
        try:
            answer = score(policy, record, lenient=True)
        except RecordError as error:
            rows.append([label, _year_of(record), *[""] * (len(columns) - 3), error.message])
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


def to_csv(table):
    """CSV with a byte-order mark so that Excel opens the Chinese text correctly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table["columns"])
    writer.writerows(table["rows"])
    return "\ufeff" + out.getvalue()
