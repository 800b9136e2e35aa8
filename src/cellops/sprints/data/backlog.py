"""A Jira backlog brought in, and taken out (issue #15): the status map, the rows of the
file, bad rows and what an import did.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from cellops.sprints.data.tickets import (
    BACKLOG,
    DEPLOYED,
    DONE,
    EXTERNAL_REVIEW,
    IN_PROGRESS,
    LONG_EXTERNAL_REVIEW,
    MERGED,
    UNDER_REVIEW,
)

#: SP-9: how a Jira workflow's status names become SP-9 statuses when a backlog is
#: imported (compared without case); each SP-9 name also stands for itself. An import
#: may add to it or override it (`--status-map 'QA=Under review'`).
DEFAULT_STATUS_MAP: dict[str, str] = {
    "to do": BACKLOG,
    "open": BACKLOG,
    "new": BACKLOG,
    "reopened": BACKLOG,
    "selected for development": BACKLOG,
    "ready for development": BACKLOG,
    "in progress": IN_PROGRESS,
    "in development": IN_PROGRESS,
    "in review": UNDER_REVIEW,
    "code review": UNDER_REVIEW,
    "review": UNDER_REVIEW,
    "blocked": EXTERNAL_REVIEW,
    "external review": EXTERNAL_REVIEW,
    "waiting for customer": EXTERNAL_REVIEW,
    "on hold": LONG_EXTERNAL_REVIEW,
    "merged": MERGED,
    "deployed": DEPLOYED,
    "released": DEPLOYED,
    "delivered": DEPLOYED,
    "closed": DONE,
    "resolved": DONE,
}


@dataclass(frozen=True)
class BadRow:
    """A line of an imported file that cannot be imported: its column and what is wrong."""

    line: int
    column: str
    message: str


@dataclass(frozen=True)
class BacklogRow:
    """One ticket of a Jira backlog export, as written (people, epic, account by name).

    `assignee` and `reviewer` are the names the file gives, each a tuple of the
    columns that name the person in order (e.g. "Assignee", then "Assignee Id"): the
    first that names one member wins. `columns` maps each field to the file's own
    column name, for bad rows found once names are resolved."""

    line: int
    key: str
    title: str
    description: str = ""
    status: str = BACKLOG
    story_points: int | None = None
    assignee: tuple[str, ...] = ()
    reviewer: tuple[str, ...] = ()
    sprint: int | None = None
    epic: str | None = None
    account: str | None = None
    remaining_hours: Decimal | None = None
    labels: tuple[str, ...] = ()
    columns: tuple[tuple[str, str], ...] = ()

    def column(self, field: str) -> str:
        """The file's name of the column holding `field` (the field itself if none)."""
        return dict(self.columns).get(field, field)


@dataclass(frozen=True)
class TicketImport:
    """What a backlog import did, or would do (`dry_run`): the keys of the tickets made,
    those already there (left as they are), and every bad row (nothing imported while
    there is one, unless `skipped_bad`)."""

    imported: tuple[str, ...]
    unchanged: tuple[str, ...]
    bad: tuple[BadRow, ...]
    dry_run: bool = False
    skipped_bad: bool = False
    bad_count: int = 0
