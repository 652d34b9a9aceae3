"""Compile policies/*.yaml into build/policies/<id>.json plus index.json
(`python -m calculator.policy_files`, run by build_scripts/build; the CLI's validate and a
policy given as a file path use the same functions through calculator.policy_files).

Loading keeps line numbers, leaves dates as strings and rejects duplicate keys; the result is
validated against schema/policy.schema.json, then checked for what a schema cannot say
(conditions naming real parameters, clauses really quoted from the notice, ...). Every problem
is reported as `file:line: path: message`, and any problem stops the build.
Output is byte-identical on every run (sorted keys, fixed formatting).
"""

import datetime
import hashlib
import json
import re
import sys
from pathlib import Path

from .. import migrations
from ..conditions import all_problems as all_condition_problems
from ..numbers import to_fraction
from ..rules import check as check_rule
from .base import REPO, PolicyError
from .clause_diff import explain_missing
from .extends import resolve_extends
from .schema_messages import schema_problems
from .yaml_file import load_yaml, show as _show

SCHEMA_PATH = REPO / "schema" / "policy.schema.json"
SOURCES = REPO / "policies" / "sources"


def _line(lines, where):
    where = tuple(where)
    while where not in lines and where:
        where = where[:-1]
    return lines.get(where, 1)


_validator = None


def _schema_validator():
    global _validator
    if _validator is None:
        from jsonschema import Draft202012Validator  # build time only, as PyYAML above
        _validator = Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    return _validator


def load_and_validate(path):
    """The policy with its eras resolved; raises PolicyError listing every problem of the file at once."""
    path = Path(path)
    data, lines = load_yaml(path)
    found = list(_schema_problems(data))
    # Eras written as `extends` another are resolved here (tolerantly), then checked again in full.
    written_with_extends = _has_extends(data)
    data, lines, extended = resolve_extends(data, lines)
    if extended or written_with_extends:
        found += extended + list(_schema_problems(data))
    found += _guarded(semantic_problems(data, path))
    located = sorted(dict.fromkeys((_line(lines, where), _show(where), message) for where, message in found),
                     key=lambda problem: problem[0])
    problems = [f"{path}:{line}: {where}: {message}" for line, where, message in located]
    if problems:
        raise PolicyError(problems)
    return data


def _has_extends(data):
    eras = data.get("eras") if isinstance(data, dict) else None
    return isinstance(eras, list) and any(isinstance(era, dict) and "extends" in era for era in eras)


def _schema_problems(data):
    return sorted(schema_problems(_schema_validator(), data), key=lambda problem: list(map(str, problem[0])))


def _guarded(problems):
    """Run a check over data that may be malformed: keep what it finds until it stumbles on data the
    schema problems already explain (so every problem of a file is reported in one pass)."""
    try:
        yield from problems
    except (KeyError, TypeError, AttributeError, IndexError, ValueError):
        return


def _list(value):
    return value if isinstance(value, list) else []


def _normalise(text):
    return re.sub(r"\s+", "", text)


def notice_path(policy_path, seed):
    """The notice beside the policy file (policies/sources/), else the project's own."""
    beside = Path(policy_path).parent / "sources" / seed
    return beside if beside.exists() else SOURCES / seed


def semantic_problems(policy, path):
    """What the schema cannot check; yields (path tuple, Chinese message)."""
    if not isinstance(policy, dict):
        return
    if isinstance(policy.get("id"), str) and path.stem != policy["id"]:
        yield ("id",), f"文件名应为 {policy['id']}.yaml"
    if isinstance(policy.get("seed"), str):
        seed = notice_path(path, policy["seed"])
        if seed.exists():
            notice = seed.read_text(encoding="utf-8")
            yield from _guarded(_quoted_clauses(policy, (), _normalise(notice), notice))
        else:
            yield ("seed",), f"找不到通知原文 {policy['seed']}（应放在 {path.parent / 'sources'}/ 下）"
    interpretation_ids = {item["id"] for item in _list(policy.get("interpretations")) if isinstance(item, dict)}
    category_ids = {item["id"] for item in _list(policy.get("categories")) if isinstance(item, dict)}
    for e, era in enumerate(_list(policy.get("eras"))):
        yield from _guarded(_era_problems(era, ("eras", e), category_ids, interpretation_ids))
    yield from _guarded(migrations.problems(policy))
    yield from _guarded(_deadline_problems(policy, interpretation_ids))
    yield from _date_problems(policy, ())
    yield from _guarded(_interpretation_refs(policy, interpretation_ids))


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MONTH_DAY = re.compile(r"[0-9]{2}-[0-9]{2}")


