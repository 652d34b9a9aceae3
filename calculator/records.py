"""Checking a person's record against a policy before scoring.

A record (format 1):
    {"format": 1, "policy": "zhejiang-tonglu-2018", "year": 2021,
     "activities": [{"kind": "face_training", "params": {"days": 2},
                     "category": "professional", "achievement": "", "name": ""}]}
Every problem becomes a RecordError whose message is Chinese and names the activity
(1-based, as users count) and the field, so no traceback ever reaches a user.
"""

import datetime
import difflib
import json

from .conditions import matches
from .numbers import from_input, less, to_fraction

RECORD_FORMAT = 1
# The fields schema/record.schema.json allows (additionalProperties: false at every level);
# tests/test_record_strict.py keeps these lists equal to the schema's.
RECORD_KEYS = ("format", "policy", "year", "activities", "years", "target_year", "person",
               "policy_version", "saved_totals")  # the last two: kept by the page, not read here
YEAR_KEYS = ("year", "activities")
ACTIVITY_KEYS = ("kind", "params", "category", "name", "achievement", "date")
YEARS = (1990, 2100)  # schema/record.schema.json $defs/year
MAX_DEPTH = 64  # no valid record nests deeper than 6; bounds every walk over user input


class RecordError(ValueError):
    """A record that cannot be scored; `message` is for users, `path` for programs."""

    def __init__(self, message, path=""):
        super().__init__(message)
        self.message = message
        self.path = path


def shown(value, limit=40):
    """A user's value quoted in a message: short, and printable even if it holds a lone surrogate."""
    text = repr(value).encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= limit else text[:limit] + "…"


def check_keys(given, allowed, where, path):
    """Every key of `given` must be one of `allowed`; name the closest valid key when one is near."""
    for key in given:
        if key in allowed:
            continue
        name = shown(key)[1:-1] if isinstance(key, str) else shown(key)
        close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
        hint = f"是否应为「{close[0]}」？" if close else f"可用的字段：{'、'.join(allowed)}"
        prefix = f"{where}：" if where else ""
        raise RecordError(f"{prefix}「{name}」不是记录的字段，{hint}", f"{path}.{name}" if path else name)


def check_shape(record):
    """What every record must be before any year is scored, in every mode (also lenient)."""
    if not isinstance(record, dict):
        raise RecordError("记录必须是一个 JSON 对象")
    _check_strings(record)
    check_keys(record, RECORD_KEYS, "", "")
    if "years" in record and ("year" in record or "activities" in record):
        both = "、".join(key for key in ("year", "activities") if key in record)
        raise RecordError(f"记录不能同时有 years 和 {both}：多年度记录的每个年度写在 years 里", "years")
    if "years" not in record and "year" not in record:
        raise RecordError("记录必须写明年度 year（一个年度）或 years（多个年度）", "year")
    if "activities" in record:
        check_activities_list(record["activities"], "", "activities")


def check_activities_list(items, where, path):
    if not isinstance(items, list):
        raise RecordError(f"{where}activities 必须是一个列表（没有活动时写 []），实际为 {shown(items)}", path)


def _check_strings(data):
    """Reject text that cannot be written out (a lone surrogate such as "\\ud800") and absurd nesting.

    A path is spelt out only for a message: each entry is (value, parent entry, key, depth, in a list)."""
    stack = [(data, None, None, 0, False)]
    while stack:
        entry = stack.pop()
        value, depth = entry[0], entry[3]
        if depth > MAX_DEPTH:
            path = _path_of(entry)
            raise RecordError(f"记录嵌套过深（超过 {MAX_DEPTH} 层）：{path or '记录'}", path)
        kind = type(value)  # JSON's own types by identity (fast in Pyodide); anything else by isinstance
        if kind is str:
            _check_text(value, entry)
        elif kind is dict or (kind is not list and isinstance(value, dict)):
            for key, inner in value.items():
                _check_text(key, entry)
                stack.append((inner, entry, key, depth + 1, False))
        elif kind is list or isinstance(value, list):
            stack.extend((inner, entry, n, depth + 1, True) for n, inner in enumerate(value))
        elif isinstance(value, str):
            _check_text(value, entry)


