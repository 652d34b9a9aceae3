"""`grid`: a two-way table (level x grade) with rank-based shifts to a lower cell.

滨州 附件 一（二）2: 第四位以后人员均按相应级别的下一等次确定学时 -> a shift of one
column; 鉴定成果第四位以后按下一级 -> a shift of one row; falling off the table gives
`beyond` (县区级鉴定成果第四位以后均记5学时).
"""

from fractions import Fraction

from ..conditions import matches
from ..numbers import show, to_fraction
from .common import step


def evaluate(rule, params):
    rows, cols = rule["rows"], rule["columns"]
    row_order, col_order = rows["order"], cols["order"]
    r = row_order.index(params[rows["param"]])
    c = col_order.index(params[cols["param"]])
    steps = []
    for s, shift in enumerate(rule.get("shifts", [])):
        if not matches(shift.get("when"), params):
            continue
        if shift["axis"] == "row":
            r += shift["steps"]
        else:
            c += shift["steps"]
        if r >= len(row_order) or c >= len(col_order):
            value = to_fraction(shift["beyond"])
            steps.append(step(shift["explain"], value, shift.get("article"), f"shifts[{s}].beyond"))
            return value, steps
        steps.append(step(shift["explain"], None, shift.get("article"), f"shifts[{s}]"))
    row_id, col_id = row_order[r], col_order[c]
    cell = rule["values"].get(row_id, {}).get(col_id)
    row_label, col_label = rows["labels"][row_id], cols["labels"][col_id]
    if cell is None:
        steps.append(step(f"表中没有「{row_label}·{col_label}」一栏，计 0", Fraction(0), ref=f"values.{row_id}.{col_id}"))
        return Fraction(0), steps
    value = to_fraction(cell)
    steps.append(step(f"按表「{row_label}·{col_label}」计 {show(value)}", value, rule.get("table_article"),
                      f"values.{row_id}.{col_id}"))
    return value, steps


def describe(kind, era, unit, page):
    rule = kind["rule"]
    esc = page.esc
    parts = []
    if rule.get("table"):
        anchor = f"table-{era['id']}-{rule['table']}"
        parts.append(f'<p class="jx-step">按{page.tag("a", "折算表", href=f"#{anchor}")}取值'
                     f"（表中「—」表示没有这一栏，计 0）：</p>")
    else:
        parts.append('<p class="jx-step">按折算表取值（「—」表示没有这一栏，计 0）：</p>' + page.grid_table(rule, unit))
    if rule.get("shifts"):
        items = []
        for shift in rule["shifts"]:
            move = (f"在表中下移 {shift['steps']} 行" if shift["axis"] == "row"
                    else f"在表中右移 {shift['steps']} 列")
            beyond = (f"；移出表格时计 {page.num(shift['beyond'])} {esc(unit)}" if shift.get("beyond") is not None
                      else "；移出表格时计 0")
            items.append(f"{esc(page.condition(kind, shift.get('when')))}：{move}{beyond}"
                         f"<span class=\"jx-note\">（{esc(shift['explain'])}）</span>{page.cite(shift)}")
        parts.append('<p class="jx-step">按排名调整取值位置：</p>' + page.bullet_list(items))
    return "".join(parts)
