"""People and their activities generated from a compiled policy, written as HR staff fill sheets.

Each person is kept twice: as the record the calculator would save (the expected side, scored
by the engine directly) and as sheet rows with the cells as Excel and people give them (numbers
as text, full-width digits, trailing spaces, 是/否, Excel dates, merged name cells).
"""

import datetime
import random

from calculator.records import RecordError, check_activity, era_for_year
from calculator.sheets import layout

FULL_WIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


def people(policy, count=8, seed=1):
    rng = random.Random(seed)
    years = _years(policy)
    found = []
    for n in range(count):
        person_id = f"3301{n:04d}" if n % 3 else f"33010619800101{n:04d}"  # ID numbers and 工号
        name = f"职工{n + 1}"
        record = {"format": 1, "policy": policy["id"], "years": []}
        rows = []
        for year in sorted(rng.sample(years, min(len(years), rng.choice([1, 2, 3])))):
            era = era_for_year(policy, year)
            activities = []
            for _ in range(rng.choice([0, 1, 2, 3])):
                made = _activity(policy, era, year, rng, len(activities))
                if made:
                    activities.append(made[0])
                    rows.append({"year": year, **made[1]})
            record["years"].append({"year": year, "activities": activities})
            if not activities:
                rows.append({"year": year})
        extra = {}
        if policy.get("multi_year") and rng.random() < 0.5:
            record["target_year"] = record["years"][-1]["year"] + 1
            extra[layout.TARGET_YEAR] = str(record["target_year"])
        for param in policy.get("person", []):
            if rng.random() < 0.5:
                value, cell = _value(param, rng, policy["eras"][-1]["years"].get("from", 2020))
                record.setdefault("person", {})[param["id"]] = value
                extra[param["label"]] = cell
        rows[rng.randrange(len(rows))].update(extra)
        for row in rows:
            row.update({layout.PERSON_ID: person_id, layout.PERSON_NAME: name + (" " if rng.random() < 0.3 else "")})
        found.append({"label": f"{name}（{person_id}）", "record": record, "rows": rows})
    return found


def _years(policy):
    years = []
    for era in policy["eras"]:
        start = era["years"].get("from") or 2018
        end = era["years"].get("to") or start + 5
        years += range(start, end + 1)
    return years


def _activity(policy, era, year, rng, index):
    """(record activity, sheet cells) of a random kind with valid random parameters, or None."""
    for _ in range(20):
        kind = rng.choice(era["activities"])
        activity, cells = {"kind": kind["id"], "params": {}}, {"kind": kind["label"]}
        for param in kind["params"]:
            if (param.get("optional") or "default" in param) and rng.random() < 0.3:
                continue
            activity["params"][param["id"]], cells[param["label"]] = _value(param, rng, year)
        choose = kind["category"].get("choose")
        if choose and rng.random() < 0.7:
            activity["category"] = rng.choice(choose)
            cells[layout.CATEGORY] = next(c["label"] for c in policy["categories"] if c["id"] == activity["category"])
        if rng.random() < 0.5:
            activity["name"] = f"活动{index + 1}"
            cells[layout.ACTIVITY_NAME] = f"活动{index + 1}  "
        if layout.after_end_deadline(policy) and rng.random() < 0.5:
            day = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
            activity["date"] = day.isoformat()
            cells[layout.DATE] = day
        try:
            check_activity(policy, era, activity, index, year)
        except RecordError:
            continue
        return activity, cells
    return None


def _value(param, rng, year):
    """(value in the record, cell as a person types it)."""
    kind = param["type"]
    if kind == "enum":
        option = rng.choice(param["options"])
        return option["value"], option["label"] + rng.choice(["", " ", "\u3000"])
    if kind == "boolean":
        value = rng.random() < 0.5
        return value, rng.choice(["是" if value else "否", value])
    if kind == "per_day":
        days = [rng.randint(1, 8) for _ in range(rng.randint(1, 3))]
        return days, "，".join(map(str, days))
    low = param.get("min", 0)
    high = min(param.get("max", low + 10), low + 10)
    if low >= 1990:  # a year (三援 start and end)
        return year, str(year)
    value = rng.randint(int(low), int(high))
    if kind == "decimal" and param.get("step", 1) <= 0.5 and value < high and rng.random() < 0.3:
        value += 0.5
    shown = rng.choice([value, str(value), str(value).translate(FULL_WIDTH), f"{value} "])
    return value, shown
