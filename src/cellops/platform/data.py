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
class Need:
    """One thing waiting on a person for the home page, with where it gets done.

    Each app's `api.needs_of(actor, today)` returns a list of these.
    """

    area: str
    title: str
    detail: str
    url: str
    when: date | None = None
