"""Several years under one policy: each year scored under its own era, then the policy's
multi-year checks (title applications, consecutive shortfalls, window totals) and deadlines.

A multi-year record (format 1):
    {"format": 1, "policy": "zhejiang-tonglu-2018", "target_year": 2025,
     "person": {"doctor": false},
     "years": [{"year": 2022, "activities": [...]}, {"year": 2023, "activities": [...]}]}
An activity whose kind has `spread` (益阳 三援 over several years) is entered once and counts in
every year it covers. The answer gives it in full once, in the year it was entered; each other year it
covers carries a reference (engine.score_year): its figures for that year, its article and notes, and
`spread_from` + `source_index` naming the full entry (its name, steps and quoted clause). A year whose
era defines the kind differently, or whose entry year could not score it, gets it in full with
`spread_from` instead. `resolve_carried` completes a reference from its entry.
"""

from . import checks
from .numbers import to_json
from .readings import readings
from .records import (YEAR_KEYS, RecordError, check_activities_list, check_keys, check_params, check_year_number,
                      era_for_year)


def score_history(policy, record, score_year, lenient=False):
    """Score each year with `score_year(policy, one_year_record, lenient)` (engine.score_year), then the checks.

    The one-year scorer is passed in so that engine.py imports this module and not the reverse.
    With `lenient` a bad target year, a bad personal detail, a year entered twice or a year the policy does
    not cover is reported in the answer's `errors` ({path, message}) and everything else is scored: a
    check that needs what is wrong answers 待确认 (met: None). An entry that is not a year at all (not an
    object, no integer year, activities not a list) is an error in every mode.
    """
    if not isinstance(record.get("years"), list) or not record["years"]:
        raise RecordError("years 必须是按年度列出的非空列表", "years")
    faults = _Faults(lenient)
    person, unknown = _person(policy, record.get("person") or {}, faults)
    by_year, unsure = _years(record["years"], faults)
    _spread(policy, by_year, set(unsure))

    results = {}
    for year in sorted(by_year):
        try:
            results[year] = _score_one(policy, year, by_year[year], score_year, lenient)
        except RecordError as error:  # lenient: a year the policy does not cover; the others are scored
            faults.add(error)
            unsure[year] = faults.errors[-1:]
    # an entry its own year refused (lenient: e.g. an end date outside it) cannot be referred to: the
    # years it reaches are scored again with it in full (an error's index is an own activity's, or a copy's
    # beyond them, so it never matches another entry)
    refused = {(year, error["index"]) for year, result in results.items() for error in result["errors"]}
    full = {(source_year, index) for entry in by_year.values() for source_year, index, _ in entry["carried"]
            if (source_year, index) in refused} if refused else set()
    for year, entry in by_year.items():
        if year in results and full and any((source_year, index) in full for source_year, index, _ in entry["carried"]):
            results[year] = _score_one(policy, year, entry, score_year, lenient, full)
    years = [results[year] for year in sorted(results)]
    exact = {year: result.pop("exact_total") for year, result in results.items()}

    target = record.get("target_year")
    target_error = None
    if target is not None:
        try:
            check_year_number(target, "申报年度", "target_year")
        except RecordError as error:
            faults.add(error)
            target, target_error = None, faults.errors[-1]
    doubts = {"unsure": unsure, "unknown": unknown, "target_error": target_error}
    answer = {
        "format": 1,
        "kind": "history",
        "policy": {key: policy[key] for key in ("id", "title", "short_title", "document_number")},
        "target_year": target,
        "person": {key: _plain(value) for key, value in person.items()},
        "years": years,
        "checks": [{**answer, **readings(policy, check)} for check, answer in
                   ((check, checks.run(check, years, target, person, exact, first_year(policy), doubts))
                    for check in policy.get("multi_year", [])) if answer is not None],
        "deadlines": sorted((d for year in years for d in year["deadlines"]),
                            key=lambda d: (d["date"], d["year"], d["index"], d["id"])),
    }
    if lenient:
        answer["errors"] = faults.errors
    return answer


