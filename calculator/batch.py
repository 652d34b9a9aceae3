"""A whole unit at once: many people under one policy, one summary row per person-year.

HR offices give a sheet (one row per activity, see sheets/layout.py) or the records their staff
exported from the calculator; `Batch` scores the people a chunk at a time (the browser shows
progress between chunks) and gives three tables: one row per person-year (totals per category,
达标 / 未达标 / 无法核对, what each requirement line still lacks, the multi-year checks), every
activity with its counted value and article, and every row that needs correcting with its place.

A person with a bad row (or a record the engine could only partly read) is 「无法核对」 with the
reason, never 「未达标」 with shortfalls that only come from the missing rows.
"""

import csv
import io
from pathlib import Path

from .engine import score
from .history import full_entries, resolve_carried
from .numbers import show
from .records import RecordError
from .sheets.files import read_inputs, record_from_bytes

# A cell starting with one of these is a formula (or starts one) in Excel and LibreOffice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MET, NOT_MET, UNCHECKABLE, NO_REQUIREMENT = "达标", "未达标", "无法核对", "—"
CHUNK = 200


def read_record_file(path):
    """A person's record file (JSON, UTF-8 with or without BOM, or GBK), or the RecordError saying why not."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        return RecordError(f"无法读取文件 {path.name}：{error.strerror}")
    return record_from_bytes(path.name, data)


class Batch:
    """People (from read_inputs, or (label, record) pairs) scored `step` by `step`."""

    def __init__(self, policy, people, ignored_columns=()):
        self.policy = policy
        self.people = [_entry(person) for person in people]
        self.ignored_columns = list(ignored_columns)
        self.categories = list(policy["categories"])
        self.lines = _requirement_lines(policy)
        self.checks = policy.get("multi_year", [])
        self.columns = (["人员", "年度"] + [c["label"] for c in self.categories] + ["合计", "单位", "是否达标"]
                        + [f"{label}还差" for _, label in self.lines]
                        + (["跨年度要求"] if self.checks else []) + ["说明"])
        self.rows, self.activity_rows, self.problem_rows, self.status = [], [], [], []
        self.row_people = []  # the index in self.people of each row's person
        self.done = 0

    @classmethod
    def from_files(cls, policy, files):
        """files: [(file name, bytes)] — sheets (.xlsx, .csv) and .json records alike."""
        people, ignored = read_inputs(policy, files)
        return cls(policy, people, ignored)

    def step(self, count=CHUNK):
        """Score the next `count` people; returns how many are done."""
        for person in self.people[self.done:self.done + count]:
            self._score(person)
            self.done += 1
        return self.done

    def run(self):
        while self.done < len(self.people):
            self.step()
        return self

    def _score(self, person):
        # a wrong target year or personal detail leaves the years computed and only the checks 待确认
        problems = [p["text"] for p in person["problems"] if not p.get("checks_only")]
        doubts = [p["text"] for p in person["problems"] if p.get("checks_only")]
        self.problem_rows += [[person["label"], p["sheet"], p["row"] or "", p["column"], p["message"]]
                              for p in person["problems"]]
        record = person["record"]
        try:
            if record is None:
                raise RecordError("；".join(problems))
            if isinstance(record, RecordError):
                raise record
            answer = score(self.policy, record, lenient=True)
        except RecordError as error:
            return self._failed(person, error.message)
        except Exception as error:  # noqa: BLE001 — one unforeseen record must not cost the others their rows
            return self._failed(person, f"无法计算这份记录（{type(error).__name__}），请检查记录内容")
        years = answer.get("years", [answer])
        errors = [e["message"] for year in years for e in year["errors"]]
        own = answer.get("errors", []) if "years" in answer else []  # target year, person, a year not scored
        unscored = _years_not_scored(record, own)
        own = list(dict.fromkeys(e["message"] for e in own))
        self.problem_rows += [[person["label"], "", "", "", message] for message in errors + own]
        doubts += [message for message in own if message not in unscored.values()]  # the checks name such a year
        uncheckable = problems + errors
        migrated = [note["text"] for note in answer.get("migrations", [])]  # saved under an older policy file
        checks = "" if uncheckable else "；".join(doubts + [f"{c['label']}：{c['text']}" for c in answer.get("checks", [])])
        entries = full_entries(answer)  # a spread activity's full entry, for its references in other years
        by_year = {result["year"]: result for result in years}
        first, last = min(by_year, default=None), max(by_year, default=None)
        for year in sorted(set(by_year) | set(unscored)):
            if year in unscored:  # entered twice (neither entry scored) or outside the policy
                self._failed(person, unscored[year], year)
                continue
            result = by_year[year]
            self.rows.append(self._row(person["label"], result, uncheckable, checks if year == last else "",
                                       migrated if year == first else []))
            self.status.append(self.rows[-1][self.columns.index("是否达标")])
            self.row_people.append(self.done)
            self._activities(person, result, entries)
        if not years and not unscored:
            self._failed(person, "记录中没有任何年度")

    def _failed(self, person, message, year=None):
        row = [""] * len(self.columns)
        row[0], row[1], row[-1] = person["label"], _year_of(person["record"]) if year is None else year, message
        row[self.columns.index("是否达标")] = UNCHECKABLE
        self.rows.append(row)
        self.status.append(UNCHECKABLE)
        self.row_people.append(self.done)

    def _row(self, label, result, uncheckable, checks, migrated=()):
        totals = {t["category"]: t["value"] for t in result["totals"]}
        requirement = result["requirement"]
        shortfalls = {}
        if requirement and not uncheckable:
            for line in requirement["groups"] + ([requirement["total"]] if requirement["total"] else []):
                shortfalls[line["id"]] = line["shortfall"]
        if uncheckable:
            met = UNCHECKABLE
            notes = ["合计未含有误的行，请更正后再核对：" + "；".join(uncheckable)]
        else:
            met = NO_REQUIREMENT if requirement is None else (MET if requirement["met"] else NOT_MET)
            notes = []
        notes += migrated
        return ([label, result["year"]] + [totals.get(c["id"], "") for c in self.categories]
                + [result["total"], result["unit"], met] + [shortfalls.get(line_id, "") for line_id, _ in self.lines]
                + ([checks] if self.checks else []) + ["；".join(dict.fromkeys(notes))])

    def _activities(self, person, result, entries):
        sources = person["sources"].get(result["year"], [])
        for activity in result["activities"]:
            activity = resolve_carried(entries, activity)
            index = activity["index"]
            source = (f"{activity['spread_from']} 年度录入{_where(person, activity)}" if "spread_from" in activity
                      else sources[index] if index < len(sources) else "")
            shares = "、".join(f"{c['label']} {show(c['value'])}" for c in activity["categories"])
            self.activity_rows.append([
                person["label"], result["year"], source, activity["label"], activity["name"],
                activity["raw"], activity["counted"], result["unit"], shares, activity["rule"]["article"],
                "；".join(note["text"] for note in activity["notes"])])

    def table(self):
        return {"title": "每人每年度", "columns": self.columns, "rows": self.rows}

    def activity_table(self):
        return {"title": "每项活动", "columns": ["人员", "年度", "来源", "活动类型", "名称", "折算值", "计入值", "单位",
                                              "计入科目", "依据", "说明"], "rows": self.activity_rows}

    def problem_table(self):
        return {"title": "需更正的行", "columns": ["人员", "工作表（文件）", "行", "列", "问题"], "rows": self.problem_rows}

    def counts(self):
        return {status: self.status.count(status) for status in (MET, NOT_MET, UNCHECKABLE, NO_REQUIREMENT)}

    def to_csv(self):
        return to_csv(self.table())

    def to_xlsx(self):
        from .sheets.xlsx import results  # openpyxl only when a workbook is written
        tables = [self.table(), self.activity_table()]
        if self.problem_rows:
            tables.append(self.problem_table())
        return results(tables)


def summarise(policy, named_records):
    """named_records: [(label, record)]; returns {"columns": [...], "rows": [[...]]} in Chinese.

    A record that could not even be read is given as the RecordError saying why; it gets its row
    like any other bad record, and every other record is still scored.
    """
    batch = Batch(policy, named_records).run()
    return {"columns": batch.columns, "rows": batch.rows}


def _entry(person):
    if isinstance(person, dict):
        return person
    label, record = person
    return {"label": str(label), "record": record, "problems": [], "sources": {}}


def _requirement_lines(policy):
    seen = {}
    for era in policy["eras"]:
        requirement = era.get("requirement") or {}
        for group in requirement.get("groups", []):
            seen.setdefault(group["id"], group["label"])
        if requirement.get("total"):
            seen.setdefault("total", requirement["total"]["label"])
    return list(seen.items())


def _where(person, activity):
    """Where a spread activity's full entry came from (its row), when the answer names it."""
    rows = person["sources"].get(activity["spread_from"], [])
    index = activity.get("source_index")
    return f"（{rows[index]}）" if index is not None and index < len(rows) and rows[index] else ""


def _years_not_scored(record, errors):
    """{year: message} of the years a multi-year answer did not score (entered twice, not in the policy)."""
    unscored = {}
    for error in errors:
        path = error["path"]
        if path.startswith("years[") and path.endswith("].year"):
            unscored.setdefault(record["years"][int(path[6:-6])]["year"], error["message"])
    return unscored


def _year_of(record):
    if isinstance(record, dict) and isinstance(record.get("year"), int):
        return record["year"]
    if isinstance(record, dict) and isinstance(record.get("years"), list) and len(record["years"]) == 1 \
            and isinstance(record["years"][0], dict):
        return record["years"][0].get("year", "")
    return ""


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
