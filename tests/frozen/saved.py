"""How the calculator page saves a record, and the figures a record must keep scoring to.

The page (docs/assets/calculator, record handling as of 2026-12-01) normalises every record it keeps
through `readRecord` and then writes it three ways:
    exported file   JSON.stringify(record, null, 2) + "\n"
    localStorage    key "jxjy-calc:v1:record:<policy>", value JSON.stringify(record)
    share link      calculator/?policy=<id>#r=<base64url of the UTF-8 JSON, no padding>
`page_form` and the three writers below reproduce that byte for byte (they are only used to freeze
records and to read them back; the frozen bytes themselves are never regenerated).
"""

import base64
import json
from urllib.parse import parse_qs, urlsplit

STORE_PREFIX = "jxjy-calc:v1:"
EDITED_KEYS = ("kind", "params", "category", "name", "achievement")


def _js_numbers(value):
    """JSON.stringify writes 5.0 as 5."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _js_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_js_numbers(item) for item in value]
    return value


def page_form(data):
    """The record as app.js `readRecord` keeps it (multi-year form), or None where the page refuses it."""
    if not isinstance(data, dict) or data.get("format", 1) != 1 or not isinstance(data.get("policy"), str):
        return None
    several = data.get("years") is not None
    entries = data["years"] if several else [{"year": data.get("year"), "activities": data.get("activities")}]
    if not isinstance(entries, list) or not entries:
        return None
    years = []
    for entry in entries:
        if not isinstance(entry, dict):
            return None
        year = entry.get("year")
        if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
            return None
        activities = entry.get("activities") if entry.get("activities") is not None else []
        if not isinstance(activities, list):
            return None
        kept = []
        for item in activities:
            if not isinstance(item, dict):
                return None
            activity = {"kind": "", "params": {}, "category": "", "name": "", "achievement": ""}
            for key in ("kind", "category", "name", "achievement"):
                if item.get(key) is None:
                    continue
                if not isinstance(item[key], str):
                    return None
                activity[key] = item[key]
            if item.get("params") is not None:
                if not isinstance(item["params"], dict):
                    return None
                activity["params"] = dict(item["params"])
            for key, value in item.items():
                if key not in activity:
                    activity[key] = value
            kept.append(activity)
        years.append({"year": year, "activities": kept})
    target = data.get("target_year")
    if target is not None and (isinstance(target, bool) or not isinstance(target, int)):
        return None
    person = data.get("person") if data.get("person") is not None else {}
    if not isinstance(person, dict):
        return None
    return _js_numbers({"format": 1, "policy": data["policy"], "target_year": target, "person": dict(person),
                        "years": years})


def export_text(record):
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"


def storage_text(record):
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def share_link(record):
    encoded = base64.urlsafe_b64encode(storage_text(record).encode("utf-8")).decode("ascii").rstrip("=")
    return f"calculator/?policy={record['policy']}#r={encoded}"


def read_share_link(link):
    """(policy from ?policy=, record from #r=), as app.js `sharedRecord` decodes it."""
    parts = urlsplit(link)
    text = parts.fragment.removeprefix("r=")
    record = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode("utf-8"))
    return parse_qs(parts.query)["policy"][0], record


def figures(answer):
    """What a person reads off a scored record: per year the totals, each activity's counted value,
    whether the requirement is met and which activities were refused; the multi-year checks' answers."""
    if not answer["ok"]:
        return {"error": True}
    result = answer["result"]
    if "years" in result and not result["years"] and result.get("errors"):
        return {"error": True}  # every year marked as an error (lenient history): no figure is shown
    out = {"years": [_year_figures(year) for year in result["years"]] if "years" in result
           else [_year_figures(result)]}
    if "checks" in result:
        out["checks"] = {check["id"]: check.get("met") for check in result["checks"]}
    return out


def _year_figures(year):
    requirement = year.get("requirement")
    return {
        "year": year["year"],
        "total": year["total"],
        "totals": {line["category"]: line["value"] for line in year["totals"]},
        "counted": [activity["counted"] for activity in year["activities"]],
        "met": requirement["met"] if requirement else None,
        "refused": sorted(error["index"] for error in year.get("errors", [])),
    }
