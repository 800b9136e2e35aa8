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

    @property
    def change_lines(self) -> list[ChangeLine]:
        """The changes as people read them (issue #14 item 16): see `change_lines`."""
        return change_lines(self.changes)


#: Keys whose value is a list of things, never a [before, after] pair.
COLLECTION_KEYS = frozenset(
    {
        "cells",
        "claimed",
        "coverage",
        "keys",
        "lines",
        "members",
        "moved",
        "overlap_days",
        "rules",
        "tags",
        "tickets",
        "weeks",
    }
)


@dataclass(frozen=True)
class ChangeLine:
    """One field of an audit entry: `before → after` for a change, `after` alone for a value
    set (then `before` is None and `changed` False); a move (`from`, `to`) has no field."""

    field: str
    after: str
    before: str | None = None

    @property
    def changed(self) -> bool:
        return self.before is not None


def _iso_day(text: str) -> str:
    try:
        day = date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        day = None
    return f"{day:%a} {day.day} {day:%b %Y}" if day else text


def change_text(value: object) -> str:
    """One value of an audit entry in words: ISO days as "Tue 1 Dec 2026", lists joined by
    commas, nothing as "—", dicts as "key: value" pairs."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ", ".join(change_text(v) for v in value) or "—"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {change_text(v)}" for k, v in value.items()) or "—"
    return _iso_day(str(value))


def change_lines(changes: dict[str, Any]) -> list[ChangeLine]:
    """Each field of `changes`, in the shapes use cases record: `{field: [before, after]}`
    for a change (a two-item list under a key not in COLLECTION_KEYS), `{"from": a, "to": b}`
    for a move, `{field: value}` for a value set."""
    if not isinstance(changes, dict):
        return [ChangeLine("changes", change_text(changes))]
    lines: list[ChangeLine] = []
    rest = dict(changes)
    if "from" in rest and "to" in rest:
        before, after = rest.pop("from"), rest.pop("to")
        lines.append(ChangeLine("", change_text(after), change_text(before)))
    for key, value in rest.items():
        pair = isinstance(value, (list, tuple)) and len(value) == 2
        if pair and key not in COLLECTION_KEYS:
            lines.append(ChangeLine(key, change_text(value[1]), change_text(value[0])))
        else:
            lines.append(ChangeLine(key, change_text(value)))
    return lines


@dataclass(frozen=True)
class AuditFilter:
    """What the audit page and its CSV export narrow the log to; None is any."""

    actor: str | None = None
    object_type: str | None = None
    object_id: str | None = None
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class AuditPage:
    """One page of the filtered audit log, newest first, and where it stands in the whole."""

    entries: list[AuditRecord]
    total: int
    number: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def first(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.entries else 0

    @property
    def last(self) -> int:
        return self.first + len(self.entries) - 1 if self.entries else 0


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
