"""Activity parameters and rule conditions in words, for the guide pages (plain text, not HTML)."""

import re

from .text import num


class ParamText:
    """Mixed into PolicyPage: labels, units and conditions of an activity kind's parameters."""

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
