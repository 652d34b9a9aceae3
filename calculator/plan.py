"""怎么补: for each unmet requirement line of a year, the activity kinds that would close it.

plan(policy, record, year=None) tries each activity kind of the year's era against the engine itself:
it adds a trial activity to the record, scores it, and reads how much the line moved. So whatever the
policy says about caps, pools, de-duplication and categories is respected without a line of
per-policy code, and every suggestion it gives has been checked: adding its `activities` to the
record makes its line met (tests/test_plan.py holds that as a property).

One unit of a kind:
    a `rate` kind      one unit of its first term's quantity (1 天, 1 学分, 10000 字 with a divisor);
    a per-day `rate`   one day at the largest amount a day can count;
    any other kind     one activity, with the parameters that give it the most (shown in `case`).
Suggestions are sorted by fewest units; a route that cannot close the gap alone (a cap or a full
pool in the way) is listed after them with the most it can still add.
"""

from fractions import Fraction

from .engine import score
from .numbers import show, to_fraction, to_json
from .records import era_for_year
from .rules import evaluate
from .rules.domain import cases, show_case

DOUBLINGS = 12  # a route needing more than 2**12 times its first guess is "cannot close the gap"


def plan(policy, record, year=None):
    """{"year", "unit", "lines": [{id, label, shortfall, options: [...]}, ...]} for one year of the record."""
    multi = "years" in record
    if year is None:
        year = max(entry["year"] for entry in record["years"]) if multi else record["year"]
    base = _year_result(score(policy, record, lenient=True), year)
    era = era_for_year(policy, year)
    groups = {group["id"]: group["categories"] for group in (era.get("requirement") or {}).get("groups", [])}
    unmet = [{**line, "categories": groups.get(line["id"], era["categories"])} for line in _lines(base) if not line["met"]]
    labels = {c["id"]: c["label"] for c in policy["categories"]}
    lines = []
    for line in unmet:
        options = []
        for kind in era["activities"]:
            found = _route(policy, record, year, kind, line, labels, era["unit"])
            if found:
                options.append(found)
        options.sort(key=lambda o: (not o["closes"], o["units_exact"], o["label"]))
        for option in options:
            option["units"] = to_json(option.pop("units_exact"))
        lines.append({"id": line["id"], "label": line["label"], "shortfall": line["shortfall"],
                      "article": line["article"], "options": options})
    return {"year": year, "unit": era["unit"], "lines": lines}


def _lines(result):
    requirement = result.get("requirement") or {"groups": [], "total": None}
    return requirement["groups"] + ([requirement["total"]] if requirement["total"] else [])


def _year_result(result, year):
    if "years" not in result:
        return result
    return next(entry for entry in result["years"] if entry["year"] == year)


def _line_value(policy, record, year, line_id, added):
    """(value of the line, met) once `added` activities are in the year's record."""
    result = _year_result(score(policy, with_added(record, year, added), lenient=True), year)
    line = next(line for line in _lines(result) if line["id"] == line_id)
    return to_fraction(line["value"]), line["met"]


def with_added(record, year, added):
    """A copy of the record with `added` activities appended to the given year."""
    if "years" not in record:
        return {**record, "activities": list(record.get("activities", [])) + added}
    years = [dict(entry, activities=list(entry.get("activities", [])) + added) if entry.get("year") == year
             else entry for entry in record["years"]]
    if not any(entry.get("year") == year for entry in record["years"]):
        years.append({"year": year, "activities": added})
    return {**record, "years": years}


def _route(policy, record, year, kind, line, labels, credit):
    """The suggestion for one kind and one line, or None when the kind adds nothing to it."""
    unit = _unit(kind)
    if unit is None:
        return None
    before = to_fraction(line["value"])
    for category in _categories(kind, line):
        def trial(n):
            return _line_value(policy, record, year, line["id"], unit.activities(n, category))
        one, met = trial(1)
        gain = one - before
        if gain <= 0:
            continue
        n = 1
        if not met:
            n, met, reached = _search(trial, to_fraction(line["shortfall"]), gain, unit)
            if not met:
                gain_most = reached - before
        option = {"kind": kind["id"], "label": kind["label"], "category": category,
                  "category_label": labels.get(category, "") if category else "",
                  "case": unit.case_text, "unit_label": unit.label, "per_unit": to_json(gain),
                  "closes": met, "units_exact": n if met else 10**9,
                  "quantity": to_json(n * unit.size) if met else None,
                  "activities": unit.activities(n, category) if met else [],
                  "most": None if met else to_json(gain_most),
                  "deadlines": _deadlines(policy, kind, year), "article": kind["article"]}
        option["text"] = _text(option, unit, credit)
        return option
    return None


