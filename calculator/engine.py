"""score(policy, record): one year of activities under one compiled policy.

The policy is plain data (build/policies/<id>.json); nothing here knows any region.
Order of work, the same for every policy:
    1. each activity's rule gives its raw value (rules.evaluate);
    2. de-duplication rules of the era (same achievement, best of N);
    3. group caps of the era;
    4. offset pools of the era, allocated for the best compliance;
    5. totals per category and the requirement check.
"""

import sys
import traceback
from fractions import Fraction

from . import combine, migrations
from .deadlines import deadlines_for_year
from .history import score_history
from .numbers import ZERO, apportion, to_fraction, to_json
from .readings import readings
from .records import RecordError, check_activities_list, check_activity, check_owner, check_record
from .rules import evaluate


def score(policy, record, lenient=False):
    """Score a one-year record, or a multi-year one (with "years") via history.score_history."""
    check_owner(policy, record)
    record, notes, blocked = migrations.migrate(policy, record)  # before any check of the record's items
    try:
        if "years" in record:
            result = score_history(policy, record, score_year, lenient=lenient)
        else:
            result = score_year(policy, record, lenient=lenient)
    except RecordError as error:
        raise RecordError(migrations.explain(error.path, error.message, blocked), error.path) from None
    for error in [e for year in result.get("years", [result]) for e in year["errors"]] + (
            result.get("errors", []) if "years" in result else []):  # a history's own: target year, person, years
        error["message"] = migrations.explain(error["path"], error["message"], blocked)
    if notes:  # only then: a record that needed nothing keeps the result's shape
        result["migrations"] = notes
    return result


def score_year(policy, record, lenient=False, exact=False, carried=None):
    """Score one year; raises RecordError on bad input unless `lenient`.

    `carried` (history.score_history) names the activities spread into this year from the year they were
    entered: {index: (entry year, index there, as a reference)}. They count like the year's own but have
    no deadline here (their end date is the entry year's). As a reference, one is given as this year's
    figures, article and notes, with `spread_from` and `source_index` (its index in that year's
    activities) naming its full entry; otherwise in full, with `spread_from`.

    With `exact=True` the result also holds "exact_total", the total as a Fraction (not JSON), for the
    multi-year checks to add before anything is rounded.

    With `lenient=True` (the browser form), activities with a bad field are left out and
    reported under "errors" so the rest still computes.
    """
    era, items, errors = _scored(policy, record, lenient)
    unit = era["unit"]
    carried = carried or {}

    for rule in era.get("dedup", []):
        combine.DEDUP[rule["kind"]](items, rule, unit)
    for cap in era.get("caps", []):
        combine.group_cap(items, cap, unit)

    categories = [c["id"] for c in policy["categories"] if c["id"] in era["categories"]]
    totals = dict.fromkeys(categories, ZERO)
    splits = {}  # (kind, counted) -> shares: a split is worked out once for the many 三援 of one value
    for item in items:
        if not item["counted"]:
            continue  # nothing to share out (its shares stay {})
        if item["category"] in totals:
            item["shares"] = {item["category"]: item["counted"]}
        elif "split" in item["kind"]["category"]:
            key = (id(item["kind"]), item["counted"])
            if key not in splits:
                splits[key] = _split_shares(item)
            item["shares"] = dict(splits[key])
        else:
            continue
        for cat, value in item["shares"].items():
            totals[cat] += value
    requirement = era.get("requirement")
    for pool in era.get("pools", []):
        for cat, value in combine.allocate_pool(items, pool, totals, requirement, categories, unit).items():
            totals[cat] += value

    total = sum(totals.values(), ZERO)
    labels = {c["id"]: c["label"] for c in policy["categories"]}
    result = {
        "format": 1,
        "policy": {key: policy[key] for key in ("id", "title", "short_title", "document_number")},
        "year": record["year"],
        "era": {"id": era["id"], "label": era["label"]},
        "unit": unit,
        "activities": _activity_results(items, labels, carried),
        "totals": [{"category": cat, "label": labels[cat], "value": shown}  # they add up to "total" as shown
                   for cat, shown in zip(categories, apportion([totals[cat] for cat in categories]))],
        "total": to_json(total),
        "requirement": _check_requirement(policy, requirement, totals, total, unit),
        "notes": [dict(note) for note in era.get("notes", [])],
        "deadlines": deadlines_for_year(policy, record["year"], _own(items, carried)),
        "errors": errors,
    }
    if exact:
        result["exact_total"] = total
    return result


