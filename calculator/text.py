"""A readable Chinese summary of a score result (CLI `--text`, print view)."""

from .history import full_entries, resolve_carried


def summary(result):
    text = history_summary(result) if result.get("kind") == "history" else year_summary(result)
    if result.get("migrations"):  # a record saved under an older policy file (calculator/migrations.py)
        text += "\n\n" + "\n".join(["记录已按更新后的政策文件转换："] + [f"- {note['text']}" for note in result["migrations"]])
    return text


def history_summary(result):
    """Per-year table, then each multi-year check and the deadlines."""
    lines = [f"{result['policy']['title']}（{result['policy']['document_number']}）", ""]
    lines.append("年度\t单位\t" + "\t".join(t["label"] for t in result["years"][0]["totals"]) + "\t合计\t是否达标")
    for year in result["years"]:
        requirement = year["requirement"]
        verdict = "—（无单一年度要求）" if requirement is None else ("达标" if requirement["met"] else "未达标")
        lines.append(f"{year['year']}\t{year['unit']}\t" + "\t".join(str(t["value"]) for t in year["totals"])
                     + f"\t{year['total']}\t{verdict}")
    entries = full_entries(result)
    for year in result["years"]:
        if year["activities"]:
            lines += ["", f"{year['year']} 年度（{year['era']['label']}）："] + activity_lines(year, entries)
    if result["checks"]:
        lines.append("")
        for check in result["checks"]:
            mark = {True: "✔ 满足", False: "✘ 不满足", None: "？ 待确认"}[check["met"]]  # as the page shows it
            lines.append(f"{mark} {check['label']}：{check['text']}（{check['article']}）" + reading_text(check))
    if result["deadlines"]:
        lines.append("")
        for deadline in result["deadlines"]:
            lines.append(_deadline(deadline, f"{deadline['year']} 年度第 {deadline['index'] + 1} 项"))
    return "\n".join(lines)


def year_summary(result):
    unit = result["unit"]
    lines = [
        f"{result['policy']['title']}（{result['policy']['document_number']}）",
        f"{result['year']} 年度 · {result['era']['label']} · 单位：{unit}",
        "",
    ]
    lines += activity_lines(result)
    lines.append("")
    for total in result["totals"]:
        lines.append(f"{total['label']}：{total['value']} {unit}")
    lines.append(f"合计：{result['total']} {unit}")
    requirement = result["requirement"]
    if requirement:
        lines.append("")
        for line in requirement["groups"] + ([requirement["total"]] if requirement["total"] else []):
            mark = "✔" if line["met"] else "✘"
            lines.append(f"{mark} {line['text']}（{line['article']}）" + reading_text(line))
        lines.append("结论：" + ("已达到年度要求" if requirement["met"] else "尚未达到年度要求"))
    for note in result["notes"]:
        lines.append(f"说明：{note['text']}（{note['article']}）")
    for deadline in result["deadlines"]:
        lines.append(_deadline(deadline, f"第 {deadline['index'] + 1} 项"))
    return "\n".join(lines)


def activity_lines(result, entries=None):
    """Each activity with its value, then every step and note, as the JSON has them (a 0 says why). A
    spread activity entered in another year says where: its steps are given there, once."""
    unit, lines = result["unit"], []
    for activity in result["activities"]:
        carried = "source_index" in activity
        activity = resolve_carried(entries, activity) if carried else activity
        name = f"「{activity['name']}」" if activity["name"] else ""
        counted = activity["counted"]
        parts = [f"{c['label']} {c['value']}" for c in activity["categories"]]
        if counted != activity["raw"]:
            parts.insert(0, f"原 {activity['raw']}")
        source = (f"跨年度活动，{activity['spread_from']} 年度第 {activity['source_index'] + 1} 项录入，折算步骤见该年度"
                  if carried else f"跨年度活动，{activity['spread_from']} 年度录入" if "spread_from" in activity else "")
        lines.append(f"{activity['index'] + 1}. {activity['label']}{name}：计 {counted} {unit}"
                     f"{'（' + '，'.join(parts) + '）' if parts else ''} —— 依据 {activity['rule']['article']}"
                     + (f"（{source}）" if source else ""))
        for step in [] if carried else activity["steps"]:
            lines.append(f"   · {step['text']}" + (f"（{step['article']}）" if step.get("article") else ""))
        for note in activity["notes"]:
            lines.append(f"   注：{note['text']}（{note['article']}）")
    return lines


def _deadline(deadline, which):
    line = (f"截止 {deadline['date']}：{which}（{deadline['activity']}）{deadline['label']}（{deadline['article']}）"
            + reading_text(deadline))
    return f"{line}\n   ✘ 问题：{deadline['problem']}" if deadline.get("problem") else line


def reading_text(item):
    """The readings (本站解读) attached to a requirement line, deadline or multi-year check."""
    return "".join(f"\n   本站解读（{r['topic']}）：{r['reading']}" for r in item.get("interpretations", []))
