"""One value a person entered for a parameter, read as the policy declares it (records.check_params).

What is wrong is raised as Invalid without saying where: the caller makes the message's beginning (the
activity and the parameter) only then, not for every value read (making text costs more in Pyodide).
"""

from .numbers import from_input, less, to_fraction


def shown(value, limit=40):
    """A user's value quoted in a message: short, and printable even if it holds a lone surrogate."""
    text = repr(value).encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= limit else text[:limit] + "…"


class Invalid(Exception):
    """A parameter's value is wrong: (what is wrong, the path below the parameter); records.check_params names it."""


def read_param(param, value):
    """One parameter's value read (raises Invalid)."""
    if value is None or value == "":
        if "default" in param:
            value = param["default"]
        elif param.get("optional"):
            return None
        else:
            raise Invalid("必须填写", "")
        if value is None:
            return None
    kind = param["type"]
    if kind == "integer" or kind == "decimal":  # the most common first
        return _check_number(param, value)
    if kind == "boolean":
        if not isinstance(value, bool):
            raise Invalid(f"必须是“是”或“否”（true/false），实际为 {shown(value)}", "")
        return value
    if kind == "enum":
        options = [option["value"] for option in param["options"]]
        if value not in options:
            allowed = "、".join(f"{o['value']}（{o['label']}）" for o in param["options"])
            raise Invalid(f"的取值「{str(value)[:40]}」无效，可选：{allowed}", "")
        return value
    if kind == "per_day":
        if not isinstance(value, list):
            raise Invalid("必须是按天列出的数值列表，例如 [6, 8]", "")
        limit = param.get("max_days")
        if limit is not None and len(value) > limit:
            raise Invalid(f"最多 {limit} 天，实际为 {len(value)} 天", "")
        days, spec = [], param["item"]
        for n, day in enumerate(value):
            try:
                days.append(_check_number(spec, day))
            except Invalid as invalid:
                raise Invalid(f"第 {n + 1} 天{invalid.args[0]}", f"[{n}]") from None
        return days
    return _check_number(param, value)


def _bound(value):
    """A policy's min or max: ints compare with Fractions as they are, text ("1/3") is read (cached)."""
    return value if value is None or type(value) is int or isinstance(value, int) else to_fraction(value)


def _check_number(spec, value):
    """A number as entered, read exactly (a Fraction) and checked against the spec (raises Invalid)."""
    if value is True or value is False:
        raise Invalid(f"必须是数字，实际为 {shown(value)}", "")
    low, high, step = spec.get("min"), spec.get("max"), spec.get("step")
    if (type(value) is int and (low is None or type(low) is int) and (high is None or type(high) is int)
            and (step is None or type(step) is int)):  # all whole: int arithmetic, the same answers
        if (low is not None and value < low) or (high is not None and high < value):
            raise Invalid(f"必须在 {spec.get('min', '')} 到 {spec.get('max', '')} 之间，实际为 {shown(value)}", "")
        if step is not None and (value - (low or 0)) % step:
            raise Invalid(f"必须是 {step} 的整数倍，实际为 {shown(value)}", "")
        return to_fraction(value)
    try:
        number = from_input(value)
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        raise Invalid(f"必须是数字（如 2 或 2.5），实际为 {shown(value)}", "") from None
    if spec["type"] == "integer" and number.denominator != 1:
        raise Invalid(f"必须是整数，实际为 {shown(value)}", "")
    low, high = _bound(low), _bound(high)
    if (low is not None and less(number, low)) or (high is not None and less(high, number)):
        raise Invalid(f"必须在 {spec.get('min', '')} 到 {spec.get('max', '')} 之间，实际为 {shown(value)}", "")
    if step is not None and (number - (low or 0)) % to_fraction(step):
        raise Invalid(f"必须是 {step} 的整数倍，实际为 {shown(value)}", "")
    return number