def _path_of(entry):
    """"a.b[2].c": where a _check_strings entry sits in the record."""
    entries = []
    while entry[1] is not None:
        entries.append(entry)
        entry = entry[1]
    path = ""
    for _, _, key, _, in_list in reversed(entries):
        path = f"{path}[{key}]" if in_list else (f"{path}.{key}" if path else str(key))
    return path


def _check_text(value, entry):
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            path = _path_of(entry)
            raise RecordError(f"记录的 {path or '内容'} 中有无法保存的字符（孤立的代理项），实际为 {shown(value)}",
                              path) from None


def record_from_text(text, name):
    """Parse a record's JSON text; every failure is a RecordError naming `name` (e.g. 「记录文件 a.json」)."""
    if not text.strip():
        raise RecordError(f"{name} 是空的")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise RecordError(f"{name} 第 {error.lineno} 行第 {error.colno} 列不是有效的 JSON：{error.msg}") from None
    except ValueError:  # an integer of more than 4,300 digits (CPython's int_max_str_digits)
        raise RecordError(f"{name} 中有位数过多的数字，不是有效的记录") from None
    except RecursionError:
        raise RecordError(f"{name} 嵌套层数过多，不是有效的记录") from None


def record_from_bytes(data, name):
    """A record file's bytes: UTF-8 with or without a BOM, or GBK (Chinese Windows Notepad and Excel)."""
    from .sheets.decode import NotText, decode_bytes
    try:
        text = decode_bytes(data, name)
    except NotText as error:
        raise RecordError(str(error)) from None
    return record_from_text(text, name)


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
    year = check_year_number(year, "年度", path)
    era = era_for_year(policy, year)
    if era is None:
        raise RecordError(
            f"政策「{policy['short_title']}」不适用于 {year} 年度（适用年度：{covered_years_text(policy)}）",
            path)
    return era


def check_year_number(year, label, path):
    """An integer year within the schema's range (1990—2100)."""
    if isinstance(year, bool) or not isinstance(year, int):
        raise RecordError(f"{label}必须是整数年份，例如 2021，实际为 {shown(year)}", path)
    if not YEARS[0] <= year <= YEARS[1]:
        raise RecordError(f"{label}必须在 {YEARS[0]}—{YEARS[1]} 之间，实际为 {shown(year)}", path)
    return year


def check_owner(policy, record):
    """A record of the right shape that belongs to this policy (or names none)."""
    check_shape(record)
    if record.get("policy") not in (None, policy["id"]):
        raise RecordError(f"记录属于政策「{shown(record.get('policy'))[1:-1]}」，不是「{policy['id']}」", "policy")


def check_record(policy, record):
    """Return (era, activities) with parameters read into exact numbers and defaults filled.

    The record's shape and owner were checked once by engine.score (check_owner), not again per year."""
    era = check_year(policy, record.get("year"))
    items = record.get("activities", [])
    return era, [check_activity(policy, era, item, index, record["year"]) for index, item in enumerate(items)]


def check_activity(policy, era, item, index, year):
    where = f"第 {index + 1} 项活动"
    path = f"activities[{index}]"
    if not isinstance(item, dict):
        raise RecordError(f"{where}：必须是一个对象", path)
    check_keys(item, ACTIVITY_KEYS, where, path)
    kind = next((kind for kind in era["activities"] if kind["id"] == item.get("kind")), None)
    if kind is None:
        known = "、".join(f"{k['id']}（{k['label']}）" for k in era["activities"])
        given = item.get("kind")
        raise RecordError(f"{where}：未知的活动类型「{given if isinstance(given, str) else shown(given)}」，"
                          f"{era['label']}可用的类型：{known}", f"{path}.kind")
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
        "category": _check_category(policy, kind, item.get("category"), where, f"{path}.category", params),
        "achievement": _text(item.get("achievement"), where, "成果标识", f"{path}.achievement"),
        "name": _text(item.get("name"), where, "名称", f"{path}.name"),
        "date": _date(item.get("date"), year, where, f"{path}.date"),
    }


