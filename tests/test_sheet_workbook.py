"""calculator/sheets/workbook.py reads an .xlsx's values with the standard library: the same values
openpyxl's read-only reader gives (the reader it replaced for speed), on the filled templates of
every policy and on a workbook written the way Excel writes one (shared strings with rich text and
phonetic runs, date styles, a 1904 workbook, cached formula results, merged cells)."""

import datetime
import io
import zipfile

import openpyxl
import pytest

from calculator.sheets.decode import NotText
from calculator.sheets.workbook import is_date_format, read_workbook
from tests.sheet_people import people
from tests.test_sheets import POLICIES, bad_rows, fill_xlsx, load


def openpyxl_values(data):
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    out = []
    for sheet in book.worksheets:
        sheet.reset_dimensions()
        out.append((sheet.title, [_trimmed(row) for row in sheet.iter_rows(values_only=True)]))
    book.close()
    return out


def ours(data):
    return [(title, [_trimmed(values) for _, values in rows]) for title, rows in read_workbook(data)]


def _trimmed(values):
    values = list(values)
    while values and values[-1] is None:
        values.pop()
    return values


def _merged_filled(data):
    """openpyxl's read-only sheets do not fill merged cells: fill them as Excel shows them."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for merged in list(sheet.merged_cells.ranges):
            value = sheet.cell(merged.min_row, merged.min_col).value
            sheet.unmerge_cells(str(merged))
            for row in sheet.iter_rows(min_row=merged.min_row, max_row=merged.max_row,
                                       min_col=merged.min_col, max_col=merged.max_col):
                for cell in row:
                    cell.value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("policy_id", POLICIES)
def test_a_filled_template_reads_as_openpyxl_reads_it(policy_id):
    policy = load(policy_id)
    _, extra = bad_rows(policy)
    data = fill_xlsx(policy, people(policy, count=6, seed=3), extra)  # names merged over each person's rows
    assert ours(data) == openpyxl_values(_merged_filled(data))


def _xlsx(sheet_rows, merges="", date1904=False):
    """A workbook as Excel writes it: shared strings, a styles part with date formats, prefixes."""
    strings = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4">'
               '<si><t>张三</t></si>'
               '<si><r><rPr><b/></rPr><t>面授</t></r><r><t xml:space="preserve">培训 </t></r>'
               '<rPh sb="0" eb="2"><t>メンジュ</t></rPh></si>'
               '<si><t>_x005F_x0041_ and _x0041_</t></si>'
               '<si><t>2024年度</t></si></sst>')
    styles = ('<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy/m/d;@"/>'
              '<numFmt numFmtId="165" formatCode="[h]:mm"/></numFmts>'
              '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>'
              '<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/>'
              '<xf numFmtId="31"/><xf numFmtId="49"/></cellXfs></styleSheet>')
    properties = '<x:workbookPr date1904="1"/>' if date1904 else ""
    workbook = ('<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                f'{properties}'
                '<x:sheets><x:sheet name="活动记录" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>')
    sheet = ('<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f'<x:dimension ref="A1:F9"/><x:sheetData>{sheet_rows}</x:sheetData>{merges}</x:worksheet>')
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '</Types>'))
        archive.writestr("_rels/.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                         f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        archive.writestr("xl/_rels/workbook.xml.rels",
                         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                         f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
                         f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="/xl/sharedStrings.xml"/>'
                         f'<Relationship Id="rId3" Type="{rel}/styles" Target="styles.xml"/></Relationships>')
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/sharedStrings.xml", strings)
        archive.writestr("xl/styles.xml", styles)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return out.getvalue()


EXCEL_ROWS = (
    '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c>'
    '<x:c r="D1" s="1"><x:v>45536</x:v></x:c><x:c r="E1" s="2"><x:v>45536.5</x:v></x:c></x:row>'
    '<x:row r="3"><x:c r="A3"><x:v>5</x:v></x:c><x:c r="B3"><x:v>2.5</x:v></x:c><x:c r="C3" t="b"><x:v>1</x:v></x:c>'
    '<x:c r="D3"><x:f>A3*2</x:f><x:v>10</x:v></x:c><x:c r="E3" t="str"><x:f>A1&amp;""</x:f><x:v>张三</x:v></x:c>'
    '<x:c r="F3" t="e"><x:v>#N/A</x:v></x:c></x:row>'
    '<x:row r="4"><x:c r="A4" s="3"><x:v>1.5</x:v></x:c><x:c r="B4" t="inlineStr"><x:is><x:t>行内</x:t></x:is></x:c>'
    '<x:c r="C4" s="5" t="s"><x:v>3</x:v></x:c><x:c r="D4" s="1"><x:v>0.5</x:v></x:c></x:row>'
    '<x:row r="5"><x:c r="A5" t="s"><x:v>0</x:v></x:c></x:row><x:row r="6"/>')


def test_a_workbook_as_excel_writes_it_reads_as_openpyxl_reads_it():
    data = _xlsx(EXCEL_ROWS, '<x:mergeCells count="1"><x:mergeCell ref="A5:A6"/></x:mergeCells>')
    [(title, rows)] = read_workbook(data)
    assert title == "活动记录"
    values = [_trimmed(v) for _, v in rows]
    assert [number for number, _ in rows] == list(range(1, 7))
    assert values[0] == ["张三", "面授培训 ", None, datetime.datetime(2024, 9, 1), datetime.datetime(2024, 9, 1, 12)]
    assert values[1] == []
    assert values[2] == [5, 2.5, True, 10, "张三", "#N/A"]
    assert values[3] == [1.5, "行内", "2024年度", datetime.time(12)]  # [h]:mm is a duration: a number
    assert values[4:] == [["张三"], ["张三"]]  # merged down over (empty) row 6
    # Everything but the merge (openpyxl's read-only sheets do not fill merged cells) and the
    # duration (openpyxl gives a timedelta, which no column reads) is what openpyxl gives.
    theirs = openpyxl_values(data)[0][1]
    assert theirs[:3] == values[:3] and theirs[3][1:] == values[3][1:] and theirs[4] == values[4]


def test_what_openpyxl_reads_differently_chinese_dates_escapes_and_1904():
    rows = ('<x:row r="1"><x:c r="A1" s="4"><x:v>45536</x:v></x:c><x:c r="B1" t="s"><x:v>2</x:v></x:c>'
            '<x:c r="C1" s="1"><x:v>0</x:v></x:c></x:row>')
    [(_, [(_, values)])] = read_workbook(_xlsx(rows))
    # 31 = yyyy"年"m"月"d"日" in Chinese Excel (no format code stored): a date, not the serial 45536;
    # Excel's _xHHHH_ escapes decoded (a literal "_x0041_" is stored as "_x005F_x0041_").
    assert values == [datetime.datetime(2024, 9, 1), "_x0041_ and A", datetime.time(0)]
    [(_, [(_, values)])] = read_workbook(_xlsx(rows, date1904=True))
    assert values[0] == datetime.datetime(2028, 9, 2)  # serial 45536 counted from 1904-01-01


@pytest.mark.parametrize("code, date", [("yyyy/m/d;@", True), ('[$-804]yyyy"年"m"月"d"日"', True), ("h:mm", True),
                                        ("0.00", False), ('"天"0', False), ("[Red]0", False), ("[h]:mm", False)])
def test_date_formats(code, date):
    assert is_date_format(code) is date


@pytest.mark.parametrize("data", [b"PK\x03\x04broken", _xlsx("<x:row><x:c t='s'><x:v>99</x:v></x:c></x:row>"),
                                  _xlsx("<x:row><x:c>not xml")])
def test_a_broken_workbook_is_one_message(data):
    with pytest.raises(NotText, match="不是有效的 Excel 工作簿"):
        read_workbook(data)
