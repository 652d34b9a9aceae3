"""Exact arithmetic for credits: every value is a Fraction until it is shown."""

import functools
from fractions import Fraction
import math
import re
import unicodedata

ZERO = Fraction(0)  # Fractions are immutable: one zero serves every sum (making one costs more in Pyodide)

# A plain decimal as people type it: 2, 2.5, -1, .5 (no "1_0", "1/3", "1e3", spaces inside).
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


def to_fraction(value):
    """Read a policy's number (int, float, "2.5" or "1/3") as an exact Fraction (0.5 -> 1/2)."""
    kind = type(value)  # the usual types first, by identity: isinstance(1, Fraction) is an ABC check (slow in Pyodide)
    if kind is Fraction:
        return value
    if kind is int:
        return _int_number(value)
    if kind is float:
        return _float_number(value)
    if isinstance(value, bool):
        raise TypeError("boolean is not a number")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return _int_number(value)
    if isinstance(value, float):
        return _float_number(value)
    if isinstance(value, str):
        return _policy_number(value)
    raise TypeError(f"not a number: {value!r}")


@functools.lru_cache(maxsize=1024)
def _int_number(value):
    """An int as a Fraction: policies repeat the same few integers, and making one costs more than
    scoring with it (Fractions are immutable, so one copy serves every call)."""
    return Fraction(value)


@functools.lru_cache(maxsize=1024)
def _float_number(value):
    """A float as the decimal it was written as (0.1 -> 1/10, not the binary fraction)."""
    return Fraction(repr(value))


@functools.lru_cache(maxsize=1024)
def _policy_number(text):
    """A policy's number written as text ("1/3", "2.5"): parsed once, Fractions are immutable."""
    return Fraction(text.strip())


def from_input(value):
    """Read a number a person entered: int, float or a plain decimal string, exactly.

    Full-width digits and point (what Chinese input methods type) read as their ASCII forms
    ("２．５" -> 5/2); "1_0", "1/3", "1e3", NaN and infinities are refused (ValueError).
    """
    kind = type(value)
    if kind is int or kind is float:
        return to_fraction(value)
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        if len(text) > 50 or not _DECIMAL.fullmatch(text):
            raise ValueError(f"not a plain decimal number: {value!r}")
        return Fraction(text)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return to_fraction(value)
    raise TypeError(f"not a number: {value!r}")


def less(a, b):
    """a < b for ints and Fractions, cross-multiplied (denominators are positive): Fraction's own
    comparison makes an ABC isinstance check each time, slow in Pyodide."""
    return a.numerator * b.denominator < b.numerator * a.denominator


def smaller(a, b):
    """min(a, b) for ints and Fractions (a when they are equal), by `less`."""
    return b if less(b, a) else a


def floor(value):
    return Fraction(math.floor(value))


def to_json(value):
    """Integers stay integers; other values are rounded to two decimals (half up)."""
    if type(value) is Fraction and value.denominator == 1:  # most values: no hashing, no rounding
        return value.numerator  # = int(value), one Python-level call less (Fraction.__int__)
    if type(value) is int:
        return value
    return _rounded(value)


@functools.lru_cache(maxsize=4096, typed=True)
def _rounded(value):
    """to_json's rounding, cached: a long record shows the same few values thousands of times."""
    value = to_fraction(value)
    if value.denominator == 1:
        return int(value)
    scaled = math.floor(value * 100 + Fraction(1, 2))
    if scaled % 100 == 0:
        return scaled // 100
    return scaled / 100


def apportion(values):
    """Show several exact values so that they add up to their sum as shown (largest remainder):
    three thirds show as 0.34, 0.33, 0.33 beside a total of 1, not 0.33 three times."""
    values = [to_fraction(value) for value in values]
    if len(values) == 1:  # one value: its own rounding (most activities count toward one category)
        return [to_json(values[0])]
    if all(value.denominator == 1 for value in values):  # whole numbers add up as they are
        return [value.numerator for value in values]
    cents = [math.floor(value * 100) for value in values]
    extra = math.floor(sum(values, Fraction(0)) * 100 + Fraction(1, 2)) - sum(cents)
    order = sorted(range(len(values)), key=lambda i: (-(values[i] * 100 - cents[i]), i))
    for i in order[:max(extra, 0)]:
        cents[i] += 1
    return [c // 100 if c % 100 == 0 else c / 100 for c in cents]


def show(value):
    """Chinese-facing rendering: 8, 4.5, 2.33."""
    shown = to_json(value)
    return str(shown)
