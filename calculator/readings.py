"""The readings (本站解读) a requirement line, a deadline or a multi-year check names, for its result.

A policy's `interpretations` are referred to by id; activities' are looked up by the pages, these are
put into the result itself, so every place that shows the line shows its reading too.
"""

from .memo import derived


def readings(policy, owner):
    """{"interpretations": [{id, topic, article, reading}…]} for the ids `owner` names, or {}."""
    ids = owner.get("interpretations")
    if not ids:
        return {}
    by_id = derived(_by_id, policy)
    found = [{key: by_id[name][key] for key in ("id", "topic", "article", "reading")} for name in ids if name in by_id]
    return {"interpretations": found} if found else {}


def _by_id(policy):
    return {item["id"]: item for item in policy.get("interpretations", [])}