def check_params(specs, given, where, path):
    """Read declared parameters into exact numbers, filling defaults; reject undeclared ones."""
    declared = {param["id"]: param for param in specs}
    for name in given:
        if name not in declared:
            close = difflib.get_close_matches(name, list(declared), n=1, cutoff=0.6)
            hint = f"，是否应为「{close[0]}」？" if close else ""
            raise RecordError(f"{where}：没有名为「{name}」的参数{hint}", f"{path}.{name}")
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
        raise RecordError(f"{where}：「结束日期」必须是 YYYY-MM-DD 格式的日期，实际为 {shown(value)}", path)
    if day.year != year:
        raise RecordError(f"{where}：「结束日期」{value} 不在 {year} 年度内", path)
    return value


def _text(value, where, label, path):
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RecordError(f"{where}：「{label}」必须是文字", path)
    return value.strip()


def _check_category(policy, kind, chosen, where, path, params):
    spec = kind["category"]
    if "choose" not in spec:
        if chosen not in (None, ""):
            fixed = category_by_params(spec, params) if "depends" in spec else spec.get("fixed")
            if chosen != fixed:
                raise RecordError(f"{where}：该活动的科目类别由政策规定，不能选择「{chosen}」", path)
        return category_by_params(spec, params) if "depends" in spec else spec.get("fixed")
    if chosen in (None, ""):
        return spec["default"]
    if chosen not in spec["choose"]:
        labels = {c["id"]: c["label"] for c in policy["categories"]}
        allowed = "、".join(f"{c}（{labels[c]}）" for c in spec["choose"])
        raise RecordError(f"{where}：科目类别「{chosen}」不可选，可选：{allowed}", path)
    return chosen


def category_by_params(spec, params):
    """{depends: [{when, category}…], default}: the first case whose condition holds (学历教育: 专业相关 → 专业科目)."""
    return next((case["category"] for case in spec["depends"] if matches(case["when"], params)), spec["default"])


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
            raise RecordError(f"{label}必须是“是”或“否”（true/false），实际为 {shown(value)}", path)
        return value
    if kind == "enum":
        options = [option["value"] for option in param["options"]]
        if value not in options:
            allowed = "、".join(f"{o['value']}（{o['label']}）" for o in param["options"])
            raise RecordError(f"{label}的取值「{str(value)[:40]}」无效，可选：{allowed}", path)
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


def _bound(value):
    """A policy's min or max: ints compare with Fractions as they are, text ("1/3") is read (cached)."""
    return value if value is None or type(value) is int or isinstance(value, int) else to_fraction(value)


def _check_number(spec, value, label, path):
    if value is True or value is False:
        raise RecordError(f"{label}必须是数字，实际为 {shown(value)}", path)
    try:
        number = from_input(value)
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        raise RecordError(f"{label}必须是数字（如 2 或 2.5），实际为 {shown(value)}", path) from None
    if spec["type"] == "integer" and number.denominator != 1:
        raise RecordError(f"{label}必须是整数，实际为 {shown(value)}", path)
    low, high = _bound(spec.get("min")), _bound(spec.get("max"))
    if (low is not None and less(number, low)) or (high is not None and less(high, number)):
        bounds = f"{spec.get('min', '')} 到 {spec.get('max', '')}"
        raise RecordError(f"{label}必须在 {bounds} 之间，实际为 {shown(value)}", path)
    step = spec.get("step")
    if step is not None and (number - (low or 0)) % to_fraction(step):
        raise RecordError(f"{label}必须是 {step} 的整数倍，实际为 {shown(value)}", path)
    return number
