""".xlsx written with openpyxl (pure Python; its wheel and et_xmlfile's are shipped to the
browser): the templates and the batch's results. Imported only when a workbook is written, so the
engine never needs it (workbook.py reads sheets with the standard library). Writing never stores a
formula: a text starting with "=" is written as a string cell.
"""

import io
import re
import zipfile

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from . import layout

AUTHOR = "继续教育学分自查"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
EXAMPLE_FONT = Font(color="808080", italic=True)
VALIDATED_ROWS = 2000
_XML_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def template(policy):
    """The fill-in workbook of a policy: 填写说明, a sheet per era whose columns differ, hidden 选项."""
    book = Workbook()
    guide = book.active
    guide.title = "填写说明"
    options = book.create_sheet("选项")
    options.sheet_state = "hidden"
    lists = {}
    groups = layout.sheets(policy)
    for line in instructions(policy, groups):
        guide.append([line])
    guide.column_dimensions["A"].width = 110
    for group in groups:
        sheet = book.create_sheet(group["title"])
        columns = group["columns"]
        sheet.append([column["label"] for column in columns])
        sheet.append(layout.example_row(policy, group["eras"][-1], columns))
        for index, column in enumerate(columns, start=1):
            letter = get_column_letter(index)
            head = sheet.cell(1, index)
            head.font, head.fill = Font(bold=True), HEADER_FILL
            head.alignment = Alignment(wrap_text=True, vertical="top")
            if column["comment"]:
                head.comment = Comment(column["comment"], AUTHOR, width=320, height=140)
            sheet.cell(2, index).font = EXAMPLE_FONT
            sheet.column_dimensions[letter].width = min(max(8, len(column["label"]) * 2 + 2), 30)
            if column["role"] == "person_id":  # 18-digit ID numbers must stay text, not 1.1E+17
                sheet.column_dimensions[letter].number_format = "@"
            if column["options"]:
                source = _option_list(options, lists, column["options"])
                rule = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=True,
                                      errorTitle="不是可选的值", error=f"「{column['label']}」请从下拉列表选择")
                rule.add(f"{letter}2:{letter}{VALIDATED_ROWS + 1}")
                sheet.add_data_validation(rule)
            elif column["role"] in ("year", "target_year"):
                rule = DataValidation(type="whole", operator="between", formula1="1990", formula2="2100",
                                      allow_blank=True, showErrorMessage=True, error="请填写年份，例如 2024")
                rule.add(f"{letter}2:{letter}{VALIDATED_ROWS + 1}")
                sheet.add_data_validation(rule)
        sheet.freeze_panes = "A2"
    book.move_sheet(options, offset=len(book.sheetnames))
    return _bytes(book)


def instructions(policy, groups):
    lines = [f"{policy['short_title']}（{policy['document_number']}）继续教育学分批量核对模板",
             "",
             "每项活动填一行：工号或身份证号、姓名、年度、活动类型，以及该类型用到的参数列（其他参数列留空）。",
             "同一人多个年度、多项活动就填多行；姓名可以合并单元格。灰色斜体的第 2 行是示例，可直接改写或删除。",
             "列名与计算器中显示的一致；把鼠标停在列名上可看到该列的单位、范围和用于哪些活动。",
             "下拉列表中的选项就是计算器中的选项；数字可以是全角数字，日期可以是 Excel 日期或 2024-09-01。",
             "在「单位批量核对」页选择填好的文件即可核对；文件只在您的浏览器中读取，不会上传。"]
    if len(groups) > 1:
        lines.append("本政策不同年度适用不同规定，各用一张工作表：" + "；".join(
            f"「{g['title']}」（{'、'.join(_years(e) for e in g['eras'])}）" for g in groups))
    if policy.get("multi_year"):
        lines.append("要核对申报职称（等级）前各年度的要求，在「申报年度」列填写申报的年份（本人任意一行即可）。")
    return lines


def results(tables):
    """The batch's results: one sheet per table ({"title", "columns", "rows"}), header bold, no formulas.

    openpyxl writes the workbook (styles, header, widths, frozen panes); the rows' <sheetData> is
    then written directly as inline strings and numbers: openpyxl spends about 10 µs a cell, and a
    unit of 10,000 people has over a million cells of activities. An inline string is never a formula.
    """
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(table["title"])
        sheet.append(table["columns"])
        for cell in sheet[1]:
            cell.font, cell.fill = Font(bold=True), HEADER_FILL
        for index, label in enumerate(table["columns"], start=1):
            sheet.column_dimensions[get_column_letter(index)].width = min(max(8, len(str(label)) * 2 + 2), 40)
        sheet.freeze_panes = "B2"
    skeleton = zipfile.ZipFile(io.BytesIO(_bytes(book)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in skeleton.infolist():
            data = skeleton.read(info.filename)
            found = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", info.filename)
            if found:
                data = _with_rows(data, tables[int(found[1]) - 1])
            target.writestr(info, data)
    return out.getvalue()


def _with_rows(sheet_xml, table):
    """The sheet's XML with the table's rows after the header row (and its dimension updated)."""
    letters = [get_column_letter(n) for n in range(1, len(table["columns"]) + 1)]
    parts = []
    for number, row in enumerate(table["rows"], start=2):
        cells = []
        for letter, value in zip(letters, row):
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                cells.append(f'<c r="{letter}{number}" t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, (int, float)):
                cells.append(f'<c r="{letter}{number}"><v>{value!r}</v></c>')
            else:
                cells.append(f'<c r="{letter}{number}" t="inlineStr"><is><t xml:space="preserve">{_xml_text(value)}</t></is></c>')
        parts.append(f'<row r="{number}">{"".join(cells)}</row>')
    last = f"{letters[-1]}{len(table['rows']) + 1}"
    text = sheet_xml.decode("utf-8")
    text = re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="A1:{last}" />', text, count=1)
    head, tail = text.split("</sheetData>", 1)
    return (head + "".join(parts) + "</sheetData>" + tail).encode("utf-8")


def _xml_text(value):
    """Text for XML: escaped, and without the control characters XML 1.0 cannot hold."""
    text = _XML_BAD.sub("", str(value))
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _option_list(options, lists, values):
    key = tuple(values)
    if key not in lists:
        column = len(lists) + 1
        for row, value in enumerate(values, start=1):
            options.cell(row, column, value)
        letter = get_column_letter(column)
        lists[key] = f"'选项'!${letter}$1:${letter}${len(values)}"
    return lists[key]


def _years(era):
    start, end = era["years"].get("from"), era["years"].get("to")
    return f"{start or ''}—{end or '至今'} 年度"


def _bytes(book):
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
