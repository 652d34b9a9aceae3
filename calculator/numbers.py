"""Exact arithmetic for credits: every value is a Fraction until it is shown."""

from fractions import Fraction
import math


def to_fraction(value):
    """Read an int, a decimal string or a float as an exact Fraction (0.5 -> 1/2)."""
    if isinstance(value, bool):
        raise TypeError("boolean is not a number")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        return Fraction(repr(value))
    if isinstance(value, str):
        return Fraction(value.strip())
    raise TypeError(f"not a number: {value!r}")


def floor(value):
    return Fraction(math.floor(value))


def to_json(value):
    """Integers stay integers; other values are rounded to two decimals (half up)."""
    value = to_fraction(value)
    if value.denominator == 1:
        return int(value)
    scaled = math.floor(value * 100 + Fraction(1, 2))
    if scaled % 100 == 0:
        return scaled // 100
    return scaled / 100


def show(value):
    """Chinese-facing rendering: 8, 4.5, 2.33."""
    shown = to_json(value)
    return str(shown)
