"""The batch page's engine: the same BatchJob under Pyodide (Node) with the shipped openpyxl and
et_xmlfile wheels reads the same filled .xlsx and GBK .csv and gives the same tables and exports
as CPython (the CLI): tests/pyodide/run_batch.mjs runs it as the worker does."""

import csv
import io
import json
import subprocess

import openpyxl

from calculator.batch import Batch
from tests.golden import REPO
from tests.sheet_people import people
from tests.test_sheets import bad_rows, fill_csv, fill_xlsx, load


def cells(data):
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}


def test_pyodide_reads_the_sheets_and_exports_what_the_cli_exports(tmp_path):
    policy = load("zhejiang-tonglu-2018")
    everyone = people(policy, count=12, seed=7)
    _, extra = bad_rows(policy)
    inputs = {"单位.xlsx": fill_xlsx(policy, everyone, extra),
              "单位-gbk.csv": fill_csv(policy, everyone, extra).encode("gbk")}
    for name, data in inputs.items():
        (tmp_path / name).write_bytes(data)
    out = tmp_path / "out"
    out.mkdir()
    done = subprocess.run(["node", str(REPO / "tests" / "pyodide" / "run_batch.mjs"),
                           str(REPO / "build" / "policies" / f"{policy['id']}.json"), str(out),
                           *(str(tmp_path / name) for name in inputs)],
                          capture_output=True, text=True, timeout=600, cwd=REPO)
    assert done.returncode == 0, done.stderr[-3000:]
    answer = json.loads((out / "answer.json").read_text(encoding="utf-8"))
    cpython = Batch.from_files(policy, list(inputs.items())).run()
    assert answer["ok"] and answer["rows"] == json.loads(json.dumps(cpython.rows, ensure_ascii=False))
    assert answer["counts"]["无法核对"] >= 1 and answer["people"] == len(cpython.people)
    assert (out / "results.csv").read_bytes() == cpython.to_csv().encode("utf-8")
    assert cells((out / "results.xlsx").read_bytes()) == cells(cpython.to_xlsx())
    rows = list(csv.reader(io.StringIO((out / "results.csv").read_text(encoding="utf-8-sig"))))
    assert len(rows) == 1 + len(cpython.rows)
