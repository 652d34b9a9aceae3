"""Checking a person's record against a policy before scoring.

A record (format 1):
    {"format": 1, "policy": "zhejiang-tonglu-2018", "year": 2021,
     "activities": [{"kind": "face_training", "params": {"days": 2},
                     "category": "professional", "achievement": "", "name": ""}]}
Every problem becomes a RecordError whose message is Chinese and names the activity
(1-based, as users count) and the field, so no traceback ever reaches a user.
"""

import datetime

from .numbers import to_fraction

RECORD_FORMAT = 1


class RecordError(ValueError):
    """A record that cannot be scored; `message` is for users, `path` for programs."""

    def __init__(self, message, path=""):
        super().__init__(message)
        self.message = message
        self.path = path


def era_for_year(policy, year):
    for era in policy["eras"]:
        span = era["years"]
        if span.get("from") is not None and year < span["from"]:
            continue
        if span.get("to") is not None and year > span["to"]:
            continue
        return era
    return None


def covered_years_text(policy):
    spans = []
    for era in policy["eras"]:
        start, end = era["years"].get("from"), era["years"].get("to")
        spans.append(f"{start or ''}–{end or '至今'}")
    return "、".join(spans)


def check_year(policy, year, path="year"):
    if isinstance(year, bool) or not isinstance(year, int):
        raise RecordError(f"年度必须是整数年份，例如 2021，实际为 {year!r}", path)
    era = era_for_year(policy, year)
    if era is None:
        raise RecordError(
            f"政策「{policy['short_title']}」不适用于 {year} 年度（适用年度：{covered_years_text(policy)}）",
            path)
    return era


def check_record(policy, record):
    """Return (era, activities) with parameters read into exact numbers and defaults filled."""
    if not isinstance(record, dict):
        raise RecordError("记录必须是一个 JSON 对象")
    if record.get("policy") not in (None, policy["id"]):
        raise RecordError(f"记录属于政策「{record.get('policy')}」，不是「{policy['id']}」", "policy")
    era = check_year(policy, record.get("year"))
    items = record.get("activities", [])
    if not isinstance(items, list):
        raise RecordError("activities 必须是一个列表", "activities")
    return era, [check_activity(policy, era, item, index, record["year"]) for index, item in enumerate(items)]


def check_activity(policy, era, item, index, year):
    where = f"第 {index + 1} 项活动"
    path = f"activities[{index}]"
    if not isinstance(item, dict):
        raise RecordError(f"{where}：必须是一个对象", path)
    kind = next((kind for kind in era["activities"] if kind["id"] == item.get("kind")), None)
    if kind is None:
        known = "、".join(f"{k['id']}（{k['label']}）" for k in era["activities"])
        raise RecordError(f"{where}：未知的活动类型「{item.get('kind')}」，{era['label']}可用的类型：{known}",
                          f"{path}.kind")
    where = f"{where}（{kind['label']}）"
    params_in = item.get("params", {})
    if not isinstance(params_in, dict):
        raise RecordError(f"{where}：params 必须是一个对象", f"{path}.params")
    params = check_params(kind["params"], params_in, where, f"{path}.params")
    for limit in kind.get("limits", []):
        low, high = params.get(limit["param"]), params.get(limit["not_above"])
        if low is not None and high is not None and (low > high or (limit.get("strict") and low == high)):
            raise RecordError(f"{where}：{limit['message']}", f"{path}.params.{limit['param']}")
    spread = kind.get("spread")
    if spread and params[spread["from"]] is not None and params[spread["to"]] is not None:
        if not params[spread["from"]] <= year <= params[spread["to"]]:
            raise RecordError(f"{where}：{year} 年度不在该活动覆盖的年度（{params[spread['from']]}—"
                              f"{params[spread['to']]}）内", f"{path}.params.{spread['from']}")
    span = kind.get("years")
    if span and not (span.get("from", year) <= year <= span.get("to", year)):
        raise RecordError(f"{where}：{span['message']}", f"{path}.kind")
    return {
        "index": index,
        "kind": kind,
        "params": params,
        "category": _check_category(policy, kind, item.get("category"), where, f"{path}.category"),
        "achievement": _text(item.get("achievement"), where, "成果标识", f"{path}.achievement"),
        "name": _text(item.get("name"), where, "名称", f"{path}.name"),
        "date": _date(item.get("date"), year, where, f"{path}.date"),
    }