def _date_problems(node, where):
    """Every YYYY-MM-DD value (and a deadline's MM-DD `closes`) must be a day of the calendar (2018-02-30 is not)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "closes" and isinstance(value, str) and _MONTH_DAY.fullmatch(value):
                value = f"2000-{value}"  # a leap year: 02-29 is a real closing day
            yield from _date_problems(value, where + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _date_problems(value, where + (i,))
    elif isinstance(node, str) and _DATE.fullmatch(node):
        try:
            datetime.date.fromisoformat(node)
        except ValueError:
            shown = node[5:] if node.startswith("2000-") and where and where[-1] == "closes" else node
            yield where, f"「{shown}」不是日历上存在的日期"


def _deadline_problems(policy, interpretation_ids):
    """A deadline names real kinds and readings; every kind it names must be in some era."""
    kinds = {kind["id"] for era in _list(policy.get("eras")) for kind in era["activities"]}
    for d, deadline in enumerate(_list(policy.get("deadlines"))):
        for a, name in enumerate(deadline.get("activities", [])):
            if name not in kinds:
                yield ("deadlines", d, "activities", a), f"未知的活动类型「{name}」"
        for i, name in enumerate(deadline.get("interpretations", [])):
            if name not in interpretation_ids:
                yield ("deadlines", d, "interpretations", i), f"未定义的解释说明「{name}」"


def _interpretation_refs(policy, interpretation_ids):
    """`interpretations` of the effective clause, requirement lines, notes, rate terms and rows, adjustments
    and multi-year checks name defined readings (deadlines and activities: above)."""
    owners = [(("multi_year", m), item) for m, item in enumerate(_list(policy.get("multi_year")))]
    if isinstance(policy.get("effective"), dict):
        owners.append((("effective",), policy["effective"]))
    for e, era in enumerate(_list(policy.get("eras"))):
        requirement = era.get("requirement") or {}
        if requirement.get("total"):
            owners.append((("eras", e, "requirement", "total"), requirement["total"]))
        owners += [(("eras", e, "requirement", "groups", g), group) for g, group in enumerate(requirement.get("groups", []))]
        owners += [(("eras", e, "notes", n), note) for n, note in enumerate(_list(era.get("notes")))]
        for a, kind in enumerate(_list(era.get("activities"))):
            rule, at = kind.get("rule") or {}, ("eras", e, "activities", a, "rule")
            for t, term in enumerate(_list(rule.get("terms"))):
                owners.append((at + ("terms", t), term))
                owners += [(at + ("terms", t, "rate_rows", r), row) for r, row in enumerate(_list(term.get("rate_rows")))]
            owners += [(at + ("adjustments", j), item) for j, item in enumerate(_list(rule.get("adjustments")))]
    for at, owner in owners:
        for i, name in enumerate(owner.get("interpretations", [])):
            if name not in interpretation_ids:
                yield at + ("interpretations", i), f"未定义的解释说明「{name}」"


def _era_problems(era, at, category_ids, interpretation_ids):
    for c, cat in enumerate(era["categories"]):
        if cat not in category_ids:
            yield at + ("categories", c), f"未定义的科目类别「{cat}」"
    requirement = era.get("requirement") or {}
    for g, group in enumerate(requirement.get("groups", [])):
        for cat in group["categories"]:
            if cat not in era["categories"]:
                yield at + ("requirement", "groups", g), f"要求中的类别「{cat}」不属于该时期"
    kinds = {}
    for a, kind in enumerate(era["activities"]):
        where = at + ("activities", a)
        if kind["id"] in kinds:
            yield where + ("id",), f"重复的活动类型「{kind['id']}」"
        kinds[kind["id"]] = kind
        yield from _guarded(_activity_problems(kind, where, era, interpretation_ids))
    pools = {pool["id"]: pool for pool in era.get("pools", [])}
    for a, kind in enumerate(era["activities"]):
        pool = kind["category"].get("pool")
        if pool and (pool not in pools or kind["id"] not in pools[pool]["activities"]):
            yield at + ("activities", a, "category"), f"活动「{kind['id']}」属于抵扣池「{pool}」，但该池未列出它"
    for section in ("dedup", "caps", "pools"):
        for r, rule in enumerate(era.get(section, [])):
            for name in rule.get("activities", []):
                if name not in kinds:
                    yield at + (section, r), f"未知的活动类型「{name}」"
            for cat in rule.get("caps", {}):
                if cat not in era["categories"]:
                    yield at + (section, r, "caps"), f"未知的科目类别「{cat}」"
            if section == "pools":
                for name in rule["activities"]:
                    if name in kinds and kinds[name]["category"].get("pool") != rule["id"]:
                        yield at + (section, r), f"活动「{name}」的类别应为 {{pool: {rule['id']}}}"


def _quoted_clauses(node, where, source, notice):
    """Every `clause` must be quoted from the notice; '…' may join separate fragments."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "clause" and isinstance(value, str):
                for fragment in value.split("…"):
                    if _normalise(fragment) and _normalise(fragment) not in source:
                        yield where + (key,), explain_missing(fragment, notice)
            else:
                yield from _quoted_clauses(value, where + (key,), source, notice)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _quoted_clauses(value, where + (i,), source, notice)


