"""What every rule kind module shares: the step record each value is explained by, check helpers."""

from ..numbers import to_fraction


def step(text, value=None, article=None, ref=None):
    """One line of an activity's explanation; `ref` names the rule part it comes from."""
    result = {"text": text, "ref": ref}
    if value is not None:
        result["value"] = value
    if article:
        result["article"] = article
    return result


def declared(kind):
    """The kind's declared parameters by id."""
    return {param["id"]: param for param in kind["params"]}


def negative(where, value, what):
    """[(where, message)] when a value a rule gives is below 0 (credits are never negative)."""
    if to_fraction(value) < 0:
        return [(where, f"{what}不能为负数，实际为 {value}")]
    return []


def undeclared(where, name, params):
    """[(where, message)] when a rule names a parameter the kind does not declare."""
    return [] if name in params else [(where, f"未声明的参数「{name}」")]
