"""Violations: how a handbook rule reports that it refuses something.

Rules never stop at the first problem. Each check returns a list of
`Violation`s; a use case runs every check and raises `RuleRefusal` once with
all of them, so a person sees every gap at once. A violation's message says
what to do, not only what is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Violation:
    """One refusal by one rule, e.g. ``Violation("TO-4", "…", {"days": [...]})``."""

    rule: str
    message: str
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "message": self.message, **self.extra}


class RuleRefusal(Exception):
    """Raised by a use case when one or more rules refuse; carries them all."""

    def __init__(self, violations: list[Violation]):
        if not violations:
            raise ValueError("a RuleRefusal needs at least one violation")
        self.violations = list(violations)
        super().__init__("; ".join(f"{v.rule}: {v.message}" for v in self.violations))


class InvalidInput(Exception):
    """Malformed input: names the field and says what is expected (HTTP 422, exit 2)."""

    def __init__(self, field_name: str, message: str):
        self.field = field_name
        self.message = message
        super().__init__(f"{field_name}: {message}")


class NotFound(Exception):
    """An object named by the client does not exist (HTTP 404, or 422 in a body)."""

    def __init__(self, field_name: str, message: str):
        self.field = field_name
        self.message = message
        super().__init__(f"{field_name}: {message}")


def refuse_if_any(violations: list[Violation]) -> None:
    """Raise `RuleRefusal` with every violation, if there is any."""
    if violations:
        raise RuleRefusal(violations)


class Conflict(Exception):
    """A write based on a stale version of an object (HTTP 409); nothing was changed."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)
