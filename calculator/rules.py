"""The closed set of rule kinds that turn one activity into a raw value.

Each kind is a small pure function `(rule, params) -> (value, steps)`; `steps` explain the
value in Chinese. A rule may also carry, applied in this order around its kind:
    override     a value stated on a certificate replaces the kind's value (温州 第八条（二）:
                 高研班证书上列明学时的按照其列明的学时予以认定登记);
    derive       set parameters from conditions before the kind runs (滨州: a patent is valued
                 as an appraisal result of a level);
    adjustments  add to or replace the value when a condition holds (桐庐: 第一作者另加10分);
    share        split the value evenly between co-authors in whole numbers (滨州 论文).
Every step may name its own article; otherwise the activity's article applies.
"""

from fractions import Fraction

from .conditions import matches
from .numbers import floor, show, to_fraction


def _step(text, value=None, article=None, ref=None):
    step = {"text": text, "ref": ref}
    if value is not None:
        step["value"] = value
    if article:
        step["article"] = article
    return step


def fixed(rule, params):
    """A set value. 温州 第八条（一）: 通过考试认定登记36学时."""
    value = to_fraction(rule["value"])
    return value, [_step(rule["explain"], value, ref="value")]


def rate(rule, params):
    """Quantity times a rate, summed over terms.

    桐庐 第十一条（一）: 1天折算8学分 -> terms [{param: days, rate: 8}].
    A per-day list param is valued day by day, each day capped at `item_cap`
    (金华 第（十）条: 1学时2学分，每天不超过12学分). `divisor` + `rounding: floor` count whole
    units only (per 10,000 characters). `override` takes a value stated on a certificate
    """
    total, steps = Fraction(0), []
    for t, term in enumerate(rule["terms"]):
        quantity = params.get(term["param"])
        if quantity is None:
            continue
        per_unit, rate_ref = _term_rate(term, params, f"terms[{t}]")
        if isinstance(quantity, list):
            cap = term.get("item_cap")
            value = Fraction(0)
            for day in quantity:
                day_value = day * per_unit
                if cap is not None and day_value > to_fraction(cap):
                    steps.append(_step(term["cap_explain"].format(raw=show(day_value), cap=show(cap)),
                                       to_fraction(cap), term.get("cap_article"), f"terms[{t}].item_cap"))
                    day_value = to_fraction(cap)
                value += day_value
            text = f"{term['label']}：{'、'.join(show(d) for d in quantity) or '无'} × {show(per_unit)}"
        else:
            units = quantity
            if "divisor" in term:
                units = quantity / to_fraction(term["divisor"])
                if term.get("rounding") == "floor":
                    units = floor(units)
            value = units * per_unit
            text = f"{term['label']} {show(units)} × {show(per_unit)}"
        steps.append(_step(text + f" = {show(value)}", value, ref=rate_ref))
        total += value
    return total, steps


def _term_rate(term, params, ref):
    if "rate" in term:
        return to_fraction(term["rate"]), ref
    for r, row in enumerate(term["rate_rows"]):
        if matches(row.get("when"), params):
            return to_fraction(row["rate"]), f"{ref}.rate_rows[{r}]"
    return Fraction(0), f"{ref}.no_rate"


def lookup(rule, params):
    """The first row whose conditions hold gives the value; otherwise `default`.

    益阳 附件5 第3条: 国家级课题排名前五名60学时 … 其他排名10学时.
    """
    for r, row in enumerate(rule["rows"]):
        if matches(row.get("when"), params):
            value = to_fraction(row["value"])
            return value, [_step(row["explain"], value, row.get("article"), f"rows[{r}]")]
    default = rule.get("default")
    if default is None:
        return Fraction(0), [_step("没有适用的折算标准，计 0", Fraction(0), ref="no_row")]
    value = to_fraction(default["value"])
    return value, [_step(default["explain"], value, default.get("article"), "default")]


