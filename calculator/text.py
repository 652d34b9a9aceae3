"""A readable Chinese summary of a score result (CLI `--text`, print view)."""


def summary(result):
    unit = result["unit"]
    lines = [
        f"{result['policy']['title']}（{result['policy']['document_number']}）",
        f"{result['year']} 年度 · {result['era']['label']} · 单位：{unit}",
        "",
    ]
    for activity in result["activities"]:
        name = f"「{activity['name']}」" if activity["name"] else ""
        counted = activity["counted"]
        parts = [f"{c['label']} {c['value']}" for c in activity["categories"]]
        if counted != activity["raw"]:
            parts.insert(0, f"原 {activity['raw']}")
        lines.append(f"{activity['index'] + 1}. {activity['label']}{name}：计 {counted} {unit}"
                     f"{'（' + '，'.join(parts) + '）' if parts else ''} —— 依据 {activity['rule']['article']}")
        for note in activity["notes"]:
            lines.append(f"   注：{note['text']}（{note['article']}）")
    lines.append("")
    for total in result["totals"]:
        lines.append(f"{total['label']}：{total['value']} {unit}")
    lines.append(f"合计：{result['total']} {unit}")
    requirement = result["requirement"]
    if requirement:
        lines.append("")
        for line in requirement["groups"] + ([requirement["total"]] if requirement["total"] else []):
            mark = "✔" if line["met"] else "✘"
            lines.append(f"{mark} {line['text']}（{line['article']}）")
        lines.append("结论：" + ("已达到年度要求" if requirement["met"] else "尚未达到年度要求"))
    for note in result["notes"]:
        lines.append(f"说明：{note['text']}（{note['article']}）")
    return "\n".join(lines)
