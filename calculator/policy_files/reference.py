"""The policy-language reference page, generated from schema/policy.schema.json.

Every field's `description` (and `x-values`, the meaning of each value of an enum) is the one source:
the page is written at build time (build_scripts/site_hooks.py publishes it as language.md), so it
cannot drift from what the compiler checks. `python -m calculator.policy_files.reference` prints it.
"""

import json
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SCHEMA = REPO / "schema" / "policy.schema.json"
PAGE = "language.md"

# The order and Chinese titles of the sections: blocks an editor writes, from the outside in.
SECTIONS = [
    ("era", "时期"), ("era_extension", "时期的继承（extends）"), ("requirement", "年度要求"),
    ("requirement_line", "一条要求"), ("activity", "活动类型"), ("category_spec", "计入的类别"),
    ("param", "参数"), ("rule", "计算规则"), ("when", "条件"), ("grid_axis", "表格的轴"),
    ("step_text", "步骤说明"), ("dedup", "去重"), ("cap", "合计上限"), ("pool", "抵扣池"),
    ("multi_year_check", "多年度核对"), ("deadline", "截止日期"), ("consequence", "后果"),
    ("revision", "政策文件的修订"), ("migration", "记录的转换（迁移）"),
    ("cited", "条款引用"), ("number", "数"), ("date", "日期"), ("id", "标识"), ("unit", "计量单位"),
]
TYPES = {"string": "文字", "integer": "整数", "number": "数", "boolean": "是/否", "object": "对象",
         "array": "列表", "null": "null"}


def load_schema():
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


def render(schema=None):
    schema = schema or load_schema()
    defs = schema["$defs"]
    missing = sorted(set(defs) - {name for name, _ in SECTIONS})
    if missing:
        raise ValueError(f"language_reference.SECTIONS misses schema definitions: {', '.join(missing)}")
    out = [
        "# 政策文件语言参考",
        "",
        "本页由 `schema/policy.schema.json` 中的说明（description）在构建网站时生成，与编译器的校验同出一源。"
        "一份政策文件是 `policies/<id>.yaml`，按本页的字段编写；"
        "`python -m calculator validate policies/<id>.yaml` 逐行检查。编写步骤见[如何新增一项政策](contributing.md)。",
        "",
        f"## 政策文件 {{#policy}}",
        "",
        _text(schema.get("description", "")),
        "",
    ]
    out += _block(schema, "policy", defs)
    for name, title in SECTIONS:
        node = defs[name]
        out += [f"## {title}（`{name}`） {{#{_anchor(name)}}}", ""]
        if node.get("description"):
            out += [_text(node["description"]), ""]
        out += _block(node, name, defs)
    return "\n".join(out).rstrip() + "\n"


def _block(node, path, defs):
    """The table of a node's fields, its conditional requirements, alternatives and nested objects."""
    out, nested = [], []
    properties = _properties(node, defs)
    if properties:
        required = _required(node, defs)
        out += ["| 字段 | 必填 | 取值 | 说明 |", "|---|---|---|---|"]
        for key, prop in properties.items():
            out.append(f"| `{key}` | {'是' if key in required else ''} | {_type(prop, defs)} | {_cell(prop, defs)} |")
            for inner, inner_path in _inline_objects(prop, f"{path}.{key}"):
                nested.append((inner, inner_path))
        out.append("")
    elif "properties" not in node and "oneOf" not in node:
        out += [f"取值：{_type(node, defs)}", ""]
        if isinstance(node.get("additionalProperties"), dict):
            nested += list(_inline_objects(node["additionalProperties"], f"{path}.*"))
    conditions = _conditions(node)
    if conditions:
        out += [f"- {line}" for line in conditions] + [""]
    for n, alternative in enumerate(node.get("oneOf", [])):
        if alternative.get("properties") and not alternative.get("$ref"):
            label = alternative.get("description") or f"写法 {n + 1}"
            out += [f"**{_text(label)}**", ""] + _block(alternative, path, defs)
    for inner, inner_path in nested:
        out += [f"### `{inner_path}` {{#{_anchor(inner_path)}}}", ""]
        if inner.get("description"):
            out += [_text(inner["description"]), ""]
        out += _block(inner, inner_path, defs)
    return out


def _properties(node, defs):
    found = {}
    for part in node.get("allOf", []):
        if "$ref" in part:
            found.update(_properties(_resolve(part["$ref"], defs), defs))
    for key, prop in node.get("properties", {}).items():
        if prop is True and key in found:
            continue
        found[key] = prop
    return found


def _required(node, defs):
    required = set(node.get("required", []))
    for part in node.get("allOf", []):
        if "$ref" in part:
            required |= _required(_resolve(part["$ref"], defs), defs)
        elif "if" not in part:
            required |= set(part.get("required", []))
    return required


