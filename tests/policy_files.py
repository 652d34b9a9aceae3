"""Test helpers for policy files: a broken copy of a real policy, its compile problems, a line number."""

import pytest

from calculator.policy_files.compiler import PolicyError, load_and_validate
from tests.golden import REPO


def broken(tmp_path, policy_id, *changes, unique=False):
    """A copy of policies/<policy_id>.yaml in tmp_path with each (old, new) change made once.

    Each `old` must be in the file (with unique=True: exactly once), so a test never passes because
    the text it meant to break moved away."""
    text = (REPO / "policies" / f"{policy_id}.yaml").read_text(encoding="utf-8")
    for old, new in changes:
        assert (text.count(old) == 1) if unique else (old in text), old
        text = text.replace(old, new, 1)
    path = tmp_path / f"{policy_id}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(path):
    """The problems load_and_validate reports for a policy file that must fail."""
    with pytest.raises(PolicyError) as caught:
        load_and_validate(path)
    return caught.value.problems


def line_of(path, fragment):
    """The number of the first line of the file that contains fragment."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if fragment in line:
            return number
    raise AssertionError(f"{fragment!r} is not in {path}")
