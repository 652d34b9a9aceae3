"""Registration deadlines, written as data in a policy's `deadlines` (`rule`), and an .ics file.

A deadline applies to the kinds it names (`activities`; all kinds when absent). Rule kinds:
    after_end   桐庐 第十三条: 项目结束后60天之内完成，12月份的学分申报截止日期为12月30日
                -> {kind: after_end, days: 60, closes: "12-30"} (needs the activity's end date); the
                earlier of end + days and the end year's `closes` day. A deadline before the activity
                ends cannot be met: it is given with a `problem` instead of being a date to meet.
    fixed       滨州 三（一）: 学时备案截止时间 2021 年 12 月 31 日
                -> {kind: fixed, date: "2021-12-31", years: {from: 2021, to: 2021}}
"""

import datetime
import functools

from .readings import readings


def deadlines_for_year(policy, year, activities):
    """The deadlines of one year's checked activities (records.check_activity), sorted by date."""
    deadlines = policy.get("deadlines")
    if not deadlines:
        return []
    found = []
    for activity in activities:
        for deadline in deadlines:
            kinds = deadline.get("activities")
            if kinds is not None and activity["kind"]["id"] not in kinds:
                continue
            due = _due(deadline.get("rule"), year, activity["date"])
            if due is None:
                continue
            day, text = due
            entry = {"date": text, "year": year, "index": activity["index"],
                     "activity": activity["name"] or activity["kind"]["label"], "kind": activity["kind"]["id"],
                     "id": deadline["id"], "label": deadline["label"], "summary": deadline["summary"],
                     "article": deadline["article"], "problem": None, **readings(policy, deadline)}
            if activity["date"] and day < _day(activity["date"]):
                entry["problem"] = (f"截止日 {text} 早于本项活动的结束日期 {activity['date']}，"
                                    f"按{deadline['article']}当年已无法按期申报，请向单位管理员确认如何申报")
            found.append(entry)
    return sorted(found, key=_order) if len(found) > 1 else found


def _order(deadline):
    return deadline["date"], deadline["year"], deadline["index"], deadline["id"]


def _due(rule, year, ended):
    """(date, its ISO text) or None; the dates are read once (_day, _after_end): a record has few."""
    if not rule:
        return None
    if rule["kind"] == "fixed":
        span = rule.get("years", {})
        if span.get("from", year) <= year <= span.get("to", year):
            return _fixed(rule["date"])
        return None
    if rule["kind"] == "after_end" and ended:
        return _after_end(ended, rule["days"], rule.get("closes"))  # records.check_activity checked it lies in `year`
    return None


@functools.lru_cache(maxsize=1024)
def _day(text):
    return datetime.date.fromisoformat(text)


@functools.lru_cache(maxsize=1024)
def _fixed(text):
    day = datetime.date.fromisoformat(text)
    return day, day.isoformat()


@functools.lru_cache(maxsize=4096)
def _after_end(ended, days, closes):
    end = _day(ended)
    due = end + datetime.timedelta(days=days)
    if closes:
        month, day = map(int, closes.split("-"))
        due = min(due, datetime.date(end.year, month, day))
    return due, due.isoformat()


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
            "SUMMARY:" + _escape(f"{'（须确认）' if item.get('problem') else ''}{item['label']}截止：{item['activity']}"),
            "DESCRIPTION:" + _escape(f"{item.get('problem') or item['summary']}（{policy['short_title']} {item['article']}）"),
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
