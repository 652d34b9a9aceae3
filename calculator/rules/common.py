"""What every rule kind module shares: the step record each value is explained by."""


def step(text, value=None, article=None, ref=None):
    """One line of an activity's explanation; `ref` names the rule part it comes from."""
    result = {"text": text, "ref": ref}
    if value is not None:
        result["value"] = value
    if article:
        result["article"] = article
    return result