def grid(rule, params):
    """A two-way table (level x grade) with rank-based shifts to a lower cell.

    滨州 附件 一（二）2: 第四位以后人员均按相应级别的下一等次确定学时 -> a shift of one
    column; 鉴定成果第四位以后按下一级 -> a shift of one row; falling off the table gives
    `beyond` (县区级鉴定成果第四位以后均记5学时).
    """
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
            steps.append(_step(shift["explain"], value, shift.get("article"), f"shifts[{s}].beyond"))
            return value, steps
        steps.append(_step(shift["explain"], None, shift.get("article"), f"shifts[{s}]"))
    row_id, col_id = row_order[r], col_order[c]
    cell = rule["values"].get(row_id, {}).get(col_id)
    row_label, col_label = rows["labels"][row_id], cols["labels"][col_id]
    if cell is None:
        steps.append(_step(f"表中没有「{row_label}·{col_label}」一栏，计 0", Fraction(0), ref=f"values.{row_id}.{col_id}"))
        return Fraction(0), steps
    value = to_fraction(cell)
    steps.append(_step(f"按表「{row_label}·{col_label}」计 {show(value)}", value, rule.get("table_article"), f"values.{row_id}.{col_id}"))
    return value, steps


def brackets(rule, params):
    """A value by the range a duration falls in, plus an optional step beyond the last one.

    滨州 附件 二（四）: 满四个月不满半年35学分；半年至一年40学分；一年以上每超过二个月增记5学分.
    """
    amount = params[rule["param"]]
    for b, bracket in enumerate(rule["brackets"]):
        low, below, upto = bracket.get("from"), bracket.get("below"), bracket.get("to")
        if low is not None and amount < to_fraction(low):
            continue
        if below is not None and amount >= to_fraction(below):
            continue
        if upto is not None and amount > to_fraction(upto):
            continue
        value = to_fraction(bracket["value"])
        steps = [_step(bracket["explain"], value, ref=f"brackets[{b}]")]
        extra = rule.get("beyond")
        if extra and amount > to_fraction(extra["from"]):
            times = floor((amount - to_fraction(extra["from"])) / to_fraction(extra["every"]))
            if times:
                added = times * to_fraction(extra["add"])
                value += added
                steps.append(_step(extra["explain"].format(times=show(times), added=show(added)), added, ref="beyond"))
        return value, steps
    return Fraction(0), [_step("不在任何时长区间内，计 0", Fraction(0), ref="no_bracket")]


def none(rule, params):
    """Counts nothing, with the reason shown. 益阳 附件5 第9条: 本科、硕士阶段学历教育不纳入."""
    return Fraction(0), [_step(rule["reason"], Fraction(0), ref="reason")]


KINDS = {"fixed": fixed, "rate": rate, "lookup": lookup, "grid": grid, "brackets": brackets, "none": none}


def evaluate(rule, params):
    """Run one activity's rule with its derive / adjustments / share steps."""
    params = dict(params)
    steps = []
    for d, derive in enumerate(rule.get("derive", [])):
        if matches(derive.get("when"), params):
            params.update(derive["set"])
            steps.append(_step(derive["explain"], None, derive.get("article"), f"derive[{d}]"))
    override = rule.get("override")
    if override and params.get(override["param"]) is not None:
        value = to_fraction(params[override["param"]])
        steps.append(_step(override["explain"].format(value=show(value)), value, override.get("article"), "override"))
    else:
        value, kind_steps = KINDS[rule["kind"]](rule, params)
        steps += kind_steps
    for a, adjustment in enumerate(rule.get("adjustments", [])):
        if not matches(adjustment.get("when"), params):
            continue
        if "set" in adjustment:
            value = to_fraction(adjustment["set"])
        else:
            value += to_fraction(adjustment["add"])
        value = max(value, Fraction(0))
        steps.append(_step(adjustment["explain"], value, adjustment.get("article"), f"adjustments[{a}]"))
    share = rule.get("share")
    if share:
        authors, rank = params.get(share["authors"]), params.get(share["rank"])
        if authors and authors > 1:
            value = split_evenly(value, int(authors), int(rank))
            steps.append(_step(share["explain"].format(authors=show(authors), rank=show(rank),
                                                       value=show(value)), value, share.get("article"), "share"))
    return value, steps


def split_evenly(total, authors, rank):
    """Whole-number even split, the remainder going one each to the leading authors.

    滨州: 学时计算只取整数，平均后所余学时可依次追加前几位作者. 15 among 4 -> 4, 4, 4, 3.
    """
    base = floor(total / authors)
    remainder = total - base * authors
    if rank <= floor(remainder):
        return base + 1
    if rank == floor(remainder) + 1:
        return base + (remainder - floor(remainder))
    return base
