"""The region index (province → city → county) and the comparison page."""

from itertools import groupby
from pathlib import Path

import yaml

from calculator import RecordError, score

from .policy_page import PolicyPage, activity_anchor, era_years, region_text
from .text import md


class ComparisonError(Exception):
    pass


def region_key(policy):
    region = policy["region"]
    return (region["province"], region["city"], region.get("county") or "", policy["id"])


def policy_link(policy, base="", short=False):
    return f"[{md(policy['short_title' if short else 'title'])}]({base}{policy['id']}.md)"


def region_index(policies):
    """policies/index.md: every policy under its province and city."""
    out = ["# 各地政策", "",
           "本站收录的继续教育政策，按省、市、县（区）排列。每项政策一页：适用范围、年度要求、"
           "每种学习活动怎样折算、上限与抵扣、申报期限、未完成的后果、应保留的证明材料，以及通知原文。"
           "各地要求的对比见[政策对比](../compare.md)。", ""]
    ordered = sorted(policies, key=region_key)
    for province, in_province in groupby(ordered, key=lambda p: p["region"]["province"]):
        out += [f"## {md(province)}", ""]
        for city, in_city in groupby(in_province, key=lambda p: p["region"]["city"]):
            out += [f"### {md(city)}", "",
                    "| 范围 | 政策 | 文号 | 适用对象 | 单位 | 适用年度 |",
                    "|---|---|---|---|---|---|"]
            for policy in in_city:
                scope = policy["region"].get("county") or "全市"
                units = "、".join(dict.fromkeys(era["unit"] for era in policy["eras"]))
                years = "、".join(era_years(era) for era in policy["eras"])
                out.append(f"| {md(scope)} | {policy_link(policy)} | {md(policy['document_number'])} | "
                           f"{md(policy['covers'])} | {md(units)} | {md(years)} |")
            out.append("")
    return "\n".join(out) + "\n"


def load_comparison(path, policies):
    """docs/comparison.yaml, checked against the policies it names."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    columns = data.get("activities") or []
    ids = {column["id"] for column in columns}
    known = {policy["id"]: policy for policy in policies}
    for policy_id, entry in (data.get("policies") or {}).items():
        if policy_id not in known:
            raise ComparisonError(f"{path}: 未知的政策「{policy_id}」")
        for key in entry or {}:
            if key not in ids and key not in ("year", "note"):
                raise ComparisonError(f"{path}: {policy_id}: 未知的常见活动「{key}」（可用：{'、'.join(sorted(ids))}）")
    return columns, data.get("policies") or {}


def default_year(policy):
    """The first year of the latest era: the rules most people look up today."""
    return max(era["years"]["from"] for era in policy["eras"])


def score_one(policy, year, spec, path):
    record = {"format": 1, "policy": policy["id"], "year": year,
              "activities": [{"kind": spec["kind"], "params": spec.get("params", {}),
                              **({"category": spec["category"]} if spec.get("category") else {})}]}
    try:
        result = score(policy, record)
    except RecordError as error:
        raise ComparisonError(f"{path}: {policy['id']}: {error.message}") from None
    return result, result["activities"][0]


def comparison_page(policies, path):
    columns, entries = load_comparison(path, policies)
    ordered = sorted(policies, key=region_key)
    out = ["# 政策对比", "",
           "各地政策并排比较：年度要求，以及几种常见学习活动在各地分别能折算多少。"
           "表中的数值不是手抄的，而是在生成本站时用本站的计算引擎按各地政策逐一算出；"
           "每项活动对应哪一种折算规则、填写了什么，见页末的“计算依据”。"
           "「—」表示该政策没有相应的折算规则。学分和学时是不同的单位，不能直接比较大小。", "",
           "## 年度要求 {#requirement}", "",
           "| 政策 | 地区 | 适用对象 | 单位 | 年度要求 |", "|---|---|---|---|---|"]
    for policy in ordered:
        page = PolicyPage(policy, "")
        for era in reversed(policy["eras"]):
            label = "" if len(policy["eras"]) == 1 else f"（{era['label']}）"
            out.append(f"| {policy_link(policy, 'policies/', short=True)}{md(label)} | {md(region_text(policy['region']))} | "
                       f"{md(policy['covers'])} | {md(era['unit'])} | "
                       f"[{md(page.requirement_summary(era))}](policies/{policy['id']}.md#requirement-{era['id']}) |")
    out += ["", "## 常见活动折算 {#activities}", ""]
    out.append("| 政策 | 年度 | " + " | ".join(md(c["label"]) for c in columns) + " |")
    out.append("|---|---|" + "---|" * len(columns))
    details = []
    for policy in ordered:
        entry = entries.get(policy["id"])
        year = (entry or {}).get("year") or default_year(policy)
        cells = []
        for column in columns:
            spec = (entry or {}).get(column["id"])
            if not spec:
                cells.append("—")
                continue
            result, item = score_one(policy, year, spec, path)
            era = next(e for e in policy["eras"] if e["id"] == result["era"]["id"])
            kind = next(k for k in era["activities"] if k["id"] == spec["kind"])
            shares = "、".join(c["label"] + (f" {c['value']}" if len(item["categories"]) > 1 else "")
                              for c in item["categories"])
            value = f"{item['counted']} {result['unit']}"
            cells.append(f"[{md(value)}](policies/{policy['id']}.md#{activity_anchor(era, kind)})"
                         + (f"<br><small>{md(shares)}</small>" if shares else ""))
            page = PolicyPage(policy, "")
            filled = "；".join(f"{param['label']}：{page.show_value(kind, param['id'], spec['params'][param['id']])}"
                              for param in kind["params"] if param["id"] in spec.get("params", {}))
            notes = "；".join(note["text"] for note in item["notes"])
            details.append(f"| {policy_link(policy, 'policies/', short=True)} | {md(column['label'])} | "
                           f"[{md(kind['label'])}](policies/{policy['id']}.md#{activity_anchor(era, kind)}) | "
                           f"{md(filled or '—')} | {md(value)}{'（' + md(notes) + '）' if notes else ''} | "
                           f"{md(spec.get('note', ''))} |")
        if entry is None:
            cells = ["—"] * len(columns)
        out.append(f"| {policy_link(policy, 'policies/', short=True)} | {year} | " + " | ".join(cells) + " |")
    missing = [p for p in ordered if p["id"] not in entries]
    out += [""]
    if missing:
        out += ["!!! note \"尚未整理\"", "",
                "    以下政策还没有整理常见活动的对应关系，表中暂以「—」表示："
                + "、".join(policy_link(p, "policies/") for p in missing) + "。", ""]
    out += ["## 计算依据 {#basis}", "",
            "常见活动的含义：", ""]
    out += [f"- **{md(c['label'])}**：{md(c.get('help', ''))}" for c in columns]
    out += ["", "各政策中对应的活动类型和填写的内容（整理在 `docs/comparison.yaml`，数值由计算引擎得出）：", "",
            "| 政策 | 常见活动 | 对应的活动类型 | 填写 | 结果 | 备注 |", "|---|---|---|---|---|---|"]
    out += details
    return "\n".join(out) + "\n"