def check_params(specs, given, where, path):
    """Read declared parameters into exact numbers, filling defaults; reject undeclared ones."""
    declared = {param["id"]: param for param in specs}
    for name in given:
        if name not in declared:
            raise RecordError(f"{where}：没有名为「{name}」的参数", f"{path}.{name}")
    return {param["id"]: _check_param(param, given.get(param["id"]), where, f"{path}.{param['id']}")
            for param in specs}


def _date(value, year, where, path):
    """The day an activity ended (YYYY-MM-DD), used for registration deadlines; optional."""
    if value in (None, ""):
        return None
    try:
        day = datetime.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        day = None
    if day is None or len(value) != 10:
        raise RecordError(f"{where}：「结束日期」必须是 YYYY-MM-DD 格式的日期，实际为 {value!r}", path)
    if day.year != year:
        raise RecordError(f"{where}：「结束日期」{value} 不在 {year} 年度内", path)
    return value


def _text(value, where, label, path):
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RecordError(f"{where}：「{label}」必须是文字", path)
    return value.strip()


def _check_category(policy, kind, chosen, where, path):
    spec = kind["category"]
    if "choose" not in spec:
        if chosen not in (None, ""):
            fixed = spec.get("fixed")
            if chosen != fixed:
                raise RecordError(f"{where}：该活动的科目类别由政策规定，不能选择「{chosen}」", path)
        return spec.get("fixed")
    if chosen in (None, ""):
        return spec["default"]
    if chosen not in spec["choose"]:
        labels = {c["id"]: c["label"] for c in policy["categories"]}
        allowed = "、".join(f"{c}（{labels[c]}）" for c in spec["choose"])
        raise RecordError(f"{where}：科目类别「{chosen}」不可选，可选：{allowed}", path)
    return chosen


def _check_param(param, value, where, path):
    label = f"{where}：「{param['label']}」"
    if value is None or value == "":
        if "default" in param:
            value = param["default"]
        elif param.get("optional"):
            return None
        else:
            raise RecordError(f"{label}必须填写", path)
        if value is None:
            return None
    kind = param["type"]
    if kind == "boolean":
        if not isinstance(value, bool):
            raise RecordError(f"{label}必须是“是”或“否”（true/false），实际为 {value!r}", path)
        return value
    if kind == "enum":
        options = [option["value"] for option in param["options"]]
        if value not in options:
            shown = "、".join(f"{o['value']}（{o['label']}）" for o in param["options"])
            raise RecordError(f"{label}的取值「{value}」无效，可选：{shown}", path)
        return value
    if kind == "per_day":
        if not isinstance(value, list):
            raise RecordError(f"{label}必须是按天列出的数值列表，例如 [6, 8]", path)
        limit = param.get("max_days")
        if limit is not None and len(value) > limit:
            raise RecordError(f"{label}最多 {limit} 天，实际为 {len(value)} 天", path)
        return [_check_number(param["item"], day, f"{label}第 {n + 1} 天", f"{path}[{n}]")
                for n, day in enumerate(value)]
    return _check_number(param, value, label, path)


def _check_number(spec, value, label, path):
    if isinstance(value, bool):
        raise RecordError(f"{label}必须是数字，实际为 {value!r}", path)
    try:
        number = to_fraction(value)
    except (TypeError, ValueError, ZeroDivisionError):
        raise RecordError(f"{label}必须是数字，实际为 {value!r}", path) from None
    if spec["type"] == "integer" and number.denominator != 1:
        raise RecordError(f"{label}必须是整数，实际为 {value}", path)
    low, high = spec.get("min"), spec.get("max")
    if (low is not None and number < to_fraction(low)) or (high is not None and number > to_fraction(high)):
        bounds = f"{'' if low is None else low} 到 {'' if high is None else high}"
        raise RecordError(f"{label}必须在 {bounds} 之间，实际为 {value}", path)
    return number
