"""The sheet a policy asks HR staff to fill: one row per activity, columns named with the labels
the calculator shows, derived from the compiled policy only (no policy is named here).

    工号或身份证号 | 姓名 | 年度 | [申报年度] | [person fields] | 活动类型 | <each parameter label> |
    [计入科目] | 名称 | [结束日期] | [同一成果]

A parameter label shared by several kinds (培训天数) is one column. Eras whose columns differ get
a sheet each (滨州: 学分制 and 学时制); a year's row is read under the era in force for that year.
"""

PERSON_ID = "工号或身份证号"
PERSON_NAME = "姓名"
YEAR = "年度"
TARGET_YEAR = "申报年度"
KIND = "活动类型"
CATEGORY = "计入科目"
ACTIVITY_NAME = "名称"
DATE = "结束日期"
ACHIEVEMENT = "同一成果"

# Other headings people use for the same columns.
ALIASES = {
    PERSON_ID: ("工号", "身份证号", "身份证号码", "工号/身份证号", "职工号", "人员编号", "编号"),
    PERSON_NAME: ("名字", "人员", "人员姓名"),
    YEAR: ("年份", "学年度", "考核年度"),
    KIND: ("活动", "类型", "项目类型"),
}
_TYPE_WORDS = {"integer": "整数", "decimal": "数字", "enum": "从下拉列表选择", "boolean": "填「是」或「否」",
               "per_day": "按天填写，用逗号分隔，例如 8，8，6"}


def after_end_deadline(policy):
    return next((d for d in policy.get("deadlines", []) if d.get("rule", {}).get("kind") == "after_end"), None)


def has_achievement(era):
    return any(rule["kind"] == "same_achievement" for rule in era.get("dedup", []))


def columns_for(policy, era):
    """The columns of one era's sheet, each {"role", "label", "specs", "options", "comment"}."""
    unit = era["unit"]
    columns = [
        _column("person_id", PERSON_ID, comment="同一人的各行填相同的工号或身份证号（不填则按姓名区分人员）"),
        _column("person_name", PERSON_NAME, comment="可合并单元格"),
        _column("year", YEAR, comment=f"活动所在的年度，例如 {_example_year(era)}；同一人多个年度就填多行"),
    ]
    if policy.get("multi_year"):
        columns.append(_column("target_year", TARGET_YEAR,
                               comment="拟申报职称（等级）的年份，可不填；填写后核对申报前各年度的要求"))
    for param in policy.get("person", []):
        columns.append(_column("person", param["label"], specs=[(None, param)], options=_labels(param),
                               comment="本人情况，填在本人任意一行即可。" + _describe(param)))
    kinds = era["activities"]
    columns.append(_column("kind", KIND, options=[kind["label"] for kind in kinds],
                           comment="从下拉列表选择，与计算器中的活动类型相同"))
    by_label = {}
    for kind in kinds:
        for param in kind["params"]:
            if param["label"] not in by_label:
                by_label[param["label"]] = _column("param", param["label"])
                columns.append(by_label[param["label"]])
            column = by_label[param["label"]]
            column["specs"].append((kind, param))
            column["options"] += [o for o in _labels(param) if o not in column["options"]]
    for column in by_label.values():
        users = "、".join(kind["label"] for kind, _ in column["specs"])
        column["comment"] = f"用于：{users}。" + _describe(column["specs"][0][1], unit)
    choosable = [c for c in policy["categories"] if any(c["id"] in k["category"].get("choose", []) for k in kinds)]
    if choosable:
        columns.append(_column("category", CATEGORY, options=[c["label"] for c in choosable],
                               comment="可选择科目的活动才填；不填按计算器的默认科目"))
    columns.append(_column("activity_name", ACTIVITY_NAME, comment="可不填，例如：县卫健局业务培训"))
    deadline = after_end_deadline(policy)
    if deadline:
        columns.append(_column("date", DATE, comment=f"可不填；活动结束的日期，用于列出申报截止日（{deadline['article']}）"))
    if has_achievement(era):
        columns.append(_column("achievement", ACHIEVEMENT,
                               comment="可不填；同一成果或内容的几项填相同的名称，只按最高的一项计算"))
    return columns


def sheets(policy):
    """[{"title", "eras", "columns"}]: one sheet, or one per era when the eras' columns differ."""
    groups = []
    for era in policy["eras"]:
        columns = columns_for(policy, era)
        signature = [(c["label"], tuple(c["options"])) for c in columns]
        same = next((group for group in groups if group["signature"] == signature), None)
        if same:
            same["eras"].append(era)
        else:
            groups.append({"signature": signature, "eras": [era], "columns": columns})
    for group in groups:
        group["title"] = _sheet_title(group["eras"][0]["label"]) if len(groups) > 1 else "活动记录"
        del group["signature"]
    return groups


def example_row(policy, era, columns):
    """A filled row that reads without error: the first kind whose parameters can all be filled."""
    kind = next((k for k in era["activities"] if k["params"]), era["activities"][0])
    year = _example_year(era)
    values = {PERSON_ID: "10001", PERSON_NAME: "张三（示例，可删除）", YEAR: year, KIND: kind["label"],
              ACTIVITY_NAME: "示例：业务培训"}
    for param in kind["params"]:
        values[param["label"]] = _example_value(param, year)
    return [values.get(column["label"], "") for column in columns]


def _example_year(era):
    return era["years"].get("to") or max(era["years"].get("from") or 2024, 2024)


def _example_value(param, year):
    if param["type"] == "enum":
        return param["options"][0]["label"]
    if param["type"] == "boolean":
        return "否"
    if param["type"] == "per_day":
        return "8，8"
    if param.get("default") is not None:
        return param["default"]
    low, high = param.get("min", 0), param.get("max", 2)
    return 2 if low <= 2 <= high else low


def _column(role, label, specs=None, options=None, comment=""):
    return {"role": role, "label": label, "specs": specs or [], "options": options or [], "comment": comment}


def _labels(param):
    if param["type"] == "enum":
        return [option["label"] for option in param["options"]]
    if param["type"] == "boolean":
        return ["是", "否"]
    return []


def _describe(param, unit=None):
    words = [_TYPE_WORDS.get(param["type"], "")]
    if param.get("unit"):
        words.append(f"单位：{param['unit']}")
    if param.get("min") is not None or param.get("max") is not None:
        words.append(f"范围：{param.get('min', '')}—{param.get('max', '')}")
    step = param.get("step") or param.get("item", {}).get("step")
    if step:
        words.append(f"以 {step} 为单位")
    if param.get("optional") or param.get("default") is not None:
        shown = param.get("default")
        if param["type"] == "enum" and shown is not None:
            shown = next(o["label"] for o in param["options"] if o["value"] == shown)
        elif param["type"] == "boolean" and shown is not None:
            shown = "是" if shown else "否"
        words.append("可不填" + (f"（不填按 {shown}）" if shown is not None else ""))
    return "，".join(word for word in words if word)


def _sheet_title(label):
    """Excel's rules for sheet names: at most 31 characters, none of []:*?/\\."""
    for bad in "[]:*?/\\":
        label = label.replace(bad, "")
    return label[:31]
