"""What every part of calculator.policy_files shares: the checkout's root and the two errors."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


class PolicyError(Exception):
    """A policy file with problems; `problems` are `file:line: path: message` lines."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(problems))


class PolicyNotFound(LookupError):
    """No such policy, or no compiled policies and no compiler; `message` is for users."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message
