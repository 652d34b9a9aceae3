"""Cells as Excel and people give them (calculator/sheets/cells.py), each read to the record's value."""

import datetime

import pytest

from calculator.sheets import cells


@pytest.mark.parametrize("given, expected", [
    (12, 12), (12.0, 12), ("12", 12), ("１２", 12), (" 2.5 ", 2.5), ("２．５", 2.5), ("12\u3000", 12)])
def test_numbers_as_text_full_width_and_with_spaces(given, expected):
    assert cells.number(given) == expected


@pytest.mark.parametrize("given", ["1_0", "1/3", "1e3", "abc", True, float("nan")])
def test_what_is_not_a_plain_number_is_refused_in_chinese(given):
    with pytest.raises(cells.CellError) as error:
        cells.number(given)
    assert "应填数字" in error.value.message


@pytest.mark.parametrize("given, expected", [
    (datetime.datetime(2024, 9, 1, 0, 0), "2024-09-01"),   # an Excel date cell (openpyxl)
    (45536, "2024-09-01"), ("45536", "2024-09-01"),          # an Excel serial number (1900 system)
    ("2024/9/1", "2024-09-01"), ("2024年9月1日", "2024-09-01"), ("2024.09.01", "2024-09-01"),
    ("２０２４－０９－０１", "2024-09-01")])
def test_dates_as_excel_gives_them(given, expected):
    assert cells.date(given) == expected


def test_a_date_that_is_not_on_the_calendar_is_refused():
    with pytest.raises(cells.CellError) as error:
        cells.date("2024-02-30")
    assert "不是真实存在的日期" in error.value.message


@pytest.mark.parametrize("given, expected", [("是", True), ("否", False), ("√", True), ("×", False),
                                             (True, True), ("TRUE", True), ("false", False)])
def test_yes_and_no(given, expected):
    assert cells.boolean(given) is expected


@pytest.mark.parametrize("given", ["2024", 2024, 2024.0, "２０２４", "2024年", "2024年度"])
def test_years(given):
    assert cells.year(given) == 2024


def test_per_day_values_and_options_by_label_or_value():
    assert cells.number_list("8，8；6") == [8, 8, 6]
    options = [{"value": "core", "label": "核心期刊"}, {"value": "general", "label": "一般期刊"}]
    assert cells.choice(" 核心期刊\u3000", options) == "core" and cells.choice("general", options) == "general"
    with pytest.raises(cells.CellError) as error:
        cells.choice("普通", options)
    assert "可选：核心期刊、一般期刊" in error.value.message
