"""Rules over several activities of one year: de-duplication, group caps and offset pools.

Each works on the list of scored activities, lowering `counted` (never raising it) and
adding a note that names the article. Items are dicts with keys: index, kind (activity
definition), raw, counted, category, achievement, notes, shares ({category: value}).
"""

from operator import itemgetter

from .numbers import ZERO, less, show, smaller, to_fraction


def _note(item, text, article, ref):
    item["notes"].append({"text": text, "article": article, "ref": ref})


def _in_scope(item, rule):
    kinds = rule.get("activities")
    return kinds is None or item["kind"]["id"] in kinds


def same_achievement(items, rule, unit):
    """桐庐 第十一条（十）: 同一成果或内容，按最高学分折算计算，不重复计算.

    Activities the user marks with the same achievement label count once: the highest one.
    """
    groups = {}
    for item in items:
        if _in_scope(item, rule) and item["achievement"]:
            groups.setdefault(item["achievement"], []).append(item)
    for label, group in groups.items():
        if len(group) < 2:
            continue
        best = max(group, key=lambda it: (it["counted"], -it["index"]))
        for item in group:
            if item is not best and item["counted"] > 0:
                _note(item, f"与第 {best['index'] + 1} 项属同一成果「{label}」，按最高值计算，本项不重复计算"
                            f"（原 {show(item['counted'])} {unit}）", rule["article"], "dedup:same_achievement")
                item["counted"] = ZERO


def best_of(items, rule, unit):
    """益阳 附件5 第4条（2）: 每年度符合条件公开发表的论文只折算一篇 -> keep the best N.

    Ties keep the one entered first (a stable sort of the items, which come in the order entered). The
    note on a value left out is made once per value (10,000 三援 in a year share one).
    """
    kinds = rule.get("activities")
    scoped = [item for item in items  # numerator > 0: a Fraction above 0, without Fraction's slower comparison
              if (kinds is None or item["kind"]["id"] in kinds) and item["counted"].numerator > 0]
    keep = rule.get("keep", 1)
    if len(scoped) <= keep:
        return
    notes = {}  # by the value's object: items scored alike share it, and hashing a Fraction is slow
    for item in sorted(scoped, key=itemgetter("counted"), reverse=True)[keep:]:
        counted = item["counted"]
        note = notes.get(id(counted))
        if note is None:  # one note per value, shared by the items it is about (notes are never changed)
            note = notes[id(counted)] = {"text": f"{rule['explain']}，已按其中最高的一项计算，本项不计"
                                                 f"（原 {show(counted)} {unit}）",
                                         "article": rule["article"], "ref": "dedup:best_of"}
        item["notes"].append(note)
        item["counted"] = ZERO


def group_cap(items, rule, unit):
    """金华 第（十一）条: 以下途径学习每年度最多计60学分 -> the sum of these kinds <= max.

    Activities are counted in the order entered; the one that reaches the cap is cut.
    """
    room = to_fraction(rule["max"])
    for item in items:
        if not _in_scope(item, rule):
            continue
        if less(room, item["counted"]):  # Fraction's own comparison makes an ABC check (slow in Pyodide)
            _note(item, f"{rule['explain']}：本项原 {show(item['counted'])} {unit}，"
                        f"计入 {show(room)} {unit}", rule["article"], f"cap:{rule['id']}")
            item["counted"] = room
        room -= item["counted"]


DEDUP = {"same_achievement": same_achievement, "best_of": best_of}


def allocate_pool(items, pool, totals, requirement, order, unit):
    """滨州 一（学时折算）: offsets count for at most 5 public and 30 professional hours.

    The pooled value is first given to the categories whose requirement is still short (in the
    order the requirement lists them), then to any category with room left; what exceeds every
    cap is not counted. This is the allocation that leaves the person best placed: e.g. public 25,
    professional 60 and a 15-hour paper give public 30 and professional 70.
    Returns {category: allocated}; `items` get their `shares` and notes. `order` is the era's
    category order (compiled JSON sorts keys, so the caps mapping has no meaningful order).
    """
    capped = [cat for cat in order if cat in pool["caps"]]
    members = [item for item in items if _in_scope(item, pool) and item["counted"].numerator > 0]
    available = sum((item["counted"] for item in members), ZERO)
    room = {cat: to_fraction(cap) for cat, cap in pool["caps"].items()}
    given = {cat: ZERO for cat in room}

    def give(cat, amount):
        nonlocal available
        amount = smaller(smaller(amount, room[cat]), available)
        if amount.numerator > 0:
            given[cat] += amount
            room[cat] -= amount
            available -= amount

    for group in (requirement or {}).get("groups", []):
        have = sum((totals.get(cat, ZERO) + given.get(cat, ZERO) for cat in group["categories"]),
                   ZERO)
        short = to_fraction(group["min"]) - have
        for cat in group["categories"]:
            if short.numerator <= 0:
                break
            if cat in room:
                before = given[cat]
                give(cat, short)
                short -= given[cat] - before
    for cat in capped:
        give(cat, room[cat])

    # Hand the allocation back to the activities in the order entered.
    remaining = dict(given)
    for item in members:
        left = item["counted"]
        item["shares"] = {}
        for cat in capped:
            part = smaller(left, remaining[cat])
            if part.numerator > 0:
                item["shares"][cat] = part
                remaining[cat] -= part
                left -= part
        if left.numerator > 0:
            _note(item, f"{pool['explain']}：本项有 {show(left)} {unit}超出可抵上限，不计入总{unit}",
                  pool["article"], f"pool:{pool['id']}:excess")
            item["counted"] -= left
        if item["shares"]:
            parts = "、".join(f"{pool['labels'][cat]} {show(v)}" for cat, v in item["shares"].items())
            _note(item, f"{pool['explain']}：本项抵 {parts} {unit}", pool["article"], f"pool:{pool['id']}")
    return given