def _own(items, carried):
    """The year's own activities: those carried in come after them."""
    return items[:next((n for n, item in enumerate(items) if item["index"] in carried), len(items))]


def _scored(policy, record, lenient):
    """(era, each activity checked and given its raw value, errors); lenient: a bad activity is an error entry."""
    items = record.get("activities", [])
    if lenient:
        check_activities_list(items, "", "activities")
    era, _ = check_record(policy, {**record, "activities": []})
    scorer = _Scorer(policy, era, record["year"])
    if not lenient:
        return era, [scorer.score(item, index) for index, item in enumerate(items)], []
    good, errors = [], []
    for index, item in enumerate(items):
        try:
            good.append(scorer.score(item, index))
        except RecordError as error:
            errors.append({"index": index, "path": error.path, "message": error.message})
        except Exception as error:  # noqa: BLE001 — one activity the engine cannot handle must not cost the rest
            traceback.print_exc(file=sys.stderr)  # for developers: the worker's console, the CLI's stderr
            errors.append({"index": index, "path": f"activities[{index}]",
                           "message": f"第 {index + 1} 项活动：计算器内部出错（{type(error).__name__}），本项暂不计算，"
                                      f"请把记录导出后报告给我们"})
    return era, good, errors


class _Scorer:
    """Checks and values one year's activities; an activity entered again as it was (same kind, params,
    category, name…) is checked and valued once: 10,000 identical courses cost one rule evaluation."""

    def __init__(self, policy, era, year):
        self.policy, self.era, self.year, self.seen, self.by_id = policy, era, year, {}, {}

    def score(self, item, index):
        known = id(item)
        scored = self.by_id.get(known)  # the same object again (a spread copy, shared by its entries)
        if scored is None:
            scored = self._score_new(item, index)
            self.by_id[known] = scored  # the record holds every item while it is scored: ids stay unique
        # a fresh item: the year's dedup, caps and pools change `counted`, `notes` and `shares` item by item
        return {**scored, "index": index, "notes": list(scored["notes"]), "shares": {}}

    def _score_new(self, item, index):
        try:
            key = repr(item) if isinstance(item, dict) else None  # JSON values: repr tells 1, 1.0 and true apart
        except RecursionError:
            key = None
        scored = self.seen.get(key) if key is not None else None
        if scored is None:  # errors are never remembered: each bad activity gets its own message and path
            scored = _score_activity(check_activity(self.policy, self.era, item, index, self.year))
            if key is not None:
                self.seen[key] = scored
        return scored
        # a fresh item: the year's dedup, caps and pools change `counted`, `notes` and `shares` item by item
        return {**scored, "index": index, "notes": list(scored["notes"]), "shares": {}}


def _score_activity(activity):
    kind = activity["kind"]
    raw, steps = evaluate(kind["rule"], activity["params"])
    notes = []
    if raw == 0 and kind["rule"]["kind"] == "none":
        notes.append({"text": kind["rule"]["reason"], "article": kind["article"], "ref": "none"})
    return {**activity, "raw": raw, "counted": raw, "steps": steps, "notes": notes, "shares": {}}


def _split_shares(item):
    """A fixed split over categories (益阳 三援: 视为完成当年90学时), scaled if the value was cut."""
    split = {cat: Fraction(value) for cat, value in item["kind"]["category"]["split"].items()}
    whole = sum(split.values(), ZERO)
    if not item["counted"] or not whole:
        return {}
    return {cat: value * item["counted"] / whole for cat, value in split.items()}


