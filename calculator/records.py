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
import functools
import json

from .conditions import matches
from .memo import derived
from .values import Invalid, read_param, shown

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

    A path is spelt out only for a message: each entry is (value, parent entry, key, depth, in a list).
    A record with nothing wrong (_sound) is not walked again."""
    if _sound(data):
        return
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


def _sound(data):
    """True when no text in `data` (keys included) has a lone surrogate and nothing nests deeper than
    MAX_DEPTH: one level at a time, every text encoded at once at the end (in Pyodide a C call, such as
    one encode per text, costs several times what it does in CPython). False says "walk it to see"."""
    texts, level = [], [data]
    for _ in range(MAX_DEPTH + 1):
        below = []
        for value in level:
            kind = type(value)
            if kind is str:
                texts.append(value)
            elif kind is dict:
                texts.extend(value)
                below.extend(value.values())
            elif kind is list:
                below.extend(value)
            elif kind is int or kind is bool or value is None or kind is float:
                pass
            elif isinstance(value, (str, dict, list)):
                return False
        if not below:
            try:
                "".join(texts).encode("utf-8")  # a key that is not text: TypeError, the walk decides
            except (UnicodeEncodeError, TypeError):
                return False
            return True
        level = below
    return False


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
    if type(item) is not dict and not isinstance(item, dict):
        raise RecordError(f"第 {index + 1} 项活动：必须是一个对象", f"activities[{index}]")
    if not _ACTIVITY_KEYSET.issuperset(item):
        check_keys(item, ACTIVITY_KEYS, f"第 {index + 1} 项活动", f"activities[{index}]")
    given = item.get("kind")
    kind, declared = (derived(_kinds_by_id, era["activities"]).get(given, _UNKNOWN) if type(given) is str
                      else (next((kind for kind in era["activities"] if kind["id"] == given), None), None))
    if kind is None:
        known = "、".join(f"{k['id']}（{k['label']}）" for k in era["activities"])
        raise RecordError(f"第 {index + 1} 项活动：未知的活动类型「{given if isinstance(given, str) else shown(given)}」，"
                          f"{era['label']}可用的类型：{known}", f"activities[{index}].kind")
    where, path = _names(index, kind["label"])  # made once per index and kind: f-strings cost in Pyodide
    params_in = item.get("params", {})
    if type(params_in) is not dict and not isinstance(params_in, dict):
        raise RecordError(f"{where}：params 必须是一个对象", f"{path}.params")
    params = check_params(kind["params"], params_in, where, f"{path}.params", declared)
    for limit in kind.get("limits", ()):
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
        "category": _check_category(policy, kind, item.get("category"), where, path, params),
        "achievement": _text(item.get("achievement"), where, "成果标识", path, "achievement"),
        "name": _text(item.get("name"), where, "名称", path, "name"),
        "date": _date(item.get("date"), year, where, path),
    }


_ACTIVITY_KEYSET = frozenset(ACTIVITY_KEYS)


def _kinds_by_id(kinds):
    """An era's activity kinds by id (the first of an id, as a search in order finds it), each with its
    parameters by id."""
    found = {}
    for kind in kinds:
        found.setdefault(kind["id"], (kind, _params_by_id(kind["params"])))
    return found


_UNKNOWN = (None, None)


@functools.lru_cache(maxsize=4096)
def _names(index, label):
    """(「第 n 项活动（label）」, "activities[n]"): how messages name an activity and where it is."""
    return f"第 {index + 1} 项活动（{label}）", f"activities[{index}]"


def check_params(specs, given, where, path, declared=None):
    """Read declared parameters into exact numbers, filling defaults; reject undeclared ones.
    `declared`: the specs by id, if the caller has them."""
    declared = declared or _params_by_id(specs)
    for name in given:
        if name not in declared:
            close = difflib.get_close_matches(name, list(declared), n=1, cutoff=0.6)
            hint = f"，是否应为「{close[0]}」？" if close else ""
            raise RecordError(f"{where}：没有名为「{name}」的参数{hint}", f"{path}.{name}")
    read = {}
    for param in specs:
        try:
            read[param["id"]] = read_param(param, given.get(param["id"]))
        except Invalid as invalid:  # the message and path are made only now
            text, below = invalid.args
            raise RecordError(f"{where}：「{param['label']}」{text}", f"{path}.{param['id']}{below}") from None
    return read


def _params_by_id(specs):
    return {param["id"]: param for param in specs}


def _date(value, year, where, path):
    """The day an activity ended (YYYY-MM-DD), used for registration deadlines; optional."""
    if value is None or value == "":
        return None
    day = _day(value) if type(value) is str else None
    if day is None or len(value) != 10:
        raise RecordError(f"{where}：「结束日期」必须是 YYYY-MM-DD 格式的日期，实际为 {shown(value)}", f"{path}.date")
    if day.year != year:
        raise RecordError(f"{where}：「结束日期」{value} 不在 {year} 年度内", f"{path}.date")
    return value


@functools.lru_cache(maxsize=4096)
def _day(text):
    """A date's text read (None if it is none); a record repeats a few dates many times."""
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def _text(value, where, label, path, key):
    if value is None:
        return ""
    if type(value) is not str and not isinstance(value, str):
        raise RecordError(f"{where}：「{label}」必须是文字", f"{path}.{key}")
    return value.strip()


def _check_category(policy, kind, chosen, where, path, params):
    spec = kind["category"]
    if "choose" not in spec:
        if chosen not in (None, ""):
            fixed = category_by_params(spec, params) if "depends" in spec else spec.get("fixed")
            if chosen != fixed:
                raise RecordError(f"{where}：该活动的科目类别由政策规定，不能选择「{chosen}」", f"{path}.category")
        return category_by_params(spec, params) if "depends" in spec else spec.get("fixed")
    if chosen in (None, ""):
        return spec["default"]
    if chosen not in spec["choose"]:
        labels = {c["id"]: c["label"] for c in policy["categories"]}
        allowed = "、".join(f"{c}（{labels[c]}）" for c in spec["choose"])
        raise RecordError(f"{where}：科目类别「{chosen}」不可选，可选：{allowed}", f"{path}.category")
    return chosen


def category_by_params(spec, params):
    """{depends: [{when, category}…], default}: the first case whose condition holds (学历教育: 专业相关 → 专业科目)."""
    return next((case["category"] for case in spec["depends"] if matches(case["when"], params)), spec["default"])
