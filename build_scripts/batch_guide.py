"""The HR staff's page 批量核对填写说明 and the fill-in templates of every policy, from the compiled
policies (the same calculator.sheets code the CLI's `template` command and the batch page use).

    batch-guide.md              the layout, how cells may be written, each policy's columns
    batch-templates/<policy>.xlsx     drop-downs, header comments, an example row (calculator.sheets.xlsx)
    batch-templates/<policy>.csv      the same columns for people without Excel

site_hooks.py adds them to both MkDocs builds, so the offline copy has them too.
"""

from calculator.sheets import layout
from calculator.sheets.files import template_csv
from calculator.sheets.xlsx import template

PAGE = "batch-guide.md"


def template_files(policies):
    """{src_uri: bytes} of every policy's two templates."""
    files = {}
    for policy in policies:
        files[f"batch-templates/{policy['id']}.xlsx"] = template(policy)
        files[f"batch-templates/{policy['id']}.csv"] = template_csv(policy).encode("utf-8")
    return files


def render(policies, nav_title):
    parts = [INTRO]
    for policy in policies:
        parts.append(f"## {nav_title(policy)} {{ #{policy['id']} }}\n\n"
                     f"{policy['title']}（{policy['document_number']}）\n\n"
                     f"[下载 Excel 模板（.xlsx）](batch-templates/{policy['id']}.xlsx){{ download .md-button }} "
                     f"[下载 CSV 模板](batch-templates/{policy['id']}.csv){{ download .md-button }}\n")
        groups = layout.sheets(policy)
        for group in groups:
            if len(groups) > 1:
                years = "、".join(_years(era) for era in group["eras"])
                parts.append(f"**工作表「{group['title']}」**（{years}）\n")
            parts.append(_columns_table(group["columns"]))
    return "\n".join(parts)


def _columns_table(columns):
    lines = ["| 列 | 填写 |", "|---|---|"]
    for column in columns:
        text = column["comment"]
        if column["options"] and column["role"] != "kind":
            text += "。可选：" + "、".join(column["options"])
        elif column["role"] == "kind":
            text += "：" + "、".join(column["options"])
        lines.append(f"| {column['label']} | {_cell(text)} |")
    return "\n".join(lines) + "\n"


def _cell(text):
    return text.replace("|", "\\|").replace("\n", " ")


def _years(era):
    start, end = era["years"].get("from"), era["years"].get("to")
    return f"{start or ''}—{end or '至今'} 年度"


INTRO = """# 批量核对填写说明

供用人单位、人社部门的工作人员使用：把本单位人员的继续教育情况填进一张表，在
[单位批量核对](batch.md)页选择这张表，即可得到每人每年度是否达标、各项还差多少。
**表格只在您的浏览器中读取和计算，不会上传到任何服务器**（没有网络时也可以使用首页提供的离线版）。

## 表格怎么填

- **一项活动填一行。** 每行写明：工号或身份证号、姓名、年度、活动类型，以及这类活动用到的参数列
  （例如“面授培训”填“培训天数”）；用不到的参数列留空。
- **同一人的多项活动、多个年度就填多行**，工号（或身份证号）相同即视为同一人；没有工号时按姓名区分。
  姓名可以合并单元格。某年度没有任何活动，也可以只填工号、姓名和年度，核对结果会显示该年度未达标。
- **列名就是计算器中显示的名称**，活动类型和选项与计算器完全一致；模板中已做成下拉列表，
  把鼠标停在列名上可以看到该列的单位、范围和用于哪些活动。
- **申报年度**（有跨年度要求的政策）：填写拟申报职称（等级）的年份，本人任意一行填一次即可，
  结果中会核对申报前各年度的要求。
- 可以直接用 Excel（.xlsx）保存，也可以另存为 CSV（UTF-8 或 GBK 编码均可）；旧版 .xls 请先另存为 .xlsx。

## 单元格可以这样写

- 数字可以是文本格式、全角数字（１２）或带空格；是否类的列填“是”或“否”（也认 √、×）。
- 日期可以是 Excel 日期，也可以写成 2024-09-01、2024/9/1 或 2024年9月1日。
- 身份证号请设为文本格式（模板中已设置），否则 Excel 会把 18 位数字显示成 3.3E+17 并丢失末尾几位。
- 表中还有其他列（如科室、备注）也没关系，核对时会忽略并列出这些列名。

## 核对结果

- 每人每年度一行：各科目学分（学时）、合计、**达标 / 未达标 / 无法核对**、每项要求还差多少。
- 某人只要有一行填写有误（例如天数为负数、活动类型不存在），此人就显示为 **无法核对**，并写明是哪个工作表、
  第几行、哪一列、什么问题；更正后再核对即可。其他人照常计算，不受影响。
- 结果可下载为 Excel（含“每项活动”的折算明细和“需更正的行”）或 CSV。

## 各政策的模板和列

"""
