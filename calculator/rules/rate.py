"""`rate`: quantity times a rate, summed over terms.

桐庐 第十一条（一）: 1天折算8学分 -> terms [{param: days, rate: 8}].
A per-day list param is valued day by day, each day capped at `item_cap`
(金华 第（十）条: 1学时2学分，每天不超过12学分). `divisor` + `rounding: floor` count whole
units only (per 10,000 characters). A term's rate may depend on conditions (`rate_rows`).
"""

from ..conditions import all_problems, matches
from ..numbers import ZERO, floor, less, show, to_fraction
from .common import declared, negative, step, undeclared


def evaluate(rule, params):
    total, steps = ZERO, []
    for t, term in enumerate(rule["terms"]):
        quantity = params.get(term["param"])
        if quantity is None:
            continue
        per_unit, rate_ref = _term_rate(term, params, f"terms[{t}]")
        if isinstance(quantity, list):
            cap = None if term.get("item_cap") is None else to_fraction(term["item_cap"])
            value, capped = ZERO, {}
            for number, day in enumerate(quantity, 1):
                day_value = day * per_unit
                if cap is not None and less(cap, day_value):
                    capped.setdefault(day_value, []).append(number)  # one step per raw value, not per day
                    day_value = cap
                value += day_value
            for raw, days in capped.items():
                steps.append(step(term["cap_explain"].format(raw=show(raw), cap=show(cap)) + f"（{days_text(days)}）",
                                  cap * len(days), term.get("cap_article"), f"terms[{t}].item_cap"))
            text = f"{term['label']}：{_quantities(quantity) or '无'} × {show(per_unit)}"
        else:
            units = quantity
            if "divisor" in term:
                units = quantity / to_fraction(term["divisor"])
                if term.get("rounding") == "floor":
                    units = floor(units)
            value = units * per_unit
            text = f"{term['label']} {show(units)} × {show(per_unit)}"
        steps.append(step(text + f" = {show(value)}", value, ref=rate_ref))
        total += value
    return total, steps


def days_text(days):
    """「第 1—3、5 天」: ascending day numbers as runs."""
    runs, start = [], days[0]
    for previous, day in zip(days, days[1:] + [None]):
        if day != previous + 1:
            runs.append(f"{start}—{previous}" if previous != start else str(start))
            start = day
    return f"第 {'、'.join(runs)} 天，共 {len(days)} 天" if len(days) > 1 else f"第 {days[0]} 天"


def _quantities(quantity):
    """The per-day values as entered, a long run of one value written once: 「8（30 天）」."""
    if len(quantity) > 10 and len(set(quantity)) == 1:
        return f"{show(quantity[0])}（{len(quantity)} 天）"
    return "、".join(show(d) for d in quantity)


def _term_rate(term, params, ref):
    if "rate" in term:
        return to_fraction(term["rate"]), ref
    for r, row in enumerate(term["rate_rows"]):
        if matches(row.get("when"), params):
            return to_fraction(row["rate"]), f"{ref}.rate_rows[{r}]"
    return ZERO, f"{ref}.no_rate"


def describe(kind, era, unit, page):
    rule = kind["rule"]
    esc, num = page.esc, page.num
    rows = []
    for term in rule["terms"]:
        param_unit = page.param_unit(kind, term["param"])
        per_day = any(p["id"] == term["param"] and p["type"] == "per_day" for p in kind["params"])
        size = num(term["divisor"]) if "divisor" in term else "1"
        per = f"每 {size} {param_unit}" if param_unit else f"每 {size}"
        if per_day:
            per = f"每天每 {size} {param_unit}"
        extra = ""
        if "divisor" in term and term.get("rounding") == "floor":
            extra += f"，不足 {size} {param_unit}的部分不计"
        if "item_cap" in term:
            extra += f"；每天最多计 {num(term['item_cap'])} {unit}"
            if term.get("cap_article"):
                extra += f"（依据 {page.art(term['cap_article'])}）"
        extra += page.readings(term.get("interpretations"))
        label = esc(term.get("label") or page.param_label(kind, term["param"]))
        if "rate_rows" in term:
            for row in term["rate_rows"]:
                rows.append([label, esc(page.condition(kind, row.get("when"))),
                             f"<strong>{esc(per)} 计 {num(row['rate'])} {esc(unit)}</strong>{extra}"
                             + page.cite(row)])
            rows.append([label, "不符合以上条件", "计 0"])
        else:
            rows.append([label, "—", f"<strong>{esc(per)} 计 {num(term['rate'])} {esc(unit)}</strong>{extra}"])
    return page.table(["计量", "条件", "折算标准"], rows, "jx-rule-table")


def check(kind, known):
    rule, params = kind["rule"], declared(kind)
    for t, term in enumerate(rule["terms"]):
        at = ("terms", t)
        yield from undeclared(at, term["param"], params)
        yield from all_problems(term.get("rate_rows", []), params, known, at + ("rate_rows",))
        rates = [(at + ("rate",), term["rate"])] if "rate" in term else []
        rates += [(at + ("rate_rows", r, "rate"), row["rate"]) for r, row in enumerate(term.get("rate_rows", []))]
        for where, value in rates:
            yield from negative(where, value, "折算率")
        if "item_cap" in term:
            yield from negative(at + ("item_cap",), term["item_cap"], "每天上限")
        if "divisor" in term and to_fraction(term["divisor"]) <= 0:
            yield at + ("divisor",), f"除数必须大于 0，实际为 {term['divisor']}"


def refs(rule):
    found = set()
    for t, term in enumerate(rule["terms"]):
        if "rate_rows" in term:
            found |= {f"terms[{t}].rate_rows[{r}]" for r in range(len(term["rate_rows"]))}
        else:
            found.add(f"terms[{t}]")
        if "item_cap" in term:
            found.add(f"terms[{t}].item_cap")
    return found


def points(rule):
    """None beyond the conditions': a quantity times a rate (never negative) only grows with the quantity."""
    return {}
