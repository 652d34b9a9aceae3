"""Registration deadlines, written as data in a policy's `deadlines` (`rule`), and an .ics file.

Rule kinds:
    after_end   桐庐 第十三条: 项目结束后60天之内完成，12月份的学分申报截止日期为12月30日
                -> {kind: after_end, days: 60, december: "12-30"} (needs the activity's end date)
    fixed       滨州 三（一）: 学时备案截止时间 2021 年 12 月 31 日
                -> {kind: fixed, date: "2021-12-31", years: {from: 2021, to: 2021}}
"""

import datetime

from .records import era_for_year


def deadlines_for(policy, record):
    """Every deadline that applies to the activities of a (multi-year) record, sorted by date."""
    entries = record["years"] if "years" in record else [record]
    found = []
    for entry in entries:
        year = entry.get("year")
        era = era_for_year(policy, year) if isinstance(year, int) else None
        labels = {kind["id"]: kind["label"] for kind in era["activities"]} if era else {}
        for index, item in enumerate(entry.get("activities") or []):
            if not isinstance(item, dict):
                continue
            for deadline in policy.get("deadlines", []):
                due = _due(deadline.get("rule"), year, item.get("date"))
                if due:
                    found.append({"date": due.isoformat(), "year": year, "index": index,
                                  "activity": item.get("name") or labels.get(item.get("kind"), str(item.get("kind"))), "kind": item.get("kind"),
                                  "id": deadline["id"], "label": deadline["label"],
                                  "summary": deadline["summary"], "article": deadline["article"]})
    return sorted(found, key=lambda d: (d["date"], d["year"], d["index"], d["id"]))


def _due(rule, year, ended):
    if not rule:
        return None
    if rule["kind"] == "fixed":
        span = rule.get("years", {})
        if span.get("from", year) <= year <= span.get("to", year):
            return datetime.date.fromisoformat(rule["date"])
        return None
    if rule["kind"] == "after_end" and ended:
        try:
            end = datetime.date.fromisoformat(ended)
        except (TypeError, ValueError):
            return None
        due = end + datetime.timedelta(days=rule["days"])
        if end.month == 12 and rule.get("december"):
            month, day = map(int, rule["december"].split("-"))
            due = min(due, datetime.date(end.year, month, day))
        return due
    return None


def to_ics(deadlines, policy, stamp="20000101T000000Z"):
    """An iCalendar file with one all-day event per deadline; `stamp` keeps output reproducible."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//jxjy//calculator//ZH", "CALSCALE:GREGORIAN"]
    for n, item in enumerate(deadlines):
        day = datetime.date.fromisoformat(item["date"])
        lines += [
            "BEGIN:VEVENT",
            f"UID:{policy['id']}-{item['year']}-{item['index']}-{item['id']}-{n}@jxjy",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(day + datetime.timedelta(days=1)).strftime('%Y%m%d')}",
            "SUMMARY:" + _escape(f"{item['label']}截止：{item['activity']}"),
            "DESCRIPTION:" + _escape(f"{item['summary']}（{policy['short_title']} {item['article']}）"),
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _escape(text):
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line):
    """RFC 5545: lines longer than 75 octets continue on the next line after a space."""
    out, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > 75:
            out.append(current.decode("utf-8"))
            current = b" "
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n".join(out)
