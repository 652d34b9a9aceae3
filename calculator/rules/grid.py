"""`grid`: a two-way table (level x grade) with rank-based shifts to a lower cell.

滨州 附件 一（二）2: 第四位以后人员均按相应级别的下一等次确定学时 -> a shift of one
column; 鉴定成果第四位以后按下一级 -> a shift of one row; falling off the table gives
`beyond` (县区级鉴定成果第四位以后均记5学时).
"""

from ..conditions import all_problems, matches
from ..numbers import ZERO, show, to_fraction
from .common import declared, negative, step
from .domain import apply_derive, cases, show_case


def evaluate(rule, params):
    steps, cell = walk(rule, params)
    if cell is None:
        return steps[-1]["value"], steps
    row_id, col_id = cell
    value = rule["values"].get(row_id, {}).get(col_id)
    row_label, col_label = rule["rows"]["labels"][row_id], rule["columns"]["labels"][col_id]
    if value is None:
        steps.append(step(f"表中没有「{row_label}·{col_label}」一栏，计 0", ZERO, ref=f"values.{row_id}.{col_id}"))
        return ZERO, steps
    value = to_fraction(value)
    steps.append(step(f"按表「{row_label}·{col_label}」计 {show(value)}", value, rule.get("table_article"),
                      f"values.{row_id}.{col_id}"))
    return value, steps


def walk(rule, params):
    """(shift steps, (row id, column id)) of the cell the params reach, or (steps, None) off the table."""
    row_order, col_order = rule["rows"]["order"], rule["columns"]["order"]
    r = row_order.index(params[rule["rows"]["param"]])
    c = col_order.index(params[rule["columns"]["param"]])
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
            return steps, None
        steps.append(step(shift["explain"], None, shift.get("article"), f"shifts[{s}]"))
    return steps, (row_order[r], col_order[c])


def check(kind, known):
    """Yields (path under the rule, message); every cell an activity can reach must be in the table."""
    rule, params = kind["rule"], declared(kind)
    found = []
    for axis in ("rows", "columns"):
        if rule[axis]["param"] not in known:
            found.append(((axis,), f"未声明的参数「{rule[axis]['param']}」"))
    found += all_problems(rule.get("shifts", []), params, known, ("shifts",))
    for row_id, cells in rule["values"].items():
        if row_id not in rule["rows"]["order"]:
            found.append((("values", row_id), f"折算表的行「{row_id}」不在 rows.order 中，永远用不到"))
        for col_id, value in cells.items():
            if col_id not in rule["columns"]["order"]:
                found.append((("values", row_id, col_id), f"折算表的列「{col_id}」不在 columns.order 中，永远用不到"))
            found += negative(("values", row_id, col_id), value, "折算值")
    for s, shift in enumerate(rule.get("shifts", [])):
        if shift.get("beyond") is not None:
            found += negative(("shifts", s, "beyond"), shift["beyond"], "折算值")
    yield from found
    if not found:
        yield from _missing_cells(kind)


def _missing_cells(kind):
    rule = kind["rule"]
    axes = {rule["rows"]["param"], rule["columns"]["param"]}
    names = sorted(axes | {name for entry in rule.get("derive", []) + rule.get("shifts", [])
                           for name in entry.get("when") or {}})
    tried = cases(kind, names)
    if tried is None:
        yield (), "条件组合过多，无法逐一核对折算表的每一栏都能取到"
        return
    gaps, unset = {}, []
    for case in tried:
        params = apply_derive(rule, case)
        if any(params.get(rule[axis]["param"]) not in rule[axis]["order"] for axis in ("rows", "columns")):
            unset.append(case)
            continue
        _, cell = walk(rule, params)
        if cell is not None and rule["values"].get(cell[0], {}).get(cell[1]) is None:
            gaps.setdefault(cell, case)
    if unset:
        yield (), (f"「{show_case(kind, unset[0], names)}」时确定不了折算表的行或列（共 {len(unset)} 种情况）："
                   "请补全 derive 或参数选项")
    for (row_id, col_id), case in sorted(gaps.items()):
        labels = rule["rows"]["labels"].get(row_id, row_id), rule["columns"]["labels"].get(col_id, col_id)
        yield ("values",), (f"「{show_case(kind, case, names)}」取到折算表中没有的一栏「{labels[0]}·{labels[1]}」，"
                            "这样的活动会计 0：请补全折算表")


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


def refs(rule):
    """Shifts, and every cell as values.<row>.<column> (a table shared by several kinds is covered across them)."""
    return ({f"shifts[{s}]" for s in range(len(rule.get("shifts", [])))}
            | {f"values.{r}.{c}" for r, cells in rule["values"].items() for c in cells})


def points(rule):
    """Parameter values where this kind's value jumps, beyond those its conditions name: none."""
    return {}
