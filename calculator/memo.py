"""What is worked out from a part of a policy once, and kept while that part lives.

The engine never changes a policy it is given (tests/test_api.py checks this on every golden case), so
what scoring derives from one — an era's kinds by id, a kind's parameter ids, the interpretations by
id — is the same on every call: it is made on first use and kept by the object's identity (a policy's
parts are dicts and lists, which cannot be hashed, and hashing their contents would cost more than
deriving). The object is kept with what was made from it, so its id is not reused while the entry
exists. A policy changed after it has been scored is a new policy: pass a copy.

Fewer C built-in calls and dict and f-string builds per activity matter most in Pyodide, where each
costs several times what it does in CPython (README, "Pyodide / CPython").
"""

_KEPT = {}
_LIMIT = 2048  # entries; a long batch of policies (tests, the CLI) starts afresh beyond it


def derived(make, owner):
    """make(owner), made once per (make, owner object)."""
    key = (make, id(owner))
    entry = _KEPT.get(key)
    if entry is not None and entry[0] is owner:
        return entry[1]
    value = make(owner)
    if len(_KEPT) >= _LIMIT:
        _KEPT.clear()
    _KEPT[key] = (owner, value)
    return value
