"""The region index (province → city → county) and the comparison page."""

import re
from itertools import groupby
from pathlib import Path

import yaml

from calculator import RecordError, score

from .policy_page import PolicyPage, activity_anchor, era_years
from .templates import render
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
                years = ('<span data-source="reading">' + md("、".join(era_years(era) for era in policy["eras"])) + "</span> "
                         + " ".join(reading_link(policy, name, "") for name in policy["effective"]["interpretations"])
                         if policy["effective"].get("interpretations") else
                         '<span data-source="computed" data-rule="eras.years">'
                         + md("、".join(era_years(era) for era in policy["eras"])) + "</span>")
                out.append(f"| {md(scope)} | {policy_link(policy)} | <span data-source=\"computed\" data-rule=\"document_number\">"
                           f"{md(policy['document_number'])}</span> | {md(policy['covers'])} | {md(units)} | {years} |")
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


READING_HTML = re.compile(r'<a class="jx-reading" data-source="reading" data-interp="([^"]+)"[^>]*>本站解读</a>')


def reading_link(policy, name, base="policies/"):
    """Markdown: the visible 本站解读 mark linking to a policy's interpretation."""
    return f'[本站解读]({base}{policy["id"]}.md#interp-{name}){{ .jx-reading data-source="reading" data-interp="{name}" }}'


def comparison_rows(policies, path):
    """The comparison page's data: requirement rows, activity rows and the basis of each cell."""
    columns, entries = load_comparison(path, policies)
    ordered = sorted(policies, key=region_key)
    requirements, rows, details = [], [], []
    for policy in ordered:
        page = PolicyPage(policy, "")
        for era in reversed(policy["eras"]):
            summary = READING_HTML.sub(lambda m: reading_link(policy, m.group(1)), page.requirement_summary_html(era))
            requirements.append({"policy": policy, "era": era, "label": "" if len(policy["eras"]) == 1 else f"（{era['label']}）",
                                 "summary": summary})
        entry = entries.get(policy["id"])
        year = (entry or {}).get("year") or default_year(policy)
        cells = []
        for column in columns:
            spec = (entry or {}).get(column["id"])
            if not spec:
                cells.append(None)
                continue
            result, item = score_one(policy, year, spec, path)
            era = next(e for e in policy["eras"] if e["id"] == result["era"]["id"])
            kind = next(k for k in era["activities"] if k["id"] == spec["kind"])
            if spec.get("reading") and spec["reading"] not in page.interpretations:
                raise ComparisonError(f"{path}: {policy['id']}: 未定义的解释说明「{spec['reading']}」")
            cell = {"value": f"{item['counted']} {result['unit']}", "href": f"policies/{policy['id']}.md#{activity_anchor(era, kind)}",
                    "rule": f"{policy['id']}/{activity_anchor(era, kind)}", "reading": spec.get("reading"),
                    "shares": "、".join(c["label"] + (f" {c['value']}" if len(item["categories"]) > 1 else "")
                                       for c in item["categories"])}
            cells.append(cell)
            filled = "；".join(f"{param['label']}：{page.show_value(kind, param['id'], spec['params'][param['id']])}"
                              for param in kind["params"] if param["id"] in spec.get("params", {}))
            details.append({"policy": policy, "column": column, "kind": kind, "cell": cell, "filled": filled or "—",
                            "notes": "；".join(note["text"] for note in item["notes"]), "note": spec.get("note", "")})
        rows.append({"policy": policy, "year": year, "cells": cells if entry is not None else [None] * len(columns)})
    missing = [p for p in ordered if p["id"] not in entries]
    return {"columns": columns, "requirements": requirements, "rows": rows, "details": details, "missing": missing}


def comparison_page(policies, path):
    return render("compare.md.j2", link=policy_link, reading=reading_link, **comparison_rows(policies, path))