def _conditions(node):
    lines = []
    for part in node.get("allOf", []):
        condition, then = part.get("if"), part.get("then")
        if not condition or not then or not then.get("required"):
            continue
        [(key, test)] = condition.get("properties", {}).items()
        values = [test["const"]] if "const" in test else test.get("enum", [])
        fields = "、".join(f"`{f}`" for f in then["required"])
        lines.append(f"`{key}` 为 {' 或 '.join(f'`{v}`' for v in values)} 时必填：{fields}")
    either = [field for choice in node.get("oneOf", []) if set(choice) == {"required"} for field in choice["required"]]
    if either:
        lines.append("须写其中之一（只写一个）：" + "、".join(f"`{f}`" for f in either))
    for key, needs in node.get("dependentRequired", {}).items():
        lines.append(f"写 `{key}` 时必须同时写：" + "、".join(f"`{f}`" for f in needs))
    return lines


def _inline_objects(prop, path):
    """Objects written inline (not a $ref) inside a field: they get a table of their own."""
    target = prop.get("items", prop) if isinstance(prop.get("items"), dict) else prop
    if "$ref" in target:
        return
    alternatives = [a.get("items", a) if isinstance(a.get("items"), dict) else a for a in target.get("oneOf", [])]
    alternatives = [a for a in alternatives if "$ref" not in a and a.get("properties")]
    if target.get("properties") or len(alternatives) > 1:
        yield target, path
    else:
        yield from ((alternative, path) for alternative in alternatives)


def _has_fields(node):
    return bool(node.get("properties")) or any(part.get("properties") for part in node.get("oneOf", []))


def _type(node, defs):
    if node is True:
        return ""
    if "$ref" in node:
        name = node["$ref"].split("/")[-1]
        if node["$ref"].startswith("#/$defs/") and node["$ref"].count("/") == 2:
            return f"[{name}](#{_anchor(name)})"
        return _type(_resolve(node["$ref"], defs), defs)
    if "const" in node:
        return f"`{node['const']}`"
    if "enum" in node:
        return " ".join(f"`{value}`" for value in node["enum"])
    if "oneOf" in node and not all(set(alternative) == {"required"} for alternative in node["oneOf"]):
        return " 或 ".join(_type(alternative, defs) or "对象" for alternative in node["oneOf"])
    kind = node.get("type")
    consts = [f"{key}: `{prop['const']}`" for key, prop in node.get("properties", {}).items()
              if isinstance(prop, dict) and "const" in prop]
    if consts:
        return f"对象（{'，'.join(consts)}）"
    if kind == "array":
        items = node.get("items")
        return "列表" + (f"，每项 {_type(items, defs)}" if isinstance(items, dict) and _type(items, defs) else "")
    if kind == "object" and isinstance(node.get("additionalProperties"), dict) and not node.get("properties"):
        return f"对象，{{键: {_type(node['additionalProperties'], defs) or '…'}}}"
    if isinstance(kind, list):
        return "、".join(TYPES.get(k, k) for k in kind)
    text = TYPES.get(kind, kind or "")
    if node.get("pattern"):
        text += f"（格式 `{node['pattern']}`）"
    return text


def description(node, defs):
    """A node's description; a field that refers to another field ($ref) shares its description."""
    if not isinstance(node, dict):
        return ""
    if not node.get("description") and node.get("$ref", "").count("/") > 2:
        return description(_resolve(node["$ref"], defs), defs)
    return node.get("description", "")


def _cell(prop, defs):
    if prop is True:
        return ""
    text = _text(description(prop, defs))
    values = prop.get("x-values") or (prop.get("items") or {}).get("x-values") or {}
    if values:
        text += "<br>" + "<br>".join(f"`{value}`：{_text(meaning)}" for value, meaning in values.items())
    return text.replace("|", "\\|")


def _text(text):
    """Keep `{…}` written in descriptions as code, so Markdown extensions leave it alone."""
    return re.sub(r"(?<!`)(\{[^{}`]*(?:\{[^{}`]*\}[^{}`]*)*\})(?!`)", r"`\1`", text)


def _anchor(path):
    return "lang-" + re.sub(r"[^a-z0-9]+", "-", path.lower().replace("*", "any")).strip("-")


def _resolve(ref, defs):
    node = {"$defs": defs}
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


def fields(schema=None):
    """Every (path, node) of a field in the schema, for the test that each has a description."""
    schema = schema or load_schema()

    def walk(node, path):
        if not isinstance(node, dict):
            return
        for key, prop in node.get("properties", {}).items():
            if isinstance(prop, dict):
                yield f"{path}/properties/{key}", prop
                yield from walk(prop, f"{path}/properties/{key}")
        for key in ("items", "additionalProperties"):
            if isinstance(node.get(key), dict):
                yield from walk(node[key], f"{path}/{key}")
        for key in ("oneOf", "allOf"):
            for n, part in enumerate(node.get(key, [])):
                yield from walk(part, f"{path}/{key}/{n}")

    yield from walk(schema, "")
    for name, node in schema["$defs"].items():
        yield f"/$defs/{name}", node
        yield from walk(node, f"/$defs/{name}")


if __name__ == "__main__":
    print(render(), end="")
