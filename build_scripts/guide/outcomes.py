"""The values a table rule gives, case by case, next to the rule that points into its table.

A grid rule says where to look (「专利类型为「发明专利」：按表中「国家级」行、「鉴定成果」列」, 「本人排名不少于
4：在表中下移 1 行」); the reader should not have to walk the table. The numbers here are not read from
the table by hand: the engine's own `calculator.rules.evaluate` runs the rule (derive, shifts, the
table) for every value of every parameter the rule's conditions and axes name, and cases that give
the same value next to each other are shown as one range (本人排名 1—3). The rule's `adjustments`
and `share` (a short paper, several authors) come after the table and are left out; the page states
them below. The kind's 本站解读 (e.g. 专利的署名位次, which gives the values from the 4th name on) are
linked in the table's caption. tests/site/test_page_sources.py checks every cell against the whole engine
(`calculator.score`) for every value in its range.
"""

import json
from fractions import Fraction
from itertools import product

from calculator.rules import evaluate
from calculator.rules.domain import within_limits

from .text import esc, num

LONGEST = 500  # an integer parameter with a wider range is not enumerated (no outcome table)


def _named(node, names):
    """Parameter names in every `when` of a rule's derive and shifts."""
    for item in node:
        names.update((item.get("when") or {}).keys())
    return names


def deciding_params(kind):
    """The kind's parameters the table value depends on: named by a derive or shift condition, or
    an axis of the table itself; None when one of them cannot be enumerated."""
    rule = kind["rule"]
    names = _named(rule.get("derive", []) + rule.get("shifts", []), {rule["rows"]["param"], rule["columns"]["param"]})
    found = [p for p in kind["params"] if p["id"] in names]
    for param in found:
        if param["type"] not in ("enum", "boolean", "integer") or (
                param["type"] == "integer" and param["max"] - param["min"] > LONGEST):
            return None
    return found


def _choices(param):
    if param["type"] == "enum":
        return [o["value"] for o in param["options"]]
    if param["type"] == "boolean":
        return [False, True]
    return [Fraction(n) for n in range(param["min"], param["max"] + 1)]


def _default(param):
    value = param.get("default")
    return Fraction(value) if param["type"] == "integer" and value is not None else value


def table_rule(rule):
    """The rule up to the table value: without adjustments and share (an override is not entered)."""
    return {key: value for key, value in rule.items() if key not in ("adjustments", "share", "override")}


def outcomes(kind):
    """(params, {combination tuple: value or None}) over every value of the deciding parameters, or None.

    The other parameters keep their defaults; a combination the kind's `limits` refuse is None."""
    if kind["rule"]["kind"] != "grid" or not (kind["rule"].get("derive") or kind["rule"].get("shifts")):
        return None
    params = deciding_params(kind)
    if not params:
        return None
    rule = table_rule(kind["rule"])
    base = {p["id"]: _default(p) for p in kind["params"]}
    values = {}
    for combination in product(*(_choices(p) for p in params)):
        case = {**base, **{p["id"]: v for p, v in zip(params, combination)}}
        values[combination] = evaluate(rule, case)[0] if within_limits(kind, case) else None
    return params, values


def _intervals(params, values, position):
    """[(low, high)] of the integer parameter at `position`: a new interval wherever any case's value
    changes from the integer before."""
    param = params[position]
    starts = [param["min"]]
    for n in range(param["min"] + 1, param["max"] + 1):
        for combination, value in values.items():
            if combination[position] == n:
                before = combination[:position] + (Fraction(n - 1),) + combination[position + 1:]
                if values[before] != value:
                    starts.append(n)
                    break
    ends = [s - 1 for s in starts[1:]] + [param["max"]]
    return list(zip(starts, ends))


def interval_text(param, low, high):
    if low == high:
        return str(low)
    if high == param["max"] and low > param["min"]:
        return f"不少于 {low}"
    return f"{low}—{high}"


def outcome_table(page, kind, era):
    """HTML: the table of values, each cell computed (data-source="computed", with the case it is for
    and, for an integer, the range it covers); '' for rules that do not point into a table."""
    found = outcomes(kind)
    if not found:
        return ""
    params, values = found
    axes = []  # per parameter: [(choice for the cell's case, label, (low, high) or None)]
    for position, param in enumerate(params):
        if param["type"] == "integer":
            axes.append([(Fraction(low), interval_text(param, low, high), (low, high))
                         for low, high in _intervals(params, values, position)])
        else:
            axes.append([(v, page.show_value(kind, param["id"], v).strip("「」"), None) for v in _choices(param)])
    columns = len(axes[-1]) > 1 and params[-1]["type"] == "integer"
    row_axes, column_axis = (axes[:-1], axes[-1]) if columns else (axes, [None])
    row_params = params[:-1] if columns else params
    unit = esc(era["unit"])
    head = "".join(f"<th>{esc(p['label'])}</th>" for p in row_params)
    if columns:
        head += "".join(f"<th>{esc(params[-1]['label'])} {esc(label)}</th>" for _, label, _ in column_axis)
    else:
        head += f"<th>{unit}</th>"
    body = []
    for row in product(*row_axes):
        cells = [f"<th scope=\"row\">{esc(label)}</th>" for _, label, _ in row]
        for column in column_axis:
            chosen = list(row) + ([column] if column else [])
            combination = tuple(choice for choice, _, _ in chosen)
            value = values[combination]
            case = {p["id"]: (int(c) if isinstance(c, Fraction) else c)
                    for p, (c, _, span) in zip(params, chosen) if span is None}
            spans = ";".join(f"{p['id']}:{s[0]}-{s[1]}" for p, (_, _, s) in zip(params, chosen) if s)
            attrs = f' data-source="computed" data-rule="outcome" data-case="{esc(json.dumps(case, ensure_ascii=False))}"'
            if spans:
                attrs += f' data-span="{esc(spans)}"'
            text = f"{num(value)} {unit}" if value is not None else "—"
            cells.append(f"<td{attrs}>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    later = [word for key, word in (("adjustments", "再按下面的条件调整"), ("share", "多人合作时再分配"))
             if kind["rule"].get(key)]
    note = f"；{'，'.join(later)}" if later else ""
    readings = page.readings(kind.get("interpretations"))  # the kind's readings may shape the values
    note += f"；含{readings}" if readings else ""
    return (f'<p class="jx-step">由此得出的{unit}数（本站计算引擎按上述规则逐一算出{note}）：</p>'
            # a wide table scrolls: reachable by keyboard, named (axe: scrollable-region-focusable)
            f'<div class="jx-scroll" tabindex="0" role="region" aria-label="{esc(kind["label"])}：各情况的{unit}数">'
            f'<table class="jx-outcomes"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table></div>")