def _activity_results(items, labels, carried):
    """Each item as shown. What many items share is rendered once: a kind's rule reference, the steps of
    an activity repeated as entered, a value that is not whole (by its object: items scored alike share
    their Fractions) and a split over categories. Kinds are told apart by id (one era's: each id is one
    kind), shares by their numbers: id() and hashing a Fraction cost several times more in Pyodide."""
    steps_shown, categories_shown, rules_shown, values_shown = {}, {}, {}, {}

    def value(number):
        if type(number) is Fraction and number.denominator == 1:
            return number.numerator  # = to_json(number)
        shown = values_shown.get(id(number))  # every number stays referenced by its item meanwhile
        if shown is None:
            shown = values_shown[id(number)] = to_json(number)
        return shown

    results = []
    for item in items:
        kind = item["kind"]
        rule = rules_shown.get(kind["id"])
        if rule is None:
            rule = rules_shown[kind["id"]] = ({"article": kind["article"], "clause": kind["clause"]},
                                              {"article": kind["article"]})
        shares = item["shares"]
        key = tuple([(cat, v.numerator, v.denominator) for cat, v in shares.items()])
        categories = categories_shown.get(key)
        if categories is None:  # they add up to "counted" as shown
            categories = categories_shown[key] = [
                {"category": cat, "label": labels[cat], "value": shown}
                for cat, shown in zip(shares, apportion(list(shares.values())))]
        source = carried.get(item["index"])
        if source and source[2]:  # a spread activity in a year other than its entry year
            results.append({"index": item["index"], "kind": kind["id"], "spread_from": source[0],
                            "source_index": source[1], "raw": value(item["raw"]), "counted": value(item["counted"]),
                            "categories": categories, "rule": rule[1], "notes": item["notes"]})
            continue
        steps = item["steps"]
        shown = steps_shown.get(id(steps))
        if shown is None:
            shown = steps_shown[id(steps)] = [{**step, "value": to_json(step["value"])} if "value" in step
                                              else dict(step) for step in steps]
        result = {"index": item["index"], "kind": kind["id"], "date": item["date"], "label": kind["label"],
                  "name": item["name"], "raw": value(item["raw"]), "counted": value(item["counted"]),
                  "categories": categories, "rule": rule[0], "steps": list(shown), "notes": item["notes"]}
        if source:
            result["spread_from"] = source[0]
        results.append(result)
    return results


def _check_requirement(policy, requirement, totals, total, unit):
    if not requirement:
        return None
    groups = []
    for group in requirement.get("groups", []):
        value = sum([totals.get(cat, ZERO) for cat in group["categories"]], ZERO)
        groups.append({**_line(group, value, unit), **readings(policy, group)})
    result = {"groups": groups, "total": None}
    if requirement.get("total"):
        result["total"] = {**_line(requirement["total"], total, unit), **readings(policy, requirement["total"])}
    lines = groups + ([result["total"]] if result["total"] else [])
    result["met"] = all(line["met"] for line in lines)
    return result


def _line(spec, value, unit):
    minimum = to_fraction(spec["min"])
    short = minimum - value
    met = short.numerator <= 0  # = max(short, 0) == 0, without Fraction's comparison (an ABC check each)
    low, now, missing = to_json(minimum), to_json(value), 0 if met else to_json(short)
    return {
        "id": spec.get("id", "total"),
        "label": spec["label"],
        "min": low,
        "value": now,
        "met": met,
        "shortfall": missing,
        "article": spec["article"],
        "text": (f"{spec['label']}已达 {now} {unit}，满足不少于 {low} {unit}的要求" if met
                 else f"{spec['label']} {now} {unit}，还差 {missing} {unit}（要求不少于 {low}）"),
    }
