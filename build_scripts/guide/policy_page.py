"""One policy's guide page, in Markdown with HTML blocks, from its compiled JSON.

The page's structure is in templates/policy.md.j2 (and the templates it includes); this class
prepares the data they show. Every section is read from the policy data; nothing here knows a
region. Headings are Markdown (so they reach the table of contents and the search index); every
article reference links to its anchor in the appendix (the notice's full text).
"""

import re

from calculator.rules import KINDS, value_range

from markupsafe import Markup

from .notice import Notice, split_references
from .outcomes import outcome_table
from .params import ParamText
from .templates import Html, render
from .text import bullet_list, esc, num, table, tag

EXPLAIN_FIELD = re.compile(r"\{[a-z_]+\}")


def activity_anchor(era, kind):
    return f"act-{era['id']}-{kind['id']}"


def era_years(era):
    span = era["years"]
    start, end = span.get("from"), span.get("to")
    if end is None:
        return f"{start} 年度起"
    if start == end:
        return f"{start} 年度"
    return f"{start}—{end} 年度"


def date_text(value):
    year, month, day = value.split("-")
    return f"{int(year)}年{int(month)}月{int(day)}日"


def region_text(region, sep=" · "):
    return sep.join(part for part in (region.get("province"), region.get("city"), region.get("county")) if part)


