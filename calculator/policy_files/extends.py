"""Resolve `extends` between eras of a policy file (standard library only).

An era with `extends: <id of an earlier era>` starts from a copy of that era:

- each era field it gives replaces the base era's field whole (`requirement: null` included);
- `activities` lists the era's activities, in order. An entry whose `id` is one of the base era's
  activities starts from the base's copy: each field given replaces the base's field whole, except
  `rule`, whose fields are replaced one by one (`rule: {table_article: …}` changes only that field);
  `null` removes an inherited field. Any other entry is a complete activity of its own. Base
  activities not listed are not part of the era.

The compiled policy has no `extends`: the engine and the pages see complete eras, exactly as if they
had been written out. Line numbers follow the data: a field keeps the line where it is written, an
inherited one the line of the base era's field.
"""

import copy


def resolve_extends(policy, lines):
    """Return (policy, lines, problems): eras resolved; problems are (path tuple, Chinese message)."""
    eras = policy.get("eras") if isinstance(policy, dict) else None
    if not isinstance(eras, list) or not any(isinstance(e, dict) and "extends" in e for e in eras):
        return policy, lines, []
    policy, lines, problems = dict(policy), dict(lines), []
    resolved, seen = [], {}
    for index, era in enumerate(eras):
        if isinstance(era, dict) and "extends" in era:
            base_id = era["extends"]
            if base_id not in seen:
                earlier = "、".join(seen) or "（无）"
                problems.append((("eras", index, "extends"),
                                 f"「extends: {base_id}」应指向排在本时期之前的时期，可选：{earlier}"))
                era = {key: value for key, value in era.items() if key != "extends"}
            else:
                era = _extend(era, seen[base_id], ("eras", index), lines, problems)
        resolved.append(era)
        if isinstance(era, dict) and isinstance(era.get("id"), str):
            seen.setdefault(era["id"], (index, era))
    policy["eras"] = resolved
    return policy, lines, problems


def _extend(era, base_entry, at, lines, problems):
    base_index, base = base_entry
    base_at = ("eras", base_index)
    result = {}
    for key, value in base.items():
        if key not in era:
            result[key] = copy.deepcopy(value)
            _copy_lines(lines, base_at + (key,), at + (key,))
    for key, value in era.items():
        if key == "extends":
            continue
        result[key] = copy.deepcopy(value)
    activities = era.get("activities")
    base_activities = {a.get("id"): (i, a) for i, a in enumerate(base.get("activities") or [])
                       if isinstance(a, dict)}
    if isinstance(activities, list):
        result["activities"] = [
            _extend_activity(entry, base_activities, base_at, at + ("activities", i), lines)
            for i, entry in enumerate(activities)]
    return result


def _extend_activity(entry, base_activities, base_at, at, lines):
    if not isinstance(entry, dict) or entry.get("id") not in base_activities:
        return copy.deepcopy(entry)
    base_index, base = base_activities[entry["id"]]
    base_path = base_at + ("activities", base_index)
    result = copy.deepcopy(base)
    for key, value in entry.items():
        if key == "rule" and isinstance(value, dict) and isinstance(result.get("rule"), dict):
            for rule_key, rule_value in value.items():
                _set(result["rule"], rule_key, rule_value)
        else:
            _set(result, key, value)
    _copy_lines(lines, base_path, at)
    return result


def _set(target, key, value):
    if value is None:
        target.pop(key, None)
    else:
        target[key] = copy.deepcopy(value)


def _copy_lines(lines, source, target):
    """Give paths under `target` the line of the same path under `source`, unless written there."""
    size = len(source)
    for path, line in list(lines.items()):
        if path[:size] == source:
            lines.setdefault(target + path[size:], line)