class _Faults:
    """A record-level error: raised at once (strict), or kept for the answer's `errors` (lenient)."""

    def __init__(self, lenient):
        self.lenient = lenient
        self.errors = []

    def add(self, error):
        if not self.lenient:
            raise error
        self.errors.append({"path": error.path, "message": error.message})


def _years(entries, faults):
    """{year: entry} of the years that can be scored, and {year: [its errors]} of those entered but not scored.

    A year entered twice is scored neither time (lenient): counting either entry could count activities
    the person meant to replace, so the year waits for the person to merge them."""
    by_year, unsure, places = {}, {}, {}
    for n, entry in enumerate(entries):
        year = _year_entry(n, entry)  # an entry that is not a year is wrong in every mode
        if year in places and not faults.lenient:
            raise RecordError(f"{year} 年度重复出现", f"years[{n}].year")
        places.setdefault(year, []).append(n)
        if len(places[year]) == 1:
            by_year[year] = {"position": n, "activities": [dict(a) if isinstance(a, dict) else a
                                                           for a in entry.get("activities", [])],
                             "copies": [], "carried": []}
    for year, positions in places.items():
        if len(positions) > 1:
            del by_year[year]
            where = "、".join(str(n + 1) for n in positions)
            why = f"{year} 年度重复出现（第 {where} 个年度）：为免重复计入，这 {len(positions)} 处都不计算，请合并为一个年度"
            for n in positions:
                faults.add(RecordError(why, f"years[{n}].year"))
            unsure[year] = faults.errors[-len(positions):]
    return by_year, unsure


def _year_entry(n, entry):
    """One entry of `years`, checked; its year."""
    if not isinstance(entry, dict):
        raise RecordError(f"第 {n + 1} 个年度必须是一个对象，写明整数年份 year", f"years[{n}]")
    check_keys(entry, YEAR_KEYS, f"第 {n + 1} 个年度", f"years[{n}]")
    if "year" not in entry:
        raise RecordError(f"第 {n + 1} 个年度必须写明整数年份 year", f"years[{n}].year")
    check_year_number(entry["year"], f"第 {n + 1} 个年度的年度", f"years[{n}].year")
    check_activities_list(entry.get("activities", []), f"{entry['year']} 年度的 ", f"years[{n}].activities")
    return entry["year"]


def first_year(policy):
    """The first year the policy covers (0 when an era reaches back without limit)."""
    starts = [era["years"].get("from") for era in policy["eras"]]
    return 0 if None in starts else min(starts)


def _path(position, inner):
    return f"years[{position}].{inner}" if inner else f"years[{position}]"


def _plain(value):
    return value if isinstance(value, (bool, str)) or value is None else to_json(value)


def _person(policy, given, faults):
    """The personal details read, and {id: error} of those given wrongly (lenient: read as not known)."""
    specs = policy.get("person", [])
    if not isinstance(given, dict):
        faults.add(RecordError("person 必须是一个对象", "person"))
        given = {}
    if not faults.lenient:
        return check_params(specs, given, "个人信息", "person"), set()
    declared = {spec["id"] for spec in specs}
    try:
        check_params(specs, {name: None for name in given if name not in declared}, "个人信息", "person")
    except RecordError as error:  # a key the policy does not have (misspelt): named, then left aside
        faults.add(error)
    person, unknown = {}, {}
    for spec in specs:
        try:
            person.update(check_params([spec], {spec["id"]: given.get(spec["id"])}, "个人信息", "person"))
        except RecordError as error:
            faults.add(error)
            person[spec["id"]], unknown[spec["id"]] = None, faults.errors[-1]
    return person, unknown


