"""批量核对: many records under one policy, one row per person-year, errors kept per row."""

import csv
import io
import json

from calculator.api import batch_csv
from tests.golden import REPO
from tests.test_cli import run

TONGLU = REPO / "examples" / "zhejiang-tonglu-2018.json"
HISTORY = REPO / "examples" / "history" / "zhejiang-tonglu-2018.json"


def test_batch_cli_writes_one_row_per_person_year(tmp_path):
    bad = tmp_path / "王五.json"
    bad.write_text('{"year": 2016, "activities": []}', encoding="utf-8")
    zhang, li = tmp_path / "张三.json", tmp_path / "李四.json"
    zhang.write_bytes(TONGLU.read_bytes())
    li.write_bytes(HISTORY.read_bytes())
    out = tmp_path / "unit.csv"
    done = run("batch", "zhejiang-tonglu-2018", str(zhang), str(li), str(bad), "-o", str(out))
    assert done.returncode == 0, done.stderr
    raw = out.read_bytes()
    assert raw.startswith("\ufeff".encode("utf-8"))  # Excel reads the BOM as UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[:8] == ["人员", "年度", "专业科目", "行业公需科目", "一般公需科目", "合计", "单位", "是否达标"]
    assert [r[:2] + r[5:8] for r in body] == [
        ["张三", "2024", "140", "学分", "达标"],     # 第十一条: 40 + 20 + 50 + 30
        ["李四", "2022", "40", "学分", "未达标"],
        ["李四", "2023", "40", "学分", "未达标"],
        ["李四", "2024", "143", "学分", "达标"],
        ["王五", "2016", "", "", "无法核对"],
    ]
    assert body[1][header.index("专业科目还差")] == "20"          # 第七条: 60 − 40
    assert "不适用于 2016 年度" in body[4][-1]


def test_batch_for_the_browser_keeps_going_past_bad_rows():
    policy = (REPO / "build" / "policies" / "zhejiang-tonglu-2018.json").read_text(encoding="utf-8")
    named = [["甲", {"year": 2024, "activities": [{"kind": "face_training", "params": {"days": 999}},
                                                  {"kind": "degree_related"}]}],
             ["乙", "not a record"]]
    answer = json.loads(batch_csv(policy, json.dumps(named, ensure_ascii=False)))
    assert answer["ok"]
    first, second = answer["table"]["rows"]
    assert first[:2] == ["甲", 2024] and first[5] == 90 and "必须在 0 到 366 之间" in first[-1]
    assert second[0] == "乙" and second[-1] == "记录必须是一个 JSON 对象"
    assert answer["csv"].startswith("\ufeff人员,年度")


def test_a_record_of_another_policy_is_a_row_with_its_message():
    policy = (REPO / "build" / "policies" / "zhejiang-tonglu-2018.json").read_text(encoding="utf-8")
    record = json.loads(HISTORY.read_text(encoding="utf-8")) | {"policy": "zhejiang-wenzhou-2017"}
    answer = json.loads(batch_csv(policy, json.dumps([["丙", record]], ensure_ascii=False)))
    [row] = answer["table"]["rows"]
    assert row[-1] == "记录属于政策「zhejiang-wenzhou-2017」，不是「zhejiang-tonglu-2018」"


def test_bad_empty_bom_and_gbk_files_each_get_their_row_and_good_ones_are_computed(tmp_path):
    """Issue 11 §3: one malformed, empty or BOM file used to abort the whole batch (no CSV at all)."""
    good = TONGLU.read_text(encoding="utf-8")
    files = {
        "甲": good.encode("utf-8"),
        "乙带BOM": "\ufeff".encode("utf-8") + good.encode("utf-8"),   # Notepad's 'UTF-8'
        "丙GBK": good.replace('"name": "', '"name": "中文').encode("gbk"),  # Chinese Windows' default
        "丁空": b"",
        "戊坏": b'{"year": 2024, "activities": [',
        "己嵌套": b'{"years": [{"year": 2024, "activities": [{"kind": ["face_training"]}]}]}',
    }
    paths = []
    for name, data in files.items():
        path = tmp_path / f"{name}.json"
        path.write_bytes(data)
        paths.append(str(path))
    out = tmp_path / "unit.csv"
    done = run("batch", "zhejiang-tonglu-2018", *paths, "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    header, body = rows[0], rows[1:]
    by_label = {row[0]: row for row in body}
    assert list(by_label) == list(files)
    met = header.index("是否达标")
    for label in ("甲", "乙带BOM", "丙GBK"):      # 第十一条: 40 + 20 + 50 + 30 = 140, each read alike
        assert by_label[label][header.index("合计")] == "140" and by_label[label][met] == "达标"
    assert by_label["丁空"][-1] == "文件 丁空.json 是空的"
    assert by_label["戊坏"][-1].startswith("文件 戊坏.json 第 1 行") and "不是有效的 JSON" in by_label["戊坏"][-1]
    # A kind given as a list marks that activity (lenient, as in the page); the row names it.
    assert "第 1 项活动：未知的活动类型「['face_training']」" in by_label["己嵌套"][-1]
    for label in ("丁空", "戊坏", "己嵌套"):
        assert by_label[label][met] == "无法核对" and by_label[label][-1]


def test_csv_cells_that_excel_would_run_as_formulas_are_written_as_text(tmp_path):
    """Issue 11 §3: labels come from file names, which anyone can choose."""
    names = ["=HYPERLINK(\"x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "普通"]
    paths = []
    for name in names:
        path = tmp_path / f"{name}.json"
        path.write_bytes(TONGLU.read_bytes())
        paths.append(str(path))
    out = tmp_path / "unit.csv"
    done = run("batch", "zhejiang-tonglu-2018", *paths, "-o", str(out))
    assert done.returncode == 0, done.stderr
    labels = [row[0] for row in csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig")))][1:]
    assert labels == ["'" + name for name in names[:-1]] + ["普通"]
    for label in labels:
        assert not label.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_the_browser_batch_keeps_rows_past_an_entry_that_is_not_a_pair():
    policy = (REPO / "build" / "policies" / "zhejiang-tonglu-2018.json").read_text(encoding="utf-8")
    record = json.loads(TONGLU.read_text(encoding="utf-8"))
    answer = json.loads(batch_csv(policy, json.dumps([["甲", record], "stray", ["乙", record]], ensure_ascii=False)))
    assert answer["ok"]
    rows = answer["table"]["rows"]
    assert [row[0] for row in rows] == ["甲", "第 2 份", "乙"]
    assert rows[0][5] == rows[2][5] == 140 and "无法读取" in rows[1][-1]
