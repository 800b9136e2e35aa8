"""`cellops worklogs …`: worklogs listed, changed and deleted, with their history (API.md §
Billing, the command-line door of `GET/PATCH/DELETE /api/v1/worklogs`).

- `cellops worklogs list [--member U] [--ticket KEY] [--from D] [--to D] [--limit N] [--json]`
- `cellops worklogs edit ID [--hours H] [--date D] [--note TEXT] [--as USERNAME] [--json]`
- `cellops worklogs delete ID [--as USERNAME]`
- `cellops worklogs history ID [--json]`

Writes run as `--as USERNAME` (their rights: their own worklogs, or their cell's as its
sprint planning manager), else on the server's own authority (`Actor.system("cli")`),
recorded in the audit log under that name. A locked worklog (SL-6), a bad date or hours,
or an unknown worklog: the reason on stderr, exit status 2.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cellops.billing import api
from cellops.kernel.violations import InvalidInput
from cellops.org import api as org_api
from cellops.org.data import Actor
from cellops.web.commands import BAD_INPUT, refusals_exit_2, to_json


def _day(field: str):
    def parse(text: str) -> date:
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise InvalidInput(field, f"give a date as YYYY-MM-DD, not {text!r}") from None

    return parse


def _hours(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        raise InvalidInput("hours", f"give the hours as a number, not {text!r}") from None


class Command(BaseCommand):
    help = "List, change and delete worklogs, and show a worklog's history."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
        listing = actions.add_parser("list", help="worklogs, newest day first")
        listing.add_argument("--member", help="a member's username")
        listing.add_argument("--ticket", help="a ticket's key")
        listing.add_argument("--from", dest="first", help="the first day, YYYY-MM-DD")
        listing.add_argument("--to", dest="last", help="the last day, YYYY-MM-DD")
        listing.add_argument("--limit", type=int, default=100, help="at most this many (100)")
        edit = actions.add_parser("edit", help="change a worklog's hours, day or note")
        edit.add_argument("id", type=int, help="the worklog's id")
        edit.add_argument("--hours", help="the hours worked that day")
        edit.add_argument("--date", help="the day worked, YYYY-MM-DD")
        edit.add_argument("--note", help="what was done")
        delete = actions.add_parser("delete", help="delete a worklog")
        delete.add_argument("id", type=int, help="the worklog's id")
        history = actions.add_parser("history", help="who created, changed, deleted it")
        history.add_argument("id", type=int, help="the worklog's id")
        for sub in (listing, edit, delete, history):
            sub.add_argument("--as", dest="actor", help="the username to act as")
            sub.add_argument("--json", action="store_true", help="print the API's JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = self._actor(options["actor"])
        with refusals_exit_2():
            try:
                getattr(self, f"_{options['action']}")(actor, options)
            except PermissionDenied as exc:
                raise CommandError(str(exc), returncode=BAD_INPUT) from None

    @staticmethod
    def _actor(username: str | None) -> Actor:
        if not username:
            return Actor.system("cli")
        with refusals_exit_2():
            org_api.get_member(username)  # NotFound naming the member: exit 2
        return org_api.actor_named(username)

    def _list(self, actor: Actor, options: dict[str, Any]) -> None:
        items, count = api.list_worklogs(
            actor,
            member=options["member"],
            ticket=options["ticket"],
            first=_day("from")(options["first"]) if options["first"] else None,
            last=_day("to")(options["last"]) if options["last"] else None,
            limit=max(1, min(options["limit"], 1000)),
        )
        if options["json"]:
            self.stdout.write(to_json({"items": [_out(w) for w in items], "count": count}))
            return
        for w in items:
            self.stdout.write(f"{w.id}\t{w.date}\t{w.member}\t{w.ticket}\t{w.hours} h\t{w.note}")
        self.stdout.write(f"{len(items)} of {count} worklog(s).")

    def _edit(self, actor: Actor, options: dict[str, Any]) -> None:
        changed = api.update_worklog(
            actor,
            options["id"],
            hours=_hours(options["hours"]) if options["hours"] is not None else None,
            day=_day("date")(options["date"]) if options["date"] else None,
            note=options["note"],
        )
        if options["json"]:
            self.stdout.write(to_json(_out(changed)))
        else:
            self.stdout.write(
                f"worklog {changed.id}: {changed.date} {changed.hours} h on {changed.ticket}."
            )

    def _delete(self, actor: Actor, options: dict[str, Any]) -> None:
        api.delete_worklog(actor, options["id"])
        if not options["json"]:
            self.stdout.write(f"worklog {options['id']} deleted.")

    def _history(self, actor: Actor, options: dict[str, Any]) -> None:
        actions = api.HISTORY_ACTIONS
        records = [r for r in api.worklog_history(actor, options["id"]) if r.action in actions]
        items = [
            {"at": r.at, "actor": r.actor, "action": actions[r.action], "changes": r.changes}
            for r in records
        ]
        if options["json"]:
            self.stdout.write(to_json({"items": items, "count": len(items)}))
            return
        for item in items:
            changes = ", ".join(f"{k} {v}" for k, v in item["changes"].items())
            self.stdout.write(
                f"{item['at']:%Y-%m-%d %H:%M} {item['actor']} {item['action']}: {changes}"
            )
        if not items:
            self.stdout.write(f"worklog {options['id']}: no history (imported from a file).")


def _out(worklog: api.Worklog) -> dict[str, Any]:
    """A worklog as the JSON API shows it (hours a number; `corrects` only on a correction)."""
    body = {
        "id": worklog.id,
        "ticket": worklog.ticket,
        "member": worklog.member,
        "date": worklog.date,
        "hours": float(worklog.hours),
        "note": worklog.note,
    }
    if worklog.corrects:
        body["corrects"] = worklog.corrects
    return body
