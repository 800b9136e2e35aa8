"""Plain values the core app hands out: tokens and audit entries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class TokenInfo:
    """A personal API token as listed to its owner (never the secret itself)."""

    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True)
class NewToken:
    """A token just made: the only moment its secret is known."""

    info: TokenInfo
    secret: str


@dataclass(frozen=True)
class AuditRecord:
    """One write: who did it, when, to what, and what changed."""

    id: int
    at: datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    changes: dict[str, Any]


@dataclass(frozen=True)
class NeedLine:
    """One entry of a need's list (a checklist item, a ticket, a lead), with its own link."""

    text: str
    url: str = ""
    when: date | None = None


#: How many lines of a need the home page lists before linking to the rest (issue #14 item 13).
NEED_LINES_SHOWN = 5


@dataclass(frozen=True)
class Need:
    """One thing waiting on a person for the home page, with where it gets done.

    Each app's `api.needs_of(actor, today)` returns a list of these. `detail` is one
    sentence (what to do, under which rule); `lines` are what it is about, one per line —
    the page lists the first `NEED_LINES_SHOWN` and links to `url` for the rest.
    """

    area: str
    title: str
    detail: str
    url: str
    when: date | None = None
    lines: tuple[NeedLine, ...] = ()

    @property
    def shown_lines(self) -> tuple[NeedLine, ...]:
        return self.lines[:NEED_LINES_SHOWN]

    @property
    def more_lines(self) -> int:
        """How many lines the home page leaves to the linked page."""
        return max(0, len(self.lines) - NEED_LINES_SHOWN)