def _search(trial, shortfall, gain, unit):
    """(fewest units n, met, line value at the last n tried): a first guess from the first unit's gain,
    doubled until met, then halved back to the least n that still meets the line."""
    low, high = 1, max(2, -(-shortfall // gain) if gain else 2)
    value = None
    for _ in range(DOUBLINGS):
        value, met = trial(high)
        if met:
            break
        low, high = high, high * 2
    else:
        return high, False, value
    if high - low > 1 and not trial(high - 1)[1]:  # the first guess was right (a straight rate): done
        return high, True, None
    while high - low > 1:
        middle = (low + high) // 2
        if trial(middle)[1]:
            high = middle
        else:
            low = middle
    return high, True, None


def _categories(kind, line):
    """The categories worth trying for a kind: those of the line it may be put in, else its own."""
    spec = kind["category"]
    if "choose" in spec:
        wanted = [c for c in spec["choose"] if c in line["categories"]]
        return wanted or [spec["default"]]
    return [None]


def _deadlines(policy, kind, year):
    found = []
    for deadline in policy.get("deadlines", []):
        kinds = deadline.get("activities")
        rule = deadline.get("rule") or {}
        if (kinds is not None and kind["id"] not in kinds) or not rule:
            continue
        span = rule.get("years", {})
        if rule["kind"] == "fixed" and not span.get("from", year) <= year <= span.get("to", year):
            continue
        found.append({"label": deadline["label"], "summary": deadline["summary"], "article": deadline["article"],
                      "date": rule.get("date")})
    return found


def _text(option, unit, credit):
    per = f"每 {show(unit.size)} {unit.counted}计 {show(to_fraction(option['per_unit']))} {credit}"
    where = f"（{option['category_label']}）" if option["category_label"] else ""
    case = f"，{option['case']}" if option["case"] else ""
    if option["closes"]:
        return f"{option['label']}{where} {show(to_fraction(option['quantity']))} {unit.counted}{case}（{per}）"
    return f"{option['label']}{where}{case}：最多还能计 {show(to_fraction(option['most']))} {credit}，不足以补齐（{per}）"


class _Unit:
    """How n units of one kind are entered: `activities(n, category)` -> the activity dicts to add."""

    def __init__(self, kind, params, param=None, size=Fraction(1), day=None, most=None, label="项", counted="项",
                 case_text=""):
        self.kind, self.params, self.param, self.size, self.day, self.most = kind, params, param, size, day, most
        self.label, self.counted, self.case_text = label, counted, case_text

    def activities(self, n, category):
        if self.param is None:
            chunks = [None] * n
        else:
            amount, chunks = n * self.size, []
            each = self.most if self.most else amount
            while amount > 0:
                chunks.append(min(each, amount))
                amount -= chunks[-1]
        made = []
        for chunk in chunks:
            params = dict(self.params)
            if chunk is not None:
                params[self.param] = [to_json(self.day)] * int(chunk) if self.day is not None else to_json(chunk)
            activity = {"kind": self.kind["id"], "params": params, "name": "（补）" + self.kind["label"]}
            if category:
                activity["category"] = category
            made.append(activity)
        return made


def _unit(kind):
    """How to count units of a kind, or None when no parameters make it worth anything."""
    rule = kind["rule"]
    override = (rule.get("override") or {}).get("param")
    tried = cases(kind) or []
    tried = [case for case in tried if override is None or case.get(override) is None]
    if not tried:
        return None
    values = [evaluate(rule, case)[0] for case in tried]
    best = max(range(len(tried)), key=lambda i: values[i])
    if values[best] <= 0:
        return None
    case = tried[best]
    specs = {p["id"]: p for p in kind["params"]}
    params = {name: _json_param(value) for name, value in case.items() if value is not None}
    term = rule["terms"][0] if rule["kind"] == "rate" else None
    if term is None:
        names = [name for name in specs if specs[name]["type"] in ("enum", "boolean")]
        return _Unit(kind, params, case_text=show_case(kind, case, names))
    spec = specs[term["param"]]
    others = [name for name in specs if name != term["param"] and specs[name]["type"] in ("enum", "boolean")]
    text = show_case(kind, case, others)
    if spec["type"] == "per_day":
        day = case[term["param"]][0] if case[term["param"]] else None
        if day is None:
            return None
        return _Unit(kind, params, term["param"], day=day, most=spec.get("max_days"), label="天", counted="天",
                     case_text=(text + "，" if text else "") + f"每天 {show(day)} {spec['item'].get('unit', '')}")
    size = to_fraction(term.get("divisor", 1))
    step = to_fraction(spec["step"]) if spec.get("step") is not None else Fraction(1)
    size = max(size, step)
    most = to_fraction(spec["max"]) if spec.get("max") is not None else None
    label = spec.get("unit", "")
    shown = f"{show(size)} {label}" if size != 1 else label
    return _Unit(kind, params, term["param"], size=size, most=most and most - most % size, label=shown or "单位",
                 counted=label or "单位", case_text=text)


def _json_param(value):
    if isinstance(value, list):
        return [to_json(day) for day in value]
    if isinstance(value, Fraction):
        return to_json(value)
    return value
