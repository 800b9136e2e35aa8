"""Issue #15: a cell's backlog brought in from a Jira CSV export, and taken out the same way.

The file is read by `rules.parse_backlog` (pure); this module resolves people
(`org.api.match_members`, as the worklog import does), epics, accounts and
sprint numbers, decides who may (decision 0040: the cell's sprint planning
manager, one for the whole organisation, administrators, the command line) and
writes the tickets in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import IntegrityError, transaction

from cellops.kernel.violations import Conflict, InvalidInput, NotFound
from cellops.org import api as org_api
from cellops.org.data import Actor
from cellops.platform.api import record_audit
from cellops.sprints import models, rules
from cellops.sprints.api._common import _manages, _sprint_row, _works, sprint_dates
from cellops.sprints.api.tickets import _ticket, _tickets_qs
from cellops.sprints.data import BacklogRow, BadRow, TicketImport
from cellops.sprints.rules.backlog_csv import MAX_FILE_BYTES, MAX_REPORTED_BAD, write_backlog_csv

__all__ = ["MAX_BACKLOG_BYTES", "import_tickets", "tickets_csv"]

MAX_BACKLOG_BYTES = MAX_FILE_BYTES
"""The largest backlog file an import takes (for doors, which refuse it before reading)."""


class _Names:
    """What the names of a backlog stand for in cellops, looked up once per import."""

    def __init__(self, rows: Sequence[BacklogRow], cell: str) -> None:
        self.people = org_api.match_members(
            {name for row in rows for name in (*row.assignee, *row.reviewer)}
        )
        epics = {row.epic for row in rows if row.epic}
        self.epic_accounts = {e.key: e.account for e in org_api.list_epics(False) if e.key in epics}
        self.epic_ids = {key: org_api.epic_pk(key) for key in self.epic_accounts}
        self.accounts: dict[str, int | None] = {}
        self.sprints: dict[int, str | None] = {}
        keys = [row.key for row in rows]
        self.existing: dict[str, str] = {}
        for start in range(0, len(keys), 900):
            self.existing.update(
                models.Ticket.objects.filter(key__in=keys[start : start + 900]).values_list(
                    "key", "cell__name"
                )
            )
        self.cell = cell

    def account(self, name: str) -> int | None:
        if name not in self.accounts:
            try:
                self.accounts[name] = org_api.account_pk(name)
            except NotFound:
                self.accounts[name] = None
        return self.accounts[name]

    def sprint_problem(self, number: int) -> str | None:
        if number not in self.sprints:
            try:
                sprint_dates(self.cell, number, field="sprint")
                self.sprints[number] = None
            except NotFound as exc:
                self.sprints[number] = exc.message
        return self.sprints[number]

    def person(self, names: tuple[str, ...]) -> tuple[int, str] | str | None:
        """The member the names stand for (id, username), None for nobody, or what is wrong."""
        if not names:
            return None
        for name in names:
            found = self.people.get(name, ())
            if len(found) == 1:
                return found[0]
            if found:
                return (
                    f"{name!r} names {len(found)} members ({', '.join(u for _, u in found)}); "
                    "name them by username, e-mail or Jira account id"
                )
        return (
            f"no member is named {names[0]!r} (by username, Jira account id, e-mail or full "
            "name); add them first, or set their Jira account id"
        )


def _resolved(
    row: BacklogRow, names: _Names, account: str | None
) -> tuple[dict[str, object] | None, list[BadRow]]:
    """The fields of the ticket a row makes (ids), or the row's problems."""
    bad: list[BadRow] = []

    def refuse(field: str, message: str) -> None:
        bad.append(BadRow(row.line, row.column(field), message))

    people: dict[str, tuple[int, str] | None] = {}
    for role in ("assignee", "reviewer"):
        found = names.person(getattr(row, role))
        if isinstance(found, str):
            refuse(role, found)
        else:
            people[role] = found
    assignee, reviewer = people.get("assignee"), people.get("reviewer")
    for violation in rules.check_ticket_people(
        assignee[1] if assignee else None, reviewer[1] if reviewer else None
    ):
        refuse("reviewer", f"{violation.rule}: {violation.message}")
    if row.epic and row.epic not in names.epic_accounts:
        refuse("epic", f"no epic has the key {row.epic!r}; create it first (it names the account)")
    account_name = row.account or names.epic_accounts.get(row.epic or "") or account
    account_id = names.account(account_name) if account_name else None
    if not account_name:
        refuse(
            "account",
            "no account for this ticket: give an Account column, an epic link, or the "
            "import's account (--account NAME, account=NAME)",
        )
    elif account_id is None:
        refuse("account", f"no account is called {account_name!r}")
    if row.sprint is not None and (problem := names.sprint_problem(row.sprint)):
        refuse("sprint", problem)
    if bad:
        return None, bad
    return {
        "key": row.key,
        "title": row.title,
        "description": row.description,
        "status": row.status,
        "story_points": row.story_points,
        "assignee_id": assignee[0] if assignee else None,
        "reviewer_id": reviewer[0] if reviewer else None,
        "sprint": row.sprint,
        "epic_id": names.epic_ids.get(row.epic) if row.epic else None,
        "account_id": account_id,
        "remaining_hours": row.remaining_hours,
        "labels": list(row.labels),
    }, []


