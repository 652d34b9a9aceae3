"""JSON in, JSON out, never an exception: the entry point the browser worker calls."""

import json
import sys
import traceback
from functools import lru_cache

from .batch import summarise, to_csv
from .batch_job import BatchJob  # noqa: F401 — the batch page's worker calls api.BatchJob
from .deadlines import to_ics
from .engine import score
from .migrations import migrate
from .plan import plan
from .records import RecordError


class ParsedPolicy:
    """A policy parsed once (parse_policy), passed instead of its JSON text to score_json, plan_json and
    deadlines_ics. The worker keeps one per policy: in Pyodide each call's text (up to 90 KB) is copied
    from JavaScript into a new Python string, which then has to be hashed to find the parsed copy; that
    copying took about a third of the time of scoring the golden cases."""

    __slots__ = ("policy",)

    def __init__(self, policy_json):
        self.policy = _parsed(policy_json)


def parse_policy(policy_json):
    return ParsedPolicy(policy_json)


def _policy(policy):
    """The policy as data, from its JSON text or a ParsedPolicy."""
    return policy.policy if type(policy) is ParsedPolicy else _parsed(policy)


@lru_cache(maxsize=8)
def _parsed(policy_json):
    """The parsed policy, kept by its JSON text: a page sends the same policy with every edit, and
    parsing it (hundreds of KB) cost more than scoring. The engine never changes a policy it is given
    (tests/test_api.py checks this on every golden case), so one parsed copy serves every call."""
    return json.loads(policy_json)


def score_json(policy_json, record_json):
    """Score with `lenient=True`, so a bad field marks its activity and the rest still computes.

    Returns {"ok": true, "result": ...} (with "record", the record migrated to today's names, when the
    policy file's revisions changed it: result["migrations"], present only then, says what) or {"ok": false, "error": <Chinese message>, "path": ...}.
    """
    try:
        policy = _policy(policy_json)
        record = json.loads(record_json)
        result = score(policy, record, lenient=True)
    except RecordError as error:
        return json.dumps({"ok": False, "error": error.message, "path": error.path}, ensure_ascii=False)
    except json.JSONDecodeError as error:
        return json.dumps({"ok": False, "error": f"记录不是有效的 JSON（第 {error.lineno} 行第 {error.colno} 列）",
                           "path": ""}, ensure_ascii=False)
    except (ValueError, RecursionError):  # 4,300+ digit integers, nesting deeper than the parser goes
        return json.dumps({"ok": False, "error": "记录中有位数过多的数字或嵌套层数过多，不是有效的记录",
                           "path": ""}, ensure_ascii=False)
    except Exception as error:  # noqa: BLE001 — the UI never shows a traceback; the worker's console does
        return _internal(error, {"path": ""})
    answer = {"ok": True, "result": result}
    if result.get("migrations"):  # the record under today's names, for the page to keep
        answer["record"] = migrate(policy, record)[0]
    return json.dumps(answer, ensure_ascii=False)


def plan_json(policy_json, record_json, year=None):
    """怎么补 for one year of the record (default: its last): {"ok": true, "plan": plan.plan(...)} or an error as score_json."""
    try:
        answer = {"ok": True, "plan": plan(_policy(policy_json), json.loads(record_json), year)}
    except RecordError as error:
        return json.dumps({"ok": False, "error": error.message, "path": error.path}, ensure_ascii=False)
    except (ValueError, RecursionError):
        return json.dumps({"ok": False, "error": "记录不是有效的 JSON", "path": ""}, ensure_ascii=False)
    except Exception as error:  # noqa: BLE001 — the UI never shows a traceback; the worker's console does
        return _internal(error, {"path": ""})
    return json.dumps(answer, ensure_ascii=False)


def _internal(error, fields):
    """A fault of the engine itself: the traceback to the console (developers), a sentence to the page."""
    traceback.print_exc(file=sys.stderr)
    return json.dumps({"ok": False, "error": f"计算器内部出错（{type(error).__name__}），这不是您输入的问题，"
                                             f"请把记录导出后报告给我们", **fields}, ensure_ascii=False)


def deadlines_ics(policy_json, record_json):
    """The record's registration deadlines as an iCalendar file ("" when there are none or on error)."""
    try:
        policy = _policy(policy_json)
        deadlines = score(policy, json.loads(record_json), lenient=True)["deadlines"]  # a bad activity has none
    except (RecordError, ValueError, RecursionError):  # score_json reports what is wrong with the record
        return ""
    except Exception:  # noqa: BLE001 — the page shows no traceback; the worker's console does
        traceback.print_exc(file=sys.stderr)
        return ""
    return to_ics(deadlines, policy) if deadlines else ""


def batch_csv(policy_json, named_records_json):
    """[[label, record], ...] -> {"ok": true, "table": ..., "csv": ...}; errors per row, never raised."""
    try:
        policy = json.loads(policy_json)
        named = [_named(n, entry) for n, entry in enumerate(json.loads(named_records_json))]
        table = summarise(policy, named)
    except (ValueError, TypeError, RecursionError):  # not a list of [label, record] pairs
        return json.dumps({"ok": False, "error": "无法汇总：传入的不是「[名称, 记录]」的列表"}, ensure_ascii=False)
    except Exception as error:  # noqa: BLE001 — the UI never shows a traceback; the worker's console does
        return _internal(error, {})
    return json.dumps({"ok": True, "table": table, "csv": to_csv(table)}, ensure_ascii=False)



def _named(position, entry):
    """One [label, record] pair; anything else becomes a row saying what is wrong with it."""
    if isinstance(entry, list) and len(entry) == 2:
        return str(entry[0]), entry[1]
    return f"第 {position + 1} 份", RecordError("不是「名称 + 记录」的一对，无法读取")
