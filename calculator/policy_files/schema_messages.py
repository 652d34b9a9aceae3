"""Schema problems of a policy file in Chinese, each at the field it concerns, with the fix.

jsonschema's own messages are English and, for a `oneOf`, name the whole block
(`'public_general' is not of type 'object'`). Here each error is followed down to the alternative
the author evidently meant, and said in Chinese: a missing field with what it is for (its schema
description), an unknown field or value with the nearest known one, the common mistakes with the
way to write it.
"""

import difflib
import re

from .reference import description

TYPES = {"string": "文字", "integer": "整数", "number": "数", "boolean": "true 或 false", "object": "对象（键: 值）",
         "array": "列表", "null": "null"}
PATTERNS = {
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "日期应写成带引号的 \"YYYY-MM-DD\"，如 \"2018-03-29\"",
    "^[a-z][a-z0-9_-]*$": "标识只能用小写字母、数字、下划线和连字符，并以小写字母开头",
    "^[a-z]+(-[a-z0-9]+)+$": "政策 id 写成 省-市（县）-年份 的小写拼音，如 zhejiang-tonglu-2018",
    "^[0-9]{3}_[0-9a-f]+\\.txt$": "通知原文的文件名形如 005_<十六进制字符>.txt，放在 policies/sources/ 下",
    "^(0[1-9]|1[0-2])-[0-3][0-9]$": "写成带引号的 \"MM-DD\"，如 \"12-30\"",
    "^-?[0-9]+(\\.[0-9]+)?(/[0-9]+)?$": "数要用阿拉伯数字写，如 60、0.5，或带引号的分数 \"10/3\"",
}
CATEGORY_FORMS = ("{fixed: 类别}、{choose: [类别…], default: 类别}、{split: {类别: 数}}、{pool: 抵扣池} "
                  "或 {depends: [{when: 条件, category: 类别}], default: 类别}")


def schema_problems(validator, data):
    """Yield (path tuple, Chinese message) for every schema error of `data`."""
    root = validator.schema
    for error in validator.iter_errors(data):
        leaf = _leaf(error, root)
        where = tuple(leaf.absolute_path)
        if leaf.validator == "additionalProperties" and isinstance(leaf.instance, dict):
            for key in _unknown_keys(leaf):  # each at its own line
                yield where + (key,), "不符合 schema：" + _unknown(key, leaf.schema)
        else:
            yield where, "不符合 schema：" + message(leaf, root)


def _leaf(error, root):
    """Follow a oneOf/anyOf error into the alternative that fits the value best."""
    if error.validator not in ("oneOf", "anyOf") or not error.context or _is_category(error, root):
        return error
    by_alternative = {}
    for sub in error.context:
        by_alternative.setdefault(sub.schema_path[0], []).append(sub)
    here = len(error.absolute_path)

    def wrong_type(errors):
        return any(e.validator in ("type", "const") and len(e.absolute_path) == here for e in errors)

    candidates = [errs for errs in by_alternative.values() if not wrong_type(errs)] or list(by_alternative.values())
    if len(candidates) > 1 and all(len(errs) == 1 and errs[0].validator == "required" and len(errs[0].absolute_path) == here
                                   for errs in candidates):
        return error  # "write one of …": said as a whole
    best = max(candidates, key=lambda errs: (max(len(e.absolute_path) for e in errs), -len(errs)))
    deepest = max(best, key=lambda e: len(e.absolute_path))
    return _leaf(deepest, root)


def _is_category(error, root):
    return error.schema is root["$defs"].get("category_spec")