def import_tickets(
    actor: Actor,
    cell: str,
    text: str,
    *,
    dry_run: bool = False,
    skip_bad: bool = False,
    status_map: Iterable[str] = (),
    account: str | None = None,
) -> TicketImport:
    """Bring a Jira backlog CSV export (`text`, header first) into `cell`'s backlog and sprints.

    Columns and the status mapping: `rules.backlog_csv` (`status_map` adds or overrides
    ``Jira status=SP-9 status`` entries). People are matched like the worklog import
    (username, Jira account id, e-mail, full name), epics by key, sprints by the number
    in their name; a ticket's account is its Account column, else its epic's, else
    `account`. A key already in `cell` is `unchanged` (left as it is: importing twice
    adds nothing); one in another cell is a bad row. Every bad row is reported with its
    line and column; with one, nothing is imported unless `skip_bad`. `dry_run` writes
    nothing and answers what would be done. SP-8 does not apply: the import records a
    plan Jira already holds, made by the one who confirms insertions (decision 0040).
    Who may: the cell's sprint planning manager (or one for the whole organisation),
    administrators and the system (`PermissionDenied` otherwise, before the file is read).
    """
    org_api.cell_pk(cell)  # NotFound on `cell` first
    who = _manages(actor, cell)
    statuses = rules.status_map(status_map)
    if len(text) > MAX_BACKLOG_BYTES:
        raise InvalidInput("body", f"the file is larger than {MAX_BACKLOG_BYTES // 1_000_000} MB")
    rows, bad = rules.parse_backlog(text, statuses)
    names = _Names(rows, cell)
    unchanged: list[str] = []
    made: list[dict[str, object]] = []
    for row in rows:
        where = names.existing.get(row.key)
        if where == cell:
            unchanged.append(row.key)
            continue
        if where is not None:
            bad.append(
                BadRow(
                    row.line, row.column("key"), f"{row.key} is already a ticket of cell {where}"
                )
            )
            continue
        fields, problems = _resolved(row, names, account)
        bad.extend(problems)
        if fields is not None:
            made.append(fields)
    bad.sort(key=lambda b: b.line)
    result = TicketImport(
        imported=tuple(str(f["key"]) for f in made) if skip_bad or not bad else (),
        unchanged=tuple(unchanged),
        bad=tuple(bad[:MAX_REPORTED_BAD]),
        dry_run=dry_run,
        skipped_bad=skip_bad,
        bad_count=len(bad),
    )
    if dry_run or not result.imported:
        return result
    try:
        with transaction.atomic():
            _write(who, cell, [f for f in made if f["key"] in set(result.imported)], result)
    except IntegrityError as exc:  # the same keys imported meanwhile
        raise Conflict(
            "some of these tickets were created meanwhile; run the import again"
        ) from exc
    return result


def _write(who: str, cell: str, made: list[dict[str, object]], result: TicketImport) -> None:
    cell_id = org_api.cell_pk(cell)
    sprint_ids = {
        number: _sprint_row(cell, number).pk
        for number in sorted({f["sprint"] for f in made if f["sprint"] is not None})  # type: ignore[type-var]
    }
    tickets = []
    for fields in made:
        fields = dict(fields)
        sprint = fields.pop("sprint")
        tickets.append(
            models.Ticket(cell_id=cell_id, sprint_id=sprint_ids.get(sprint), **fields)  # type: ignore[arg-type]
        )
    rows = models.Ticket.objects.bulk_create(tickets)
    ids = dict(models.Ticket.objects.filter(key__in=[r.key for r in rows]).values_list("key", "pk"))
    models.TicketChange.objects.bulk_create(
        [
            models.TicketChange(ticket_id=ids[r.key], actor=who, changes={"imported": "Jira CSV"})
            for r in rows
        ]
    )
    record_audit(
        who,
        "ticket.import",
        "cell",
        cell,
        {
            "imported": len(result.imported),
            "unchanged": len(result.unchanged),
            "bad": result.bad_count,
        },
    )


def tickets_csv(actor: Actor, cell: str) -> str:
    """Issue #15: every ticket of `cell` (backlog and sprints) as a Jira backlog CSV in the
    columns the import reads, so a round trip gives the same tickets. Any active member
    (ORG-2), administrators and the system read it, as they read tickets."""
    _works(actor)
    org_api.cell_pk(cell)
    return write_backlog_csv(_ticket(row) for row in _tickets_qs().filter(cell__name=cell))
