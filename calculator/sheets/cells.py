"""Cells as Excel and people give them: numbers as text, full-width digits, trailing spaces,
booleans written 是/否, dates as Excel dates, serial numbers or 2024年9月1日.

Each reader returns a plain value for a record or raises CellError with a Chinese message (the
caller adds the sheet, row and column). The readers are pure and a unit's 100,000 rows repeat the
same few cells (a kind's label, 2024, 8, 是), so each keeps the answers it gave (`_kept`).
"""

import datetime
import functools
import math
import re
import unicodedata

EXCEL_EPOCH = datetime.date(1899, 12, 30)  # serial 1 = 1900-01-01 (Excel's leap-year bug included)
YES = {"是", "y", "yes", "true", "1", "√", "✓", "✔", "对"}
NO = {"否", "n", "no", "false", "0", "×", "✗", "✘", "x", "不是"}
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(\s+\d{1,2}:\d{2}(:\d{2})?)?")
_LIST_SEPARATORS = re.compile(r"[,，;；、\s]+")


def _kept(reader):
    """The reader with its answers kept per value and type (1, 1.0 and True apart); errors are not kept."""
    return functools.lru_cache(maxsize=4096, typed=True)(reader)


class CellError(ValueError):
    """A cell that cannot be read; `message` is Chinese and names what was expected."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@_kept
def normal(value):
    """Text for matching labels: full-width forms folded (NFKC), spaces trimmed and collapsed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(unicodedata.normalize("NFKC", str(value)).split())


def is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


@_kept
def text(value):
    """A name or note: trailing spaces (also the full-width space) dropped, numbers as Excel shows them."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return date(value)
    return str(value).strip().strip("\u3000").strip()


@_kept
def number(value, integer=False):
    """12, 12.0, "12", "１２", " 2.5 " -> 12 or 2.5 (int when whole)."""
    if isinstance(value, bool):
        raise CellError(f"应填数字，实际为「{'是' if value else '否'}」")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CellError("应填数字")
        return int(value) if value.is_integer() else value
    shown = normal(value)
    if not _NUMBER.fullmatch(shown):
        raise CellError(f"应填数字，实际为「{text(value)}」")
    if len(shown) > 30:
        raise CellError(f"数字过长：「{shown[:30]}…」")
    parsed = float(shown)
    if parsed.is_integer():
        return int(parsed)
    if integer:
        raise CellError(f"应填整数，实际为「{text(value)}」")
    return parsed


@_kept
def year(value):
    """2024, "2024", "２０２４", "2024年", "2024年度" -> 2024."""
    shown = normal(value)
    shown = re.sub(r"年度?$", "", shown).strip() if isinstance(value, str) else value
    try:
        found = number(shown, integer=True)
    except CellError:
        raise CellError(f"应填年份，例如 2024，实际为「{text(value)}」") from None
    if not isinstance(found, int):
        raise CellError(f"应填年份，例如 2024，实际为「{text(value)}」")
    return found


@_kept
def boolean(value):
    """是/否, √/×, TRUE/FALSE (Excel), 1/0."""
    if isinstance(value, bool):
        return value
    shown = normal(value).lower()
    if shown in YES:
        return True
    if shown in NO:
        return False
    raise CellError(f"应填「是」或「否」，实际为「{text(value)}」")


@_kept
def date(value):
    """An Excel date, a serial number (45536) or text like 2024-09-01, 2024/9/1, 2024年9月1日 -> 'YYYY-MM-DD'."""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not 1 <= value < 2958466:  # Excel's last date is 9999-12-31
            raise CellError(f"应填日期，例如 2024-09-01，实际为「{text(value)}」")
        return (EXCEL_EPOCH + datetime.timedelta(days=int(value))).isoformat()
    shown = normal(value)
    if re.fullmatch(r"\d{5}(\.\d+)?", shown):
        return date(float(shown))
    found = _DATE.fullmatch(shown)
    if found:
        try:
            return datetime.date(int(found[1]), int(found[2]), int(found[3])).isoformat()
        except ValueError:
            raise CellError(f"「{text(value)}」不是真实存在的日期") from None
    raise CellError(f"应填日期，例如 2024-09-01，实际为「{text(value)}」")


def number_list(value, integer=False):
    """Per-day values in one cell: "8，8；6", "8 8 6" or a single number."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [number(value, integer)]
    parts = [part for part in _LIST_SEPARATORS.split(normal(value)) if part]
    if not parts:
        raise CellError("应按天填写数值，用逗号分隔，例如 8，8，6")
    try:
        return [number(part, integer) for part in parts]
    except CellError:
        raise CellError(f"应按天填写数值，用逗号分隔，例如 8，8，6，实际为「{text(value)}」") from None


def choice(value, options):
    """An option by its label (as the calculator shows it) or its value; options: [{"value", "label"}]."""
    shown = normal(value)
    for option in options:
        if shown in (normal(option["label"]), normal(option["value"])):
            return option["value"]
    listed = "、".join(option["label"] for option in options)
    raise CellError(f"「{text(value)}」不是可选的值，可选：{listed}")
