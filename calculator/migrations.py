"""Old records keep opening: the policy file's `revisions` applied to a record before it is checked.

A policy file lists its own revisions (not the notice's), each dated, each with the changes a record
saved before it needs (policies/README.md, "Revisions"):

    revisions:
      - date: "2026-12-01"
        summary: 「论文」改名为「发表论文」，刊物类型「核心」改为「core」。
        migrate:
          - {rename: kind, from: thesis, to: paper}
          - {rename: value, kind: paper, param: journal, from: 核心, to: core}
          - {remove: kind, id: lecture, replacement: 讲座请改填为「面授培训」。}

`migrate(policy, record)` gives a copy of the record with every step applied in date order (a later
step sees the names the earlier ones gave), a note for each step that changed something, and the
activities that could not be migrated (a removed kind or value) with a message naming them; those are
left exactly as they were, as is everything else in the record. Pure functions over plain data.
"""

import copy

from .memo import derived

WHAT = {"kind": "活动类型", "param": "参数", "value": "取值", "category": "科目类别"}


def steps(policy):
    """Every migration step of the policy's revisions, oldest first, each with its revision's date."""
    revisions = sorted(policy.get("revisions", []), key=lambda revision: revision["date"])
    return [{**step, "date": revision["date"]} for revision in revisions for step in revision.get("migrate", [])]


def migrate(policy, record):
    """(migrated copy, notes, blocked {activity path: message}); the record itself is not changed."""
    plan = derived(steps, policy)  # the same for every record: worked out once (memo.py)
    if not plan or not isinstance(record, dict):
        return record, [], {}
    record = copy.deepcopy(record)
    notes, blocked = {}, {}
    for step_no, step in enumerate(plan):
        for activity, path, where in _activities(record):
            outcome = _apply(step, activity)
            if outcome is None:
                continue
            if outcome == "blocked":
                blocked.setdefault(path, f"{where}：{_blocked_text(policy, step)}")
            else:
                notes.setdefault(step_no, {"step": step, "places": [], "old": []})
                notes[step_no]["places"].append(where)
                notes[step_no]["old"].append(outcome)
        person = record.get("person")
        if step.get("person") and isinstance(person, dict):
            outcome = _apply_params(step, person)
            if outcome is not None:
                notes.setdefault(step_no, {"step": step, "places": [], "old": []})
                notes[step_no]["places"].append("个人信息")
                notes[step_no]["old"].append(outcome)
    return record, [_note(policy, item) for _, item in sorted(notes.items())], blocked


def explain(path, message, blocked):
    """The migration message for an error inside an activity that could not be migrated."""
    for place, text in blocked.items():
        if path == place or path.startswith(place + ".") or path.startswith(place + "["):
            return text
    return message


def _activities(record):
    """(activity dict, path, words naming it) for every activity of a one-year or multi-year record."""
    if isinstance(record.get("years"), list):
        for n, entry in enumerate(record["years"]):
            if isinstance(entry, dict) and isinstance(entry.get("activities"), list):
                for i, item in enumerate(entry["activities"]):
                    if isinstance(item, dict):
                        yield item, f"years[{n}].activities[{i}]", f"{entry.get('year')} 年度第 {i + 1} 项活动"
    elif isinstance(record.get("activities"), list):
        for i, item in enumerate(record["activities"]):
            if isinstance(item, dict):
                yield item, f"activities[{i}]", f"第 {i + 1} 项活动"


def _apply(step, activity):
    """Apply one step to one activity: None (not concerned), "blocked", or the old value (changed)."""
    if "rename" in step:
        what, old = step["rename"], step["from"]
    else:
        what, old = step["remove"], step["id"]
    if what == "kind":
        if activity.get("kind") != old:
            return None
        if "remove" in step:
            return "blocked"
        activity["kind"] = step["to"]
        return old
    if what == "category":
        if activity.get("category") != old:
            return None
        activity["category"] = step.get("to", "")  # a removed category: the kind's default applies
        return old
    if step.get("person") or activity.get("kind") != step["kind"] or not isinstance(activity.get("params"), dict):
        return None
    return _apply_params(step, activity["params"])


def _apply_params(step, params):
    what = step.get("rename") or step.get("remove")
    old = step.get("from", step.get("id"))
    if what == "param":
        if old not in params:
            return None
        value = params.pop(old)
        if "rename" in step:
            params.setdefault(step["to"], value)
        return value
    if what == "value":
        if params.get(step["param"]) != old:
            return None
        if "remove" in step:
            return "blocked"
        params[step["param"]] = step["to"]
        return old
    return None


def _blocked_text(policy, step):
    what = WHAT[step["remove"]]
    return (f"记录中的{what}「{step['id']}」已在 {step['date']} 更新的政策文件中删除，无法自动换算："
            f"{step['replacement']}（其余内容照常计算，这一项请重新填写）")