def _score_one(policy, year, entry, score_year, lenient, full=frozenset()):
    """One year: its own activities, then those spread into it (a reference each unless in `full`)."""
    own = len(entry["activities"])
    sources = ([(source_year, index, same_era and (source_year, index) not in full)
                for source_year, index, same_era in entry["carried"]] if full else entry["carried"])
    carried = dict(zip(range(own, own + len(sources)), sources))
    single = {"format": 1, "policy": policy["id"], "year": year, "activities": entry["activities"] + entry["copies"]}
    try:
        result = score_year(policy, single, lenient=lenient, exact=True, carried=carried)
    except RecordError as error:
        raise RecordError(f"{year} 年度：{error.message}", _path(entry["position"], error.path)) from None
    for error in result["errors"]:
        error["path"] = _path(entry["position"], error["path"])
    return result


def full_entries(history):
    """{(year, index): activity} of every activity given in full in a multi-year answer (or a year's)."""
    return {(year["year"], item["index"]): item for year in history.get("years", [history])
            for item in year["activities"] if "source_index" not in item}


def resolve_carried(entries, activity):
    """An activity as shown: a carried reference completed from its full entry (`full_entries`): the
    label, name and steps are the entry's, the figures, article and notes this year's."""
    if "source_index" not in activity:
        return activity
    source = entries[(activity["spread_from"], activity["source_index"])]
    return {**source, **activity, "rule": {**source["rule"], **activity["rule"]}}


def _spread(policy, by_year, excluded=frozenset()):
    """Add each spread activity to the other years it covers (益阳 附件5 第8条): one shared copy per entry
    in each year's `copies`, and in its `carried` (entry year, index there, whether that year's era is the
    entry's: engine.score_year then gives it as a reference)."""
    read = {}  # params as entered -> as read: the same 三援 entered many times is read once
    copies = {}  # the same 三援 entered many times is one copy, scored once per year (engine._Scorer)
    eras = {}
    for year in sorted(by_year):
        entry = by_year[year]
        era = era_for_year(policy, year)
        if era is None:
            continue
        kinds = {kind["id"]: kind for kind in era["activities"]}
        for index, item in enumerate(entry["activities"]):
            kind = kinds.get(item.get("kind")) if isinstance(item, dict) and isinstance(item.get("kind"), str) else None
            spread = kind and kind.get("spread")
            if not spread:
                continue
            given = item.get("params") or {}
            try:  # read as the entry year reads them ("2019" and 2019.0 are 2019), so every year gets it
                params = _read_params(kind, given, read) if isinstance(given, dict) else {}
            except RecordError:
                continue  # the parameter check of the entry year reports it
            start, end = params.get(spread["from"]), params.get(spread["to"])
            if start is None or end is None or start > end:
                continue
            start, end = int(start), int(end)
            if not start <= year <= end:
                continue  # records.check_activity reports the year outside the span
            copy = {key: value for key, value in item.items() if key != "date"}  # its end date is the entry year's
            copy = copies.setdefault(_key(copy), copy)
            for other in range(start, end + 1):
                if other == year or other in excluded:
                    continue  # a year entered twice is not scored (_years): nothing is carried into it
                if other not in eras:
                    eras[other] = era_for_year(policy, other)
                other_era = eras[other]
                if other_era is None:
                    raise RecordError(f"{year} 年度第 {index + 1} 项活动（{kind['label']}）覆盖的 {other} 年度"
                                      f"不在本政策适用范围内", _path(entry["position"], f"activities[{index}]"))
                target = by_year.setdefault(other, {"position": entry["position"], "activities": [], "copies": [],
                                                    "carried": []})
                target["copies"].append(copy)
                target["carried"].append((year, index, other_era is era))


def _key(value):
    """What tells two entered values apart (repr: 1, 1.0 and true differ); a unique object if too deep."""
    try:
        return repr(value)
    except RecursionError:
        return object()


def _read_params(kind, given, read):
    key = (kind["id"], _key(given))
    if key not in read:
        read[key] = check_params(kind["params"], given, "", "")
    return read[key]