def message(error, root):
    v, instance, schema = error.validator, error.instance, error.schema
    if v == "oneOf" and _is_category(error, root):
        if isinstance(instance, str):
            return f"科目类别要写成对象：{{fixed: {instance}}}（固定计入该类别），不能直接写类别 id；可用的写法：{CATEGORY_FORMS}"
        return f"科目类别的写法不对，可用的写法：{CATEGORY_FORMS}"
    if v in ("oneOf", "anyOf"):
        fields = [sub.validator_value[0] for sub in error.context if sub.validator == "required"]
        if fields:
            return "须写其中之一（只写一个）：" + "、".join(f"「{f}」" for f in dict.fromkeys(fields))
        return "不符合任何一种可用的写法：" + "；".join(message(sub, root) for sub in error.context[:3])
    if v == "required":
        missing = [name for name in error.validator_value if not isinstance(instance, dict) or name not in instance]
        parts = []
        for name in missing:
            owner = _conditions(root).get(id(schema), (None, schema))[1]
            meaning = description(_field(schema, name, root) or _field(owner, name, root), root["$defs"])
            parts.append(f"「{name}」" + (f"（{meaning}）" if meaning else ""))
        return "缺少必填字段" + "、".join(parts) + _condition(error, root) + _hint_for_missing(missing)
    if v == "additionalProperties":
        return "；".join(_unknown(key, schema) for key in _unknown_keys(error))
    if v == "type":
        expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        text = f"应为{'或'.join(TYPES.get(t, t) for t in expected)}，实际写的是 {_show(instance)}"
        if "array" in expected and not isinstance(instance, list):
            text += f"；列表写成 [{_show(instance)}] 或每项一行以「- 」开头"
        if "object" in expected and isinstance(instance, str):
            text += "；对象写成 {键: 值}"
        return text
    if v in ("enum", "const"):
        allowed = error.validator_value if v == "enum" else [error.validator_value]
        return f"取值「{instance}」无效" + _nearest(str(instance), [str(a) for a in allowed]) + \
            f"，可选：{'、'.join(map(str, allowed))}"
    if v == "pattern":
        return f"「{instance}」的格式不对：" + PATTERNS.get(error.validator_value, f"应符合 {error.validator_value}")
    if v == "minItems":
        return f"至少要有 {error.validator_value} 项" + ("（没有就写 []，不要写空列表以外的内容）" if not instance else "")
    if v == "minLength":
        return f"至少 {error.validator_value} 个字"
    if v == "minimum":
        return f"不能小于 {error.validator_value}，实际为 {instance}"
    if v == "maximum":
        return f"不能大于 {error.validator_value}，实际为 {instance}"
    if v == "minProperties":
        return f"至少要写 {error.validator_value} 个键"
    if v == "dependentRequired":
        return f"写了某些字段时必须同时写：{error.message}"
    return error.message


def _unknown_keys(error):
    schema = error.schema
    return [key for key in error.instance if key not in schema.get("properties", {})
            and not any(re.search(pattern, key) for pattern in schema.get("patternProperties", {}))]


def _unknown(key, schema):
    known = list(schema.get("properties", {}))
    return f"不认识的字段「{key}」" + _nearest(key, known) + (f"。可用的字段：{'、'.join(known)}" if known else "")


def _field(schema, name, root):
    """The schema of field `name` of an object schema, looking into `allOf: [{$ref: …}]` too."""
    found = schema.get("properties", {}).get(name)
    if isinstance(found, dict):
        return found
    for part in schema.get("allOf", []):
        if "$ref" in part:
            target = root
            for step in part["$ref"].removeprefix("#/").split("/"):
                target = target[step]
            inner = _field(target, name, root)
            if inner:
                return inner
    return None


def _condition(error, root):
    """'（kind 为 fixed 时必填）' for a requirement stated in an if/then of the schema."""
    condition = _conditions(root).get(id(error.schema), ({}, None))[0].get("properties", {})
    parts = []
    for key, test in condition.items():
        values = [test["const"]] if "const" in test else test.get("enum", [])
        parts.append(f"{key} 为 {' 或 '.join(map(str, values))}")
    return f"（{'，'.join(parts)} 时必填）" if parts else ""


_found_conditions = {}


def _conditions(root):
    """id of each `then` of the schema -> (its `if`, the object schema it belongs to)."""
    if id(root) not in _found_conditions:
        found = {}
        for node in nodes(root):
            if isinstance(node.get("then"), dict) and isinstance(node.get("if"), dict):
                found.setdefault(id(node["then"]), (node["if"], node))
            for part in node.get("allOf", []) if isinstance(node.get("allOf"), list) else []:
                if isinstance(part, dict) and isinstance(part.get("then"), dict) and isinstance(part.get("if"), dict):
                    found[id(part["then"])] = (part["if"], node)
        _found_conditions[id(root)] = found
    return _found_conditions[id(root)]


def nodes(schema):
    """Every object of a schema, outermost first."""
    if isinstance(schema, dict):
        yield schema
        schema = list(schema.values())
    if isinstance(schema, list):
        for value in schema:
            yield from nodes(value)


def _hint_for_missing(missing):
    if "params" in missing:
        return "；没有需要填写的参数时写 params: []"
    if "activities" in missing:
        return "；在 extends 的时期中，也要列出本时期的活动（至少写 - id: 活动）"
    return ""


def _nearest(value, known):
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    return f"（是否想写「{close[0]}」？）" if close else ""


def _show(value):
    if isinstance(value, str):
        return f"「{value}」"
    if isinstance(value, (dict, list)):
        text = str(value)
        return text if len(text) <= 40 else text[:40] + "…"
    return str(value).lower() if isinstance(value, bool) else str(value)