def _note(policy, item):
    step, places = item["step"], item["places"]
    where = "、".join(dict.fromkeys(places))
    if "rename" in step:
        what = WHAT[step["rename"]] if not step.get("person") or step["rename"] != "param" else "个人信息"
        new = _label(policy, step)
        text = f"记录中的{what}「{step['from']}」已按 {step['date']} 更新的政策文件改为「{new}」（{where}）"
        change, old, to = "rename", step["from"], step["to"]
    else:
        what = WHAT[step["remove"]] if not step.get("person") else "个人信息"
        shown = "、".join(str(value) for value in item["old"])
        text = (f"记录中的{what}「{step['id']}」（{shown}）已按 {step['date']} 更新的政策文件删除"
                f"（{where}）：{step['replacement']}")
        change, old, to = "remove", step["id"], None
    note = {"date": step["date"], "change": change, "what": step.get("rename") or step.get("remove"),
            "from": old, "to": to, "places": list(dict.fromkeys(places)), "text": text}
    if step.get("reason"):
        note["reason"] = step["reason"]
        note["text"] += f"。{step['reason']}"
    return note


def _label(policy, step):
    """The new name as people read it: 发表论文（paper）, or the id alone where no label is found."""
    what, new = step["rename"], step["to"]
    label = None
    if what == "category":
        label = next((c["label"] for c in policy.get("categories", []) if c["id"] == new), None)
    elif what == "kind":
        label = next((kind["label"] for kind in _kinds(policy) if kind["id"] == new), None)
    else:
        params = policy.get("person", []) if step.get("person") else [
            param for kind in _kinds(policy) if kind["id"] == step["kind"] for param in kind.get("params", [])]
        if what == "param":
            label = next((p["label"] for p in params if p["id"] == new), None)
        else:
            label = next((o["label"] for p in params if p["id"] == step["param"]
                          for o in p.get("options", []) if o["value"] == new), None)
    return f"{label}（{new}）" if label and label != new else str(new)


def _kinds(policy):
    return [kind for era in policy.get("eras", []) for kind in era.get("activities", [])]


def problems(policy):
    """What the schema cannot check about a policy's migration steps; yields (path tuple, message).

    Renaming to a name that no longer exists, or away from one still in use, would silently change
    records: both stop the build."""
    plan = steps(policy)
    order = sorted(range(len(policy.get("revisions", []))), key=lambda r: policy["revisions"][r]["date"])
    places = [("revisions", r, "migrate", s) for r in order for s in range(len(policy["revisions"][r].get("migrate", [])))]
    for n, (step, where) in enumerate(zip(plan, places)):
        what = step.get("rename") or step.get("remove")
        if ("kind" in step or "person" in step) != (what in ("param", "value")) or ("kind" in step and "person" in step):
            yield where, "参数和取值的转换须写明所属的 kind 或 person: true（只写一个），活动类型和科目类别的转换不写"
            continue
        if ("param" in step) != (what == "value"):
            yield where, "只有取值（value）的转换写 param"
            continue
        current = _current(policy, step, plan[n + 1:])
        if current is None:
            yield where, f"迁移所指的{'个人信息' if step.get('person') else '活动类型「' + str(step.get('kind')) + '」'}在当前政策文件中不存在"
            continue
        old = step.get("from", step.get("id"))
        if old in current:
            yield where, f"「{old}」仍是当前政策文件中的{WHAT[what]}，不能再把它迁移走"
        if "rename" in step and _forward(step["to"], what, step, plan[n + 1:]) not in current:
            yield where, f"迁移的目标{WHAT[what]}「{step['to']}」在当前政策文件中不存在"


def _forward(name, what, step, later):
    """Follow a name through the later renames of the same thing."""
    for other in later:
        if other.get("rename") == what and other["from"] == name and _same_scope(step, other):
            name = other["to"]
    return name


def _same_scope(step, other):
    return all(step.get(key) == other.get(key) for key in ("person", "param")) and (
        step.get("kind") is None or step.get("kind") == other.get("kind"))


def _current(policy, step, later):
    """The names that exist today for what the step renames or removes (None: its scope is gone)."""
    what = step.get("rename") or step.get("remove")
    if what == "kind":
        return {kind["id"] for kind in _kinds(policy)}
    if what == "category":
        return {c["id"] for c in policy.get("categories", [])}
    if step.get("person"):
        params = policy.get("person", [])
    else:
        kind = _forward(step["kind"], "kind", {}, [s for s in later if s.get("rename") == "kind"])
        params = [p for k in _kinds(policy) if k["id"] == kind for p in k.get("params", [])]
        if not params and not any(k["id"] == kind for k in _kinds(policy)):
            return None
    if what == "param":
        return {p["id"] for p in params}
    param = _forward(step["param"], "param", {k: step.get(k) for k in ("kind", "person")},
                     [s for s in later if s.get("rename") == "param"])
    return {o["value"] for p in params if p["id"] == param for o in p.get("options", [])} or None
