"""The batch page's job in the browser worker: never an exception, JSON text and bytes out.

    job = calculator.api.BatchJob(policy_json, [[file name, bytes], ...])
    while job.done < job.total: job.step(200)     # the worker posts progress between chunks
    job.answer()        -> {"ok", "columns", "rows", "row_people", "counts", "problems", ...} (JSON text)
    job.person(index)   -> one person's record and its full result, for the drill-down (JSON text)
    job.export("xlsx")  -> the results workbook as bytes (or "csv": UTF-8 with BOM)

The CLI's `batch` command runs the same `Batch`, so the page and the CLI export the same tables.
"""

import json

from .batch import Batch
from .engine import score
from .records import RecordError


class BatchJob:
    def __init__(self, policy_json, files):
        self.error = None
        try:
            self.policy = json.loads(policy_json)
            self.batch = Batch.from_files(self.policy, [(str(name), _bytes(data)) for name, data in files])
        except Exception as error:  # noqa: BLE001 — the page shows a sentence, the console the type
            self.error = f"无法读取所选文件（{type(error).__name__}）"
            self.batch = None

    @property
    def total(self):
        return len(self.batch.people) if self.batch else 0

    @property
    def done(self):
        return self.batch.done if self.batch else 0

    def step(self, count=200):
        if not self.batch:
            return 0
        try:
            return self.batch.step(count)
        except Exception as error:  # noqa: BLE001 — Batch catches per person; this is a last resort
            self.error = f"核对中断（{type(error).__name__}）"
            self.batch.done = len(self.batch.people)
            return self.batch.done

    def answer(self):
        if self.error:
            return _dumps({"ok": False, "error": self.error})
        batch = self.batch
        return _dumps({"ok": True, "columns": batch.columns, "rows": batch.rows, "row_people": batch.row_people,
                       "counts": batch.counts(), "people": len(batch.people),
                       "problems": batch.problem_table(), "ignored_columns": batch.ignored_columns})

    def person(self, index):
        try:
            person = self.batch.people[int(index)]
        except (AttributeError, IndexError, TypeError, ValueError):
            return _dumps({"ok": False, "error": "没有这个人员"})
        record = person["record"] if isinstance(person["record"], dict) else None
        answer = {"ok": True, "label": person["label"], "record": record,
                  "problems": [p["text"] for p in person["problems"]], "result": None}
        if record is not None:
            try:
                answer["result"] = score(self.policy, record, lenient=True)
                if "years" in answer["result"]:  # its own errors: target year, person, a year entered twice
                    answer["problems"] += list(dict.fromkeys(e["message"] for e in answer["result"]["errors"]))
            except RecordError as error:
                answer["problems"].append(error.message)
            except Exception as error:  # noqa: BLE001
                answer["problems"].append(f"无法计算这份记录（{type(error).__name__}）")
        return _dumps(answer)

    def export(self, kind):
        """bytes of the results as .xlsx or .csv (b"" when there is nothing to export)."""
        if not self.batch:
            return b""
        if kind == "xlsx":
            return self.batch.to_xlsx()
        return self.batch.to_csv().encode("utf-8")


def _bytes(data):
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    if hasattr(data, "to_bytes"):  # a JavaScript Uint8Array or ArrayBuffer under Pyodide
        return data.to_bytes()
    raise TypeError("file contents must be bytes")


def _dumps(data):
    return json.dumps(data, ensure_ascii=False)