def _activity_problems(kind, where, era, interpretation_ids):
    spec = kind["category"]
    for cat in spec.get("choose", []) + [c for c in [spec.get("fixed"), spec.get("default")] if c] + list(spec.get("split", {})) \
            + [case["category"] for case in spec.get("depends", [])]:
        if cat not in era["categories"]:
            yield where + ("category",), f"科目类别「{cat}」不属于该时期"
    declared = {param["id"]: param for param in kind["params"]}
    yield from all_condition_problems(spec.get("depends", []), declared, set(declared), where + ("category", "depends"))
    for i, name in enumerate(kind.get("interpretations", [])):
        if name not in interpretation_ids:
            yield where + ("interpretations", i), f"未定义的解释说明「{name}」"
    for p, param in enumerate(kind["params"]):
        if "default" in param and param["type"] == "enum" and param["default"] not in [o["value"] for o in param["options"]]:
            yield where + ("params",), f"参数「{param['id']}」的默认值不在选项中"
        for spec, at in ((param, ()), (param.get("item"), ("item",))):
            if spec and spec.get("min") is not None and spec.get("max") is not None \
                    and to_fraction(spec["min"]) > to_fraction(spec["max"]):
                yield where + ("params", p) + at, f"参数「{param['id']}」的下限 {spec['min']} 大于上限 {spec['max']}"
    for where_in_rule, message in check_rule(kind):
        yield where + ("rule",) + where_in_rule, message


def index_entry(policy):
    years = [era["years"] for era in policy["eras"]]
    return {
        "id": policy["id"],
        "title": policy["title"],
        "short_title": policy["short_title"],
        "document_number": policy["document_number"],
        "region": policy["region"],
        "covers": policy["covers"],
        "unit": policy["unit"],
        "issued": policy["issued"],
        "years": {"from": min(y["from"] for y in years),
                  "to": None if any("to" not in y for y in years) else max(y["to"] for y in years)},
    }


def policy_version(policy):
    """What a saved record keeps to know the policy file changed since: a hash of the compiled content;
    for people, the date of the latest revision (`revisions` in the policy file); and how many
    revisions there were, so that those made since a record was saved can be named as reasons."""
    revisions = policy.get("revisions", [])
    digest = hashlib.sha256(dump(policy).encode("utf-8")).hexdigest()[:16]
    return {"hash": digest, "date": max((r["date"] for r in revisions), default=None), "revisions": len(revisions)}


def compiled(policy):
    """The policy as written to build/policies/<id>.json: without the x- blocks kept for YAML anchors."""
    policy = {key: value for key, value in policy.items() if not key.startswith("x-")}
    policy["version"] = policy_version(policy)
    return policy


def dump(data):
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def compile_all(source_dir=REPO / "policies", out_dir=REPO / "build" / "policies"):
    source_dir, out_dir = Path(source_dir), Path(out_dir)
    problems, policies = [], []
    for path in sorted(source_dir.glob("*.yaml")):
        try:
            policies.append(load_and_validate(path))
        except PolicyError as error:
            problems.extend(error.problems)
    if problems:
        raise PolicyError(problems)
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.glob("*.json"):
        stale.unlink()
    for policy in map(compiled, policies):
        (out_dir / f"{policy['id']}.json").write_text(dump(policy), encoding="utf-8")
    index = {"format": 1, "policies": [index_entry(p) for p in policies]}
    (out_dir / "index.json").write_text(dump(index), encoding="utf-8")
    return policies


def main():
    try:
        policies = compile_all()
    except PolicyError as error:
        print("政策文件校验失败：", file=sys.stderr)
        print(error, file=sys.stderr)
        return 1
    print(f"compiled {len(policies)} policies into build/policies/")
    return 0
