"""One policy's guide page, in Markdown with HTML blocks, from its compiled JSON.

Every section is read from the policy data; nothing here knows a region. Headings are Markdown
(so they reach the table of contents and the search index); tables and quotes are HTML built with
escaped text. Every article reference links to its anchor in the appendix (the notice's full text).
"""

import re

from calculator.numbers import to_fraction

from .notice import Notice, split_references
from .text import bullet_list, esc, md, num, table, tag

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


class PolicyPage:
    def __init__(self, policy, notice_text):
        self.policy = policy
        self.notice = Notice(notice_text)
        self.categories = {c["id"]: c for c in policy["categories"]}
        self.interpretations = {i["id"]: i for i in policy["interpretations"]}
        self.unresolved = []  # article references with no matching heading (linked to #notice)

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

    def quote(self, clause, article=None):
        if not clause:
            return ""
        cite = f' <span class="jx-cite">—— {self.art(article)}</span>' if article else ""
        return tag("blockquote", f"<p>「{esc(clause)}」{cite}</p>", class_="jx-clause")

    def category_label(self, cat):
        return esc(self.categories[cat]["label"]) if cat in self.categories else esc(cat)

    # --- parameters and conditions ----------------------------------------------------------
    @staticmethod
    def value_labels(kind):
        """param id -> {value: label}, for declared enums and for grid axes set by `derive`."""
        labels = {}
        for param in kind["params"]:
            if param["type"] == "enum":
                labels[param["id"]] = {o["value"]: o["label"] for o in param["options"]}
        rule = kind["rule"]
        if rule["kind"] == "grid":
            for axis in ("rows", "columns"):
                labels.setdefault(rule[axis]["param"], {}).update(rule[axis].get("labels", {}))
        return labels

    @staticmethod
    def param_label(kind, name):
        for param in kind["params"]:
            if param["id"] == name:
                return param["label"]
        rule = kind["rule"]
        if rule["kind"] == "grid":
            if rule["rows"]["param"] == name:
                return rule["rows"].get("label", "折算表的行")
            if rule["columns"]["param"] == name:
                return rule["columns"].get("label", "折算表的列")
        return name

    @staticmethod
    def param_unit(kind, name):
        for param in kind["params"]:
            if param["id"] == name:
                return param.get("unit") or param.get("item", {}).get("unit", "")
        return ""

    def show_value(self, kind, name, value):
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, list):
            return f"{len(value)} 天，分别为 " + "、".join(num(v) for v in value) + self.param_unit(kind, name)
        label = self.value_labels(kind).get(name, {}).get(value)
        if label is not None:
            return f"「{label}」"
        if isinstance(value, (int, float)) or (isinstance(value, str) and re.fullmatch(r"-?[0-9./]+", value)):
            return f"{num(value)}{self.param_unit(kind, name)}"
        return f"「{value}」"

    def condition(self, kind, when):
        """{'journal': 'core', 'first_author': True} -> 刊物类型为「核心期刊」，第一作者：是."""
        if not when:
            return "所有情况"
        parts = []
        for name, test in when.items():
            label = self.param_label(kind, name)
            unit = self.param_unit(kind, name)
            if isinstance(test, dict):
                if "present" in test:
                    parts.append(f"填写了「{label}」" if test["present"] else f"未填写「{label}」")
                    continue
                bounds = []
                if "min" in test and "max" in test:
                    low, high = num(test["min"]), num(test["max"])
                    bounds.append(f"为 {low}{unit}" if low == high else f"在 {low}—{high}{unit}之间")
                elif "min" in test:
                    bounds.append(f"不少于 {num(test['min'])}{unit}")
                elif "max" in test:
                    bounds.append(f"不超过 {num(test['max'])}{unit}")
                if "below" in test:
                    bounds.append(f"不满 {num(test['below'])}{unit}")
                parts.append(f"{label}{'、'.join(bounds)}")
            elif isinstance(test, list):
                parts.append(f"{label}为" + "或".join(self.show_value(kind, name, v) for v in test))
            elif isinstance(test, bool):
                parts.append(f"{label}：{'是' if test else '否'}")
            else:
                parts.append(f"{label}为{self.show_value(kind, name, test)}")
        return "，".join(parts)

    def param_description(self, param):
        kind = param["type"]
        unit = param.get("unit", "")
        if kind in ("integer", "decimal"):
            text = f"{'整数' if kind == 'integer' else '数值'}，{num(param['min'])}—{num(param['max'])}{unit}"
            if param.get("step") not in (None, 1) and kind == "decimal":
                text += f"，可填到 {num(param['step'])}"
        elif kind == "enum":
            text = "选择：" + "、".join(o["label"] for o in param["options"])
        elif kind == "boolean":
            text = "是 / 否"
        else:  # per_day
            item = param["item"]
            text = (f"按天逐日填写，每天 {num(item.get('min', 0))}—{num(item['max'])}{item.get('unit', '')}"
                    if "max" in item else "按天逐日填写")
            if param.get("max_days"):
                text += f"，最多 {param['max_days']} 天"
        if "default" in param and param["default"] is not None:
            default = param["default"]
            if kind == "enum":
                default = next((o["label"] for o in param["options"] if o["value"] == default), default)
            elif kind == "boolean":
                default = "是" if default else "否"
            text += f"（默认 {default}）"
        elif param.get("optional"):
            text += "（可不填）"
        if param.get("help"):
            text += f"。{param['help']}"
        return text

    # --- one activity --------------------------------------------------------------------------
    def category_text(self, spec, era, unit):
        if "fixed" in spec:
            return self.category_label(spec["fixed"])
        if "choose" in spec:
            options = "、".join(self.category_label(c) for c in spec["choose"])
            return f"按内容选择：{options}（默认 {self.category_label(spec['default'])}）"
        if "split" in spec:
            parts = "、".join(f"{self.category_label(c)} {num(v)}" for c, v in spec["split"].items())
            return f"按固定比例分别计入：{parts} {esc(unit)}"
        pool = spec["pool"]
        link = tag("a", "抵扣上限", href=f"#pool-{era['id']}-{pool}")
        return f"可抵扣额度（见 {link}）"

    @staticmethod
    def explain(text):
        """An explain template with {value}/{rank}… placeholders, shown with N in their place."""
        return esc(EXPLAIN_FIELD.sub("N", text))

    def rule_html(self, kind, era, unit):
        rule = kind["rule"]
        parts = []
        if rule.get("derive"):
            items = []
            for derive in rule["derive"]:
                settings = "、".join(self._setting(kind, name, value)
                                    for name, value in sorted(derive["set"].items(), key=self._axis_order(kind)))
                if settings:
                    items.append(f"{esc(self.condition(kind, derive['when']))}：{settings}"
                                 f"<span class=\"jx-note\">（{esc(derive['explain'])}）</span>{self.cite(derive)}")
                else:
                    items.append(f"{esc(self.condition(kind, derive['when']))}：{esc(derive['explain'])}"
                                 f"{self.cite(derive)}")
            parts.append('<p class="jx-step">先确定折算依据：</p>' + bullet_list(items))
        override = rule.get("override")
        if override:
            parts.append(f'<p class="jx-step">填写了「{esc(self.param_label(kind, override["param"]))}」时，'
                         f'按所填数值计，不再按下表折算<span class="jx-note">（{self.explain(override["explain"])}）'
                         f"</span>{self.cite(override)}；否则：</p>")
        parts.append(getattr(self, f"_rule_{rule['kind']}")(kind, era, unit))
        if rule.get("adjustments"):
            rows = []
            for adjustment in rule["adjustments"]:
                if "set" in adjustment:
                    change = f"改为 {num(adjustment['set'])} {unit}"
                else:
                    value = num(adjustment["add"])
                    change = f"减 {value.lstrip('-')} {unit}" if value.startswith("-") else f"加 {value} {unit}"
                rows.append([esc(self.condition(kind, adjustment["when"])), esc(change),
                             esc(adjustment["explain"]) + self.cite(adjustment)])
            parts.append('<p class="jx-step">再按以下条件调整：</p>' + table(["条件", "调整", "说明"], rows, "jx-adjust"))
        share = rule.get("share")
        if share:
            parts.append(
                f'<p class="jx-step">多人合作时：按「{esc(self.param_label(kind, share["authors"]))}」在作者之间平均分配，'
                f'只取整数，余数依次追加给排名靠前的作者；本人按「{esc(self.param_label(kind, share["rank"]))}」计'
                f'<span class="jx-note">（{self.explain(share["explain"])}）</span>{self.cite(share)}</p>')
        return "".join(parts)

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

    def _rule_fixed(self, kind, era, unit):
        rule = kind["rule"]
        return table(["折算值", "说明"], [[f"<strong>{num(rule['value'])} {esc(unit)}</strong>", esc(rule["explain"])]],
                     "jx-rule-table")

    def _rule_rate(self, kind, era, unit):
        rule = kind["rule"]
        rows = []
        for term in rule["terms"]:
            param_unit = self.param_unit(kind, term["param"])
            per_day = any(p["id"] == term["param"] and p["type"] == "per_day" for p in kind["params"])
            size = num(term["divisor"]) if "divisor" in term else "1"
            per = f"每 {size} {param_unit}" if param_unit else f"每 {size}"
            if per_day:
                per = f"每天每 {size} {param_unit}"
            extra = ""
            if "divisor" in term and term.get("rounding") == "floor":
                extra += f"，不足 {size} {param_unit}的部分不计"
            if "item_cap" in term:
                extra += f"；每天最多计 {num(term['item_cap'])} {unit}"
                if term.get("cap_article"):
                    extra += f"（依据 {self.art(term['cap_article'])}）"
            label = esc(term.get("label") or self.param_label(kind, term["param"]))
            if "rate_rows" in term:
                for row in term["rate_rows"]:
                    rows.append([label, esc(self.condition(kind, row.get("when"))),
                                 f"<strong>{esc(per)} 计 {num(row['rate'])} {esc(unit)}</strong>{extra}"
                                 + self.cite(row)])
                rows.append([label, "不符合以上条件", "计 0"])
            else:
                rows.append([label, "—", f"<strong>{esc(per)} 计 {num(term['rate'])} {esc(unit)}</strong>{extra}"])
        return table(["计量", "条件", "折算标准"], rows, "jx-rule-table")

    def _rule_lookup(self, kind, era, unit):
        rule = kind["rule"]
        rows = [[esc(self.condition(kind, row.get("when"))), f"<strong>{num(row['value'])} {esc(unit)}</strong>",
                 esc(row["explain"]) + self.cite(row)] for row in rule["rows"]]
        default = rule.get("default")
        if default:
            rows.append(["其他情况", f"<strong>{num(default['value'])} {esc(unit)}</strong>",
                         esc(default["explain"]) + self.cite(default)])
        elif not self.exhaustive(kind, rule["rows"]):
            rows.append(["不符合以上任何条件", "0", "没有适用的折算标准，计 0"])
        return table(["条件", "折算值", "说明"], rows, "jx-rule-table")

    @staticmethod
    def exhaustive(kind, rows):
        """True when the rows cover every case: one has no condition, or they list every option of an enum."""
        if any(not row.get("when") for row in rows):
            return True
        for param in kind["params"]:
            if param["type"] != "enum":
                continue
            seen = set()
            for row in rows:
                if set(row["when"]) == {param["id"]}:
                    test = row["when"][param["id"]]
                    seen |= set(test) if isinstance(test, list) else {test}
            if seen >= {option["value"] for option in param["options"]}:
                return True
        return False

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

    def _rule_grid(self, kind, era, unit):
        rule = kind["rule"]
        parts = []
        if rule.get("table"):
            anchor = f"table-{era['id']}-{rule['table']}"
            parts.append(f'<p class="jx-step">按{tag("a", "折算表", href=f"#{anchor}")}取值'
                         f"（表中「—」表示没有这一栏，计 0）：</p>")
        else:
            parts.append('<p class="jx-step">按折算表取值（「—」表示没有这一栏，计 0）：</p>' + self.grid_table(rule, unit))
        if rule.get("shifts"):
            items = []
            for shift in rule["shifts"]:
                move = (f"在表中下移 {shift['steps']} 行" if shift["axis"] == "row"
                        else f"在表中右移 {shift['steps']} 列")
                beyond = (f"；移出表格时计 {num(shift['beyond'])} {esc(unit)}" if shift.get("beyond") is not None
                          else "；移出表格时计 0")
                items.append(f"{esc(self.condition(kind, shift.get('when')))}：{move}{beyond}"
                             f"<span class=\"jx-note\">（{esc(shift['explain'])}）</span>{self.cite(shift)}")
            parts.append('<p class="jx-step">按排名调整取值位置：</p>' + bullet_list(items))
        return "".join(parts)

    def _rule_brackets(self, kind, era, unit):
        rule = kind["rule"]
        name = rule["param"]
        param_unit = self.param_unit(kind, name)
        rows = []
        for bracket in rule["brackets"]:
            bounds = []
            if bracket.get("from") is not None:
                bounds.append(f"满 {num(bracket['from'])} {param_unit}")
            if bracket.get("below") is not None:
                bounds.append(f"不满 {num(bracket['below'])} {param_unit}")
            if bracket.get("to") is not None:
                bounds.append(f"不超过 {num(bracket['to'])} {param_unit}")
            rows.append([esc("、".join(bounds) or "任何时长"), f"<strong>{num(bracket['value'])} {esc(unit)}</strong>",
                         esc(bracket["explain"])])
        html = table([esc(self.param_label(kind, name)), "折算值", "说明"], rows, "jx-rule-table")
        beyond = rule.get("beyond")
        if beyond:
            html += (f'<p class="jx-step">超过 {num(beyond["from"])} {esc(param_unit)}后，每满 {num(beyond["every"])} '
                     f'{esc(param_unit)}再加 {num(beyond["add"])} {esc(unit)}'
                     f'<span class="jx-note">（{self.explain(beyond["explain"])}）</span>{self.cite(beyond)}</p>')
        return html

    def _rule_none(self, kind, era, unit):
        return f'<p class="jx-none"><strong>不计{esc(unit)}：</strong>{esc(kind["rule"]["reason"])}</p>'

    def activity(self, kind, era):
        unit = era["unit"]
        meta = [f"依据 {self.art(kind['article'])}",
                f"计入 {self.category_text(kind['category'], era, unit)}"]
        if kind.get("years"):
            span = kind["years"]
            years = "—".join(str(y) for y in dict.fromkeys([span.get("from"), span.get("to")]) if y)
            meta.append(f"仅 {esc(years)} 年度（{esc(span['message'])}）")
        if kind.get("spread"):
            spread = kind["spread"]
            meta.append(f"从「{esc(self.param_label(kind, spread['from']))}」到「{esc(self.param_label(kind, spread['to']))}」"
                        "的每个年度都计入")
        body = [f'<p class="jx-meta">{" · ".join(meta)}</p>', self.quote(kind["clause"])]
        if kind.get("help"):
            body.append(f'<p class="jx-help">{esc(kind["help"])}</p>')
        if kind["params"]:
            items = [f"<strong>{esc(p['label'])}</strong>：{esc(self.param_description(p))}" for p in kind["params"]]
            body.append('<p class="jx-step">需要填写：</p>' + bullet_list(items))
        body.append(self.rule_html(kind, era, unit))
        if kind.get("limits"):
            body.append(bullet_list([esc(limit["message"]) for limit in kind["limits"]], "jx-limits"))
        if kind.get("interpretations"):
            links = "；".join(tag("a", esc(self.interpretations[i]["topic"]), href=f"#interp-{i}")
                             for i in kind["interpretations"] if i in self.interpretations)
            body.append(f'<p class="jx-interp">解读说明：{links}</p>')
        if kind.get("evidence"):
            body.append(f'<p class="jx-evidence">证明材料：{esc("、".join(kind["evidence"]))}</p>')
        heading = f"#### {md(kind['label'])} {{#{activity_anchor(era, kind)}}}"
        return heading + "\n\n" + tag("div", "".join(body), class_="jx-activity",
                                          data_activity=activity_anchor(era, kind), data_kind=kind["rule"]["kind"])

    # --- summaries -----------------------------------------------------------------------------
    def brief(self, kind, unit):
        """A one-line summary of a rule for the overview table."""
        rule = kind["rule"]
        values = []
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
        if rule["kind"] == "lookup":
            values = [row["value"] for row in rule["rows"]] + ([rule["default"]["value"]] if rule.get("default") else [])
        elif rule["kind"] == "grid":
            values = [v for row in rule["values"].values() for v in row.values()]
        elif rule["kind"] == "brackets":
            values = [b["value"] for b in rule["brackets"]]
        numbers = {to_fraction(v) for v in values}
        for adjustment in rule.get("adjustments", []):
            if "set" in adjustment:
                numbers.add(to_fraction(adjustment["set"]))
            else:
                numbers |= {max(v + to_fraction(adjustment["add"]), 0) for v in set(numbers)}
        numbers = sorted(numbers)
        if not numbers:
            return "—"
        low, high = num(numbers[0]), num(numbers[-1])
        text = f"{low} {unit}" if low == high else f"{low}—{high} {unit}"
        return text + ("，按条件" if low != high else "")

    def requirement(self, era):
        requirement = era.get("requirement")
        unit = era["unit"]
        if not requirement:
            return '<p class="jx-no-requirement">本时期不设单一年度的最低要求，见下方说明。</p>'
        rows = []
        lines = ([requirement["total"]] if requirement.get("total") else []) + requirement.get("groups", [])
        for line in lines:
            cats = "、".join(self.category_label(c) for c in line.get("categories", [])) or "全部科目"
            rows.append([esc(line["label"]), f"<strong>不少于 {num(line['min'])} {esc(unit)}</strong>", cats,
                         self.art(line["article"])])
        html = table(["项目", "最低要求", "包含的科目", "依据"], rows, "jx-requirement")
        for line in lines:
            if line.get("derivation"):
                html += f'<p class="jx-note">{esc(line["label"])}：{esc(line["derivation"])}</p>'
        main = requirement.get("total") or lines[0]
        return html + self.quote(main["clause"], main["article"])

    def requirement_summary(self, era):
        requirement = era.get("requirement")
        if not requirement:
            return "不设单一年度要求"
        unit = era["unit"]
        parts = []
        if requirement.get("total"):
            parts.append(f"每年不少于 {num(requirement['total']['min'])} {unit}")
        groups = [f"{g['label']}不少于 {num(g['min'])}" for g in requirement.get("groups", [])]
        if groups:
            parts.append(("其中" if parts else "") + "，".join(groups) + ("" if parts else f" {unit}"))
        return "，".join(parts)

    # --- era-level rules -----------------------------------------------------------------------
    def combine_rules(self, era):
        kinds = {k["id"]: k for k in era["activities"]}
        unit = era["unit"]

        def links(ids):
            return "、".join(tag("a", esc(kinds[i]["label"]), href=f"#{activity_anchor(era, kinds[i])}")
                            for i in ids if i in kinds)

        blocks = []
        for n, rule in enumerate(era.get("dedup", [])):
            scope = f"适用于：{links(rule['activities'])}" if rule.get("activities") else "适用于所有活动"
            title = "同一成果不重复计算" if rule["kind"] == "same_achievement" else f"择优计算（只计最高的 {rule.get('keep', 1)} 项）"
            blocks.append(tag("div", f"<p><strong>{title}</strong>：{esc(rule['explain'])}{self.cite(rule)}</p>"
                                     f"<p class=\"jx-note\">{scope}</p>" + self.quote(rule.get("clause")),
                              id=f"dedup-{era['id']}-{n + 1}", class_="jx-combine"))
        for cap in era.get("caps", []):
            blocks.append(tag("div", f"<p><strong>合计上限 {num(cap['max'])} {esc(unit)}</strong>：{esc(cap['explain'])}"
                                     f"{self.cite(cap)}</p><p class=\"jx-note\">适用于：{links(cap['activities'])}</p>"
                                     + self.quote(cap.get("clause")),
                              id=f"cap-{era['id']}-{cap['id']}", class_="jx-combine"))
        for pool in era.get("pools", []):
            limits = "、".join(f"{esc(pool['labels'].get(c, self.categories.get(c, {}).get('label', c)))} "
                              f"{num(v)} {esc(unit)}" for c, v in pool["caps"].items())
            blocks.append(tag("div", f"<p><strong>抵扣上限：最多抵 {limits}</strong>：{esc(pool['explain'])}"
                                     f"{self.cite(pool)}</p><p class=\"jx-note\">适用于：{links(pool['activities'])}</p>"
                                     + self.quote(pool.get("clause")),
                              id=f"pool-{era['id']}-{pool['id']}", class_="jx-combine"))
        return blocks

    def shared_tables(self, era):
        tables = {}
        for kind in era["activities"]:
            rule = kind["rule"]
            if rule["kind"] == "grid" and rule.get("table"):
                tables.setdefault(rule["table"], (rule, []))[1].append(kind)
        blocks = []
        for name, (rule, kinds) in tables.items():
            users = "、".join(tag("a", esc(k["label"]), href=f"#{activity_anchor(era, k)}") for k in kinds)
            blocks.append(tag("div", f"<p><strong>折算表</strong>（用于：{users}）</p>" + self.grid_table(rule, era["unit"]),
                              id=f"table-{era['id']}-{name}", class_="jx-table"))
        return blocks

    # --- the page --------------------------------------------------------------------------------
    def facts(self):
        p = self.policy
        effective = p["effective"]
        period = f"{date_text(effective['from'])}起施行"
        if effective.get("to"):
            period += f"，至 {date_text(effective['to'])}"
        if effective.get("article"):
            period += f"（依据 {self.art(effective['article'])}）"
        rows = [
            ("文号", esc(p["document_number"])),
            ("发布机关", esc("、".join(p["issuer"]))),
            ("发布日期", esc(date_text(p["issued"]))),
            ("施行", period),
            ("地区", esc(region_text(p["region"]))),
            ("适用对象", esc(p["covers"]) + f"（{tag('a', '适用范围', href='#scope')}）"),
            ("计量单位", esc("、".join(dict.fromkeys(e["unit"] for e in p["eras"])))),
        ]
        for era in p["eras"]:
            label = "年度要求" if len(p["eras"]) == 1 else f"年度要求（{era['label']}）"
            details = tag("a", "详见", href=f"#requirement-{era['id']}")
            rows.append((esc(label), f"{esc(era_years(era))}：{esc(self.requirement_summary(era))}（{details}）"))
        body = "".join(f"<tr><th scope=\"row\">{k}</th><td>{v}</td></tr>" for k, v in rows)
        return f'<table class="jx-facts"><tbody>{body}</tbody></table>'

    def render(self):
        p = self.policy
        out = [f"# {md(p['title'])}", "",
               self.facts(), "",
               f'<div class="jx-source-note"><p>本页根据政策文件 <code>policies/{esc(p["id"])}.yaml</code> 自动生成，'
               f'每个数字都标明了出处，点击条文编号可跳到{tag("a", "通知原文", href="#notice")}中的对应条款。'
               f"本站只作参考，一切以通知原文和主管部门的解释为准。</p></div>", "",
               f"[用计算器自查本年度{md('、'.join(dict.fromkeys(e['unit'] for e in p['eras'])))}](../calculator.md?policy={p['id']})"
               "{ .md-button }", ""]

        out += ["## 适用范围 {#scope}", "",
                f"<p>适用对象：<strong>{esc(p['covers'])}</strong>，地区：{esc(region_text(p['region']))}。</p>",
                self.quote(p["scope"]["clause"], p["scope"]["article"]), ""]
        effective = p["effective"]
        out += ["## 施行日期 {#effective}", "",
                f"<p>{esc(date_text(effective['from']))}起施行"
                + (f"，至 {esc(date_text(effective['to']))}" if effective.get("to") else "，未规定截止日期")
                + "；本站按以下年度计算：" + "、".join(f"{esc(e['label'])}（{esc(era_years(e))}）" for e in p["eras"])
                + "。</p>",
                self.quote(effective.get("clause"), effective.get("article")), ""]

        rows = [[f"<strong>{esc(c['label'])}</strong>", esc(c.get("clause", "")),
                 self.art(c["article"]) if c.get("article") else "—"] for c in p["categories"]]
        out += ["## 科目类别 {#categories}", "", table(["科目", "内容（通知原文）", "依据"], rows, "jx-categories"), ""]

        for era in p["eras"]:
            out += self.era_section(era)

        out += self.deadlines() + self.consequences() + self.multi_year() + self.evidence()
        out += self.interpretation_section()
        out += ["## 附录：通知原文 {#notice}", "",
                f'<p class="jx-note">以下为《{esc(p["title"])}》（{esc(p["document_number"])}）全文，'
                "条款前的 § 为该条的链接。</p>", "",
                self.notice.to_html(), ""]
        return "\n".join(out) + "\n"

    def era_section(self, era):
        unit = era["unit"]
        title = era["label"] if str(era["years"]["from"]) in era["label"] else f"{era['label']}（{era_years(era)}）"
        out = [f"## {md(title)} {{#era-{era['id']}}}", "",
               f"<p>计量单位：<strong>{esc(unit)}</strong>；适用年度：{esc(era_years(era))}；科目："
               + "、".join(self.category_label(c) for c in era["categories"]) + "。</p>", "",
               f"### 年度要求 {{#requirement-{era['id']}}}", "", self.requirement(era), ""]
        if era.get("notes"):
            out += [bullet_list([f"{esc(n['text'])}{self.cite(n)}" for n in era["notes"]], "jx-notes"), ""]

        rows = [[tag("a", esc(k["label"]), href=f"#{activity_anchor(era, k)}"), esc(self.brief(k, unit)),
                 self.category_text(k["category"], era, unit), self.art(k["article"])] for k in era["activities"]]
        out += [f"### 折算规则一览 {{#rules-{era['id']}}}", "",
                table(["活动", "折算", "计入科目", "依据"], rows, "jx-overview"), ""]

        out += [f"### 各项活动的折算 {{#activities-{era['id']}}}", ""]
        for kind in era["activities"]:
            out += [self.activity(kind, era), ""]

        tables = self.shared_tables(era)
        if tables:
            out += [f"### 折算表 {{#tables-{era['id']}}}", ""] + [b + "\n" for b in tables]
        combine = self.combine_rules(era)
        if combine:
            out += [f"### 不重复计算、上限与抵扣 {{#limits-{era['id']}}}", ""] + [b + "\n" for b in combine]
        return out

    def deadlines(self):
        items = self.policy.get("deadlines", [])
        if not items:
            return []
        rows = [[f"<strong>{esc(d['label'])}</strong>", esc(d["summary"]), self.art(d["article"])] for d in items]
        return ["## 申报期限 {#deadlines}", "", table(["事项", "要求", "依据"], rows, "jx-deadlines"), ""]

    def consequences(self):
        items = self.policy.get("consequences", [])
        if not items:
            return []
        rows = [[esc(c["summary"]), self.art(c["article"])] for c in items]
        return ["## 未完成的后果 {#consequences}", "", table(["后果", "依据"], rows, "jx-consequences"), ""]

    def multi_year(self):
        """Checks over several years (sums over a window, consecutive shortfalls, recent years all met…)."""
        checks = self.policy.get("multi_year", [])
        if not checks:
            return []
        person = {"params": self.policy.get("person", []), "rule": {"kind": "none"}}
        rows = []
        for check in checks:
            kind = check["kind"]
            if kind == "window_sum":
                years = check["years"]
                need = f"{years['from']}—{years['to']} 年度合计不少于 {num(check['min'])} {check['unit']}"
            elif kind == "each_unmet":
                need = "当年度未达到年度要求"
            elif kind == "consecutive_unmet":
                need = f"连续 {check['count']} 个年度未达到年度要求"
            elif kind == "recent_all_met":
                need = f"最近 {check['window']} 个年度都达到年度要求"
                for extra in check.get("window_if", []):
                    need += f"（{self.condition(person, extra['when'])}：最近 {extra['window']} 个年度）"
            elif kind == "surplus_early":
                need = "所获学分超过规定总额"
                early = "；".join(f"{self.condition(person, e['when'])}：最多提前 {e['years']} 年"
                                 for e in check.get("early", []))
                if early:
                    need += f"（{early}）"
            else:
                need = check.get("summary", "")
            result = "；".join(part for part in (check.get("purpose") and f"用于：{check['purpose']}",
                                                 check.get("consequence"), check.get("summary")) if part)
            rows.append([f"<strong id=\"check-{esc(check['id'])}\">{esc(check['label'])}</strong>", esc(need), esc(result) or "—",
                         self.art(check["article"]) if check.get("article") else "—"])
        html = table(["事项", "条件", "结果", "依据"], rows, "jx-multi-year")
        if person["params"]:
            html += ('<p class="jx-note">与本人情况有关：'
                     + "；".join(f"{esc(p['label'])}（{esc(self.param_description(p))}）" for p in person["params"])
                     + "。</p>")
        return ["## 跨年度的要求 {#multi-year}", "",
                '<p class="jx-note">以下规定看的是几个年度合在一起的情况。</p>', html, ""]

    def evidence(self):
        rows = []
        for era in self.policy["eras"]:
            for kind in era["activities"]:
                if kind.get("evidence"):
                    label = kind["label"] + (f"（{era['label']}）" if len(self.policy["eras"]) > 1 else "")
                    rows.append([tag("a", esc(label), href=f"#{activity_anchor(era, kind)}"),
                                 bullet_list([esc(e) for e in kind["evidence"]])])
        if not rows:
            return []
        return ["## 应保留的证明材料 {#evidence}", "",
                '<p class="jx-note">申报或核验时可能需要以下材料，请按活动妥善保存。</p>',
                table(["活动", "证明材料"], rows, "jx-evidence"), ""]

    def interpretation_section(self):
        items = self.policy["interpretations"]
        if not items:
            return []
        users = {}
        for era in self.policy["eras"]:
            for kind in era["activities"]:
                for name in kind.get("interpretations", []):
                    users.setdefault(name, []).append(tag("a", esc(kind["label"]), href=f"#{activity_anchor(era, kind)}"))
        out = ["## 解读说明 {#interpretations}", "",
               '<p class="jx-note">通知中没有写明、需要解读的地方，本站的读法如下；实际认定以主管部门为准。</p>', ""]
        for item in items:
            related = "、".join(dict.fromkeys(users.get(item["id"], [])))
            body = (f"<p>{esc(item['reading'])}</p><p class=\"jx-meta\">依据 {self.art(item['article'])}"
                    + (f" · 涉及：{related}" if related else "") + "</p>")
            out += [f"### {md(item['topic'])} {{#interp-{item['id']}}}", "", tag("div", body, class_="jx-interpretation"), ""]
        return out