class PolicyPage(ParamText):
    def __init__(self, policy, notice_text):
        self.policy = policy
        self.notice = Notice(notice_text)
        self.categories = {c["id"]: c for c in policy["categories"]}
        self.interpretations = {i["id"]: i for i in policy["interpretations"]}
        self._spans = {}
        self.unresolved = []  # article references with no matching heading (linked to #notice)

    # HTML helpers for the rule kinds' describe(kind, era, unit, page) in calculator.rules.<kind>
    esc, num, tag, table, bullet_list = map(staticmethod, (esc, num, tag, table, bullet_list))

    # --- links -------------------------------------------------------------------------------
    def art(self, reference):
        """Links for an article reference; several references may be joined by '；'."""
        links = []
        for part in split_references(reference):
            anchor = self.notice.resolve(part)
            if anchor is None:
                self.unresolved.append(part)
                anchor = "notice"
            links.append(tag("a", esc(part), href=f"#{anchor}", class_="jx-art", title="查看通知原文"))
        return "；".join(links) or tag("a", "通知原文", href="#notice", class_="jx-art")

    def cite(self, item, key="article"):
        """'（依据 第七条）' for an item that names its own article, else ''."""
        if item.get(key):
            return f' <span class="jx-cite">（依据 {self.art(item[key])}）</span>'
        return ""

    def quote(self, clause, article=None, cite=True):
        """A clause quoted from the notice (source kind `quoted`), checked by the site tests against `article`."""
        if not clause:
            return ""
        shown = f' <span class="jx-cite">—— {self.art(article)}</span>' if article and cite else ""
        return tag("blockquote", f"<p>「{esc(clause)}」{shown}</p>", class_="jx-clause",
                   data_source="quoted", data_article=article or None)

    def category_label(self, cat):
        return esc(self.categories[cat]["label"]) if cat in self.categories else esc(cat)

    # --- one activity --------------------------------------------------------------------------
    def category_text(self, spec, era, unit, kind=None):
        if "fixed" in spec:
            return self.category_label(spec["fixed"])
        if "choose" in spec:
            options = "、".join(self.category_label(c) for c in spec["choose"])
            return f"按内容选择：{options}（默认 {self.category_label(spec['default'])}）"
        if "split" in spec:
            parts = "、".join(f"{self.category_label(c)} {num(v)}" for c, v in spec["split"].items())
            return f"按固定比例分别计入：{parts} {esc(unit)}"
        if "depends" in spec:
            cases = "；".join(f"{esc(self.condition(kind, case['when']))}：{self.category_label(case['category'])}"
                             for case in spec["depends"])
            return f"按填写的情况：{cases}；其他：{self.category_label(spec['default'])}"
        pool = spec["pool"]
        link = tag("a", "抵扣上限", href=f"#pool-{era['id']}-{pool}")
        return f"可抵扣额度（见 {link}）"

    @staticmethod
    def explain(text):
        """An explain template with {times}/{added}… placeholders, each distinct one shown as its own letter.

        '超过 {times} 个两月，增记 {added} 学分' -> '超过 N 个两月，增记 M 学分': one letter for both would
        say something the rule does not (added is 5 × times, not times)."""
        letters = {}
        return esc(EXPLAIN_FIELD.sub(lambda m: letters.setdefault(m.group(0), "NMKJ"[min(len(letters), 3)]), text))

    def readings(self, names):
        """HTML: the visible 本站解读 mark for each interpretation named, linking to it ('' for none)."""
        return "".join(f'<a class="jx-reading" data-source="reading" data-interp="{esc(name)}" href="#interp-{esc(name)}"'
                       f' title="{esc(self.interpretations[name]["topic"])}">本站解读</a>' for name in names or [])

    def rule_body(self, kind, era, unit):
        """The rule kind's own description (HTML)."""
        return KINDS[kind["rule"]["kind"]].describe(kind, era, unit, self)

    def outcome_table(self, kind, era):
        """HTML: the values a table rule gives, case by case (outcomes.py), or ''."""
        return outcome_table(self, kind, era)

    def derive_settings(self, kind, derive):
        """HTML: what a `derive` entry sets, e.g. 按表中「国家级」行."""
        return "、".join(self._setting(kind, name, value)
                        for name, value in sorted(derive["set"].items(), key=self._axis_order(kind)))

    @staticmethod
    def adjustment_change(adjustment, unit):
        if "set" in adjustment:
            return f"改为 {num(adjustment['set'])} {unit}"
        value = num(adjustment["add"])
        return f"减 {value.lstrip('-')} {unit}" if value.startswith("-") else f"加 {value} {unit}"

    @staticmethod
    def _axis_order(kind):
        rule = kind["rule"]
        order = [rule["rows"]["param"], rule["columns"]["param"]] if rule["kind"] == "grid" else []
        return lambda item: order.index(item[0]) if item[0] in order else -1

    def _setting(self, kind, name, value):
        rule = kind["rule"]
        if rule["kind"] == "grid":
            for axis, word in (("rows", "行"), ("columns", "列")):
                if rule[axis]["param"] == name:
                    return f"按表中「{esc(rule[axis]['labels'].get(value, value))}」{word}"
        return f"{esc(self.param_label(kind, name))}按{esc(self.show_value(kind, name, value))}"

    def grid_table(self, rule, unit):
        rows, columns = rule["rows"], rule["columns"]
        corner = f"{rows.get('label', '')} \\ {columns.get('label', '')}".strip(" \\") or unit
        body = []
        for row_id in rows["order"]:
            cells = [f"<th scope=\"row\">{esc(rows['labels'].get(row_id, row_id))}</th>"]
            for col_id in columns["order"]:
                value = rule["values"].get(row_id, {}).get(col_id)
                cells.append(f"<td>{num(value)}</td>" if value is not None else '<td class="jx-empty">—</td>')
            body.append("<tr>" + "".join(cells) + "</tr>")
        head = "".join(f"<th>{esc(columns['labels'].get(c, c))}</th>" for c in columns["order"])
        caption = f"单位：{esc(unit)}"
        if rule.get("table_article"):
            caption += f"，依据 {self.art(rule['table_article'])}"
        return (f'<div class="jx-scroll"><table class="jx-grid"><caption>{caption}</caption><thead><tr>'
                f"<th>{esc(corner)}</th>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>")

    def activity_meta(self, kind, era):
        """HTML: the activity's article, category, years and spread, joined by ' · '."""
        unit = era["unit"]
        meta = [f"依据 {self.art(kind['article'])}",
                f"计入 {self.category_text(kind['category'], era, unit, kind)}"]
        if kind.get("years"):
            span = kind["years"]
            years = "—".join(str(y) for y in dict.fromkeys([span.get("from"), span.get("to")]) if y)
            meta.append(f"仅 {esc(years)} 年度（{esc(span['message'])}）")
        if kind.get("spread"):
            spread = kind["spread"]
            meta.append(f"从「{esc(self.param_label(kind, spread['from']))}」到「{esc(self.param_label(kind, spread['to']))}」"
                        "的每个年度都计入")
        return " · ".join(meta)

    def kind_interpretations(self, kind):
        return [self.interpretations[i] for i in kind.get("interpretations", []) if i in self.interpretations]

    # --- summaries -----------------------------------------------------------------------------
    def brief(self, kind, era):
        """A one-line summary of a rule for the overview table (ranges from the engine: value_span)."""
        rule = kind["rule"]
        unit = era["unit"]
        if rule["kind"] == "fixed":
            return f"{num(rule['value'])} {unit}"
        if rule["kind"] == "none":
            return "不计"
        if rule["kind"] == "rate":
            parts = []
            for term in rule["terms"]:
                param_unit = self.param_unit(kind, term["param"]) or "单位"
                size = num(term["divisor"]) if "divisor" in term else ""
                rates = [term["rate"]] if "rate" in term else [r["rate"] for r in term["rate_rows"]]
                shown = "/".join(dict.fromkeys(num(r) for r in rates))
                if param_unit == unit and shown == "1" and not size:
                    parts.append(f"按实际{unit}计")
                else:
                    parts.append(f"每{' ' + size + ' ' if size else ''}{param_unit} {shown} {unit}")
            text = "；".join(parts)
            if rule.get("override"):
                text += "（或按证书所列）"
            return text
        span = self.value_span(kind, era)
        if span is None:
            return "—"
        low, high = (num(v) if v is not None else None for v in span)
        if high is None:
            return f"{low} {unit}起，不设上限"
        text = f"{low} {unit}" if low == high else f"{low}—{high} {unit}，按条件"
        return text + ("（或按证书所列）" if rule.get("override") else "")

    def value_span(self, kind, era):
        """(low, high or None when unbounded) an activity of the kind can score (calculator.rules.value_range,
        without an `override`, which the overview names); None for rate kinds.

        Rate kinds grow with what is entered (days, hours), so the overview shows their rate instead.
        A bracket rule with `beyond` has no upper bound in the notice (the input field has one)."""
        if kind["rule"]["kind"] not in ("lookup", "grid", "brackets"):
            return None
        key = activity_anchor(era, kind)
        if key not in self._spans:
            rule, override = kind["rule"], kind["rule"].get("override", {}).get("param")
            own = {**kind, "rule": {k: v for k, v in rule.items() if k != "override"},  # the rule's own range
                   "params": [p for p in kind["params"] if p["id"] != override]}
            found = value_range(own)
            self._spans[key] = found and (found[0], None if rule.get("beyond") else found[1])
        return self._spans[key]

    def range_data(self, kind, era):
        """The data-range attribute of an overview cell: 'low,high' ('low,' when unbounded), or ''."""
        span = self.value_span(kind, era)
        if span is None:
            return ""
        return ",".join("" if v is None else str(v) for v in span)

    @staticmethod
    def requirement_lines(era):
        requirement = era["requirement"]
        return ([requirement["total"]] if requirement.get("total") else []) + requirement.get("groups", [])

    def requirement_summary_html(self, era):
        """HTML: an era's yearly requirement in one line, each line marked 本站解读 where it is our reading.

        An era without a yearly requirement names the multi-year totals that fall in its years."""
        requirement = era.get("requirement")
        unit = era["unit"]
        if not requirement:
            span = era["years"]
            windows = [check for check in self.policy.get("multi_year", []) if check["kind"] == "window_sum"
                       and span["from"] <= check["years"]["from"] and check["years"]["to"] <= (span.get("to") or 9999)]
            sums = "，".join(f"{esc(self.check_condition(check))}{self.readings(check.get('interpretations'))}"
                            for check in windows)
            return "不设单一年度要求" + (f"；{sums}" if sums else "")
        parts = []
        if requirement.get("total"):
            total = requirement["total"]
            parts.append(f"每年不少于 {num(total['min'])} {esc(unit)}{self.readings(total.get('interpretations'))}")
        groups = [f"{esc(g['label'])}不少于 {num(g['min'])}{self.readings(g.get('interpretations'))}"
                  for g in requirement.get("groups", [])]
        if groups:
            parts.append(("其中" if parts else "") + "，".join(groups) + ("" if parts else f" {esc(unit)}"))
        return "，".join(parts)

    # --- era-level rules -----------------------------------------------------------------------
    @staticmethod
    def kinds(era, ids):
        kinds = {k["id"]: k for k in era["activities"]}
        return [kinds[i] for i in ids if i in kinds]

    def pool_limits(self, pool, unit):
        return "、".join(f"{pool['labels'].get(c, self.categories.get(c, {}).get('label', c))} {num(v)} {unit}"
                        for c, v in pool["caps"].items())

    @staticmethod
    def shared_tables(era):
        """[(table name, grid rule, kinds using it)] for grids an era shares between activities."""
        tables = {}
        for kind in era["activities"]:
            rule = kind["rule"]
            if rule["kind"] == "grid" and rule.get("table"):
                tables.setdefault(rule["table"], (rule, []))[1].append(kind)
        return [(name, rule, kinds) for name, (rule, kinds) in tables.items()]

    # --- the page --------------------------------------------------------------------------------
    def units(self):
        return "、".join(dict.fromkeys(e["unit"] for e in self.policy["eras"]))

    def region(self):
        return region_text(self.policy["region"])

    def category_labels(self, ids):
        return "、".join(self.categories[c]["label"] if c in self.categories else c for c in ids)

    activity_anchor = staticmethod(activity_anchor)
    era_years = staticmethod(era_years)

    @staticmethod
    def era_title(era):
        return era["label"] if str(era["years"]["from"]) in era["label"] else f"{era['label']}（{era_years(era)}）"

    def era_list(self):
        return "、".join(f"{e['label']}：{era_years(e)}" for e in self.policy["eras"])

    def years_source(self):
        """HTML attributes for a statement of the years the calculator applies the policy to."""
        names = self.policy["effective"].get("interpretations")
        return (f'data-source="reading" data-interp="{esc(" ".join(names))}"' if names
                else 'data-source="computed" data-rule="eras.years"')

    def facts(self):
        """[(label, HTML value, source kind, article or rule)] for the facts table at the top of the page."""
        p = self.policy
        effective = p["effective"]
        rows = [
            ("文号", esc(p["document_number"]), "computed", "document_number"),
            ("发布机关", esc("、".join(p["issuer"])), "computed", "issuer"),
            ("文件日期", esc(date_text(p["issued"])), "computed", "issued"),
        ]
        if effective.get("clause"):
            rows.append(("施行", f"「{esc(effective['clause'])}」（依据 {self.art(effective['article'])}）",
                         "quoted", effective["article"]))
        rows += [
            ("地区", esc(region_text(p["region"])), "computed", "region"),
            ("适用对象", esc(p["covers"]) + f"（{tag('a', '适用范围', href='#scope')}）", "computed", "covers"),
            ("计量单位", esc(self.units()), "computed", "eras.unit"),
        ]
        for era in p["eras"]:
            label = "年度要求" if len(p["eras"]) == 1 else f"年度要求（{era['label']}）"
            details = tag("a", "详见", href=f"#requirement-{era['id']}")
            rows.append((label, f"{esc(era_years(era))}{self.readings(effective.get('interpretations'))}："
                                f"{self.requirement_summary_html(era)}（{details}）", "computed", f"requirement-{era['id']}"))
        return [(label, Markup(value), source, basis) for label, value, source, basis in rows]

    def notice_html(self):
        return self.notice.to_html()

    def render(self):
        return render("policy.md.j2", page=self, html=Html(self))

    # --- policy-wide sections ----------------------------------------------------------------------
    def statement(self, item, key, rule):
        """HTML table cell for a deadline or consequence: the notice's clause quoted when there is one
        (never our summary of it, which could be quoted as the notice's rule), else the summary."""
        if item.get("clause"):
            return (f'<td data-source="quoted" data-article="{esc(item["article"])}">「{esc(item["clause"])}」'
                    f'{self.readings(item.get("interpretations"))}</td>')
        return f'<td data-source="computed" data-rule="{esc(rule)}">{esc(item[key])}{self.readings(item.get("interpretations"))}</td>'

    def check_condition(self, check):
        """What a multi-year check asks, in words."""
        person = {"params": self.policy.get("person", []), "rule": {"kind": "none"}}
        kind = check["kind"]
        if kind == "window_sum":
            years = check["years"]
            return f"{years['from']}—{years['to']} 年度合计不少于 {num(check['min'])} {check['unit']}"
        if kind == "each_unmet":
            return "当年度未达到年度要求"
        if kind == "consecutive_unmet":
            return f"连续 {check['count']} 个年度未达到年度要求"
        if kind == "recent_all_met":
            need = f"最近 {check['window']} 个年度都达到年度要求"
            for extra in check.get("window_if", []):
                need += f"（{self.condition(person, extra['when'])}：最近 {extra['window']} 个年度）"
            return need
        if kind == "surplus_early":
            need = "所获学分超过规定总额"
            early = "；".join(f"{self.condition(person, e['when'])}：最多提前 {e['years']} 年"
                             for e in check.get("early", []))
            return need + (f"（{early}）" if early else "")
        return check.get("summary", "")

    @staticmethod
    def check_result(check):
        return "；".join(part for part in (check.get("purpose") and f"用于：{check['purpose']}",
                                          check.get("consequence"), check.get("summary")) if part)

    def evidence_rows(self):
        """[(label, era, kind)] for every activity with evidence to keep."""
        rows = []
        for era in self.policy["eras"]:
            for kind in era["activities"]:
                if kind.get("evidence"):
                    label = kind["label"] + (f"（{era['label']}）" if len(self.policy["eras"]) > 1 else "")
                    rows.append((label, era, kind))
        return rows

    def interpretation_users(self, name):
        """[(era, kind)] of the activities that name an interpretation, one per anchor."""
        users = {}
        for era in self.policy["eras"]:
            for kind in era["activities"]:
                if name in kind.get("interpretations", []):
                    users.setdefault(activity_anchor(era, kind), (era, kind))
        return list(users.values())
