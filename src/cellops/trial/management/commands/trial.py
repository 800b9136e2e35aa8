"""`cellops trial …`: a newcomer's trial dates from the command line (API.md § Command line).

- `cellops trial schedule --start D [--json]` (TR-1, TR-2, TR-5)
- `cellops trial extension --date-of-121 D --sprints 2|4 [--json]` (TR-4)
- `cellops trial clean-sprints --sprints N --kind initial|extended|core [--json]` (TR-6)

`--json` prints exactly what the JSON API answers; without it a small table.
Bad input and rule refusals go to stderr with exit status 2.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from rich import box
from rich.console import Console
from rich.table import Table

from cellops.kernel.violations import InvalidInput
from cellops.org.data import Actor
from cellops.trial import api
from cellops.web.commands import emit, parse_date, refusals_exit_2

#: The use cases name their inputs; people typed these options.
#: An operator on the server asks: the dates need no member login (decision 0022).
CLI = Actor.system("cli")

OPTIONS = {"start": "--start", "date_of_121": "--date-of-121", "sprints": "--sprints"}


class Command(BaseCommand):
    help = "Compute a newcomer's trial dates, an extension, or the clean sprints needed."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
        schedule = actions.add_parser(
            "schedule", help="the key dates of a trial starting on a date (TR-1, TR-2, TR-5)"
        )
        schedule.add_argument("--start", required=True, help="the first day, YYYY-MM-DD")
        schedule.add_argument("--json", action="store_true", help="print the API's JSON")
        extension = actions.add_parser(
            "extension", help="the end and review deadline of an extension (TR-4)"
        )
        extension.add_argument(
            "--date-of-121", required=True, help="the day of the 121 that decided it, YYYY-MM-DD"
        )
        extension.add_argument("--sprints", required=True, type=int, help="2 or 4")
        extension.add_argument("--json", action="store_true", help="print the API's JSON")
        clean = actions.add_parser(
            "clean-sprints", help="the minimum number of clean sprints out of N (TR-6)"
        )
        clean.add_argument("--sprints", required=True, type=int, help="how many sprints, N ≥ 1")
        clean.add_argument("--kind", required=True, help="initial, extended or core")
        clean.add_argument("--json", action="store_true", help="print the API's JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        with refusals_exit_2():
            try:
                if action == "schedule":
                    self._schedule(parse_date(options["start"], "--start"), options["json"])
                elif action == "extension":
                    day = parse_date(options["date_of_121"], "--date-of-121")
                    self._extension(day, options["sprints"], options["json"])
                else:
                    self._clean_sprints(options["sprints"], options["kind"], options["json"])
            except InvalidInput as exc:
                raise InvalidInput(OPTIONS.get(exc.field, exc.field), exc.message) from None

    def _schedule(self, start, as_json: bool) -> None:
        trial = api.schedule(CLI, start)
        sprint = trial.developer_review_sprint
        rows = [
            ("Start date", f"{trial.start_date}", ""),
            ("Screening review due", f"{trial.screening_review_due}", "TR-2"),
            (
                "Developer review sprint",
                f"{sprint.name} ({sprint.start} to {sprint.end})",
                "TR-5",
            ),
            ("Review deadline", f"{trial.review_deadline}", "TR-1"),
            ("End of trial", f"{trial.end_of_trial}", "TR-1"),
        ]
        # The schedule's fields are exactly the API's answer (API.md § Newcomers' trial).
        emit(self, trial, as_json, lambda: self._table(f"Trial starting {start}", rows))

    def _extension(self, date_of_121, sprints: int, as_json: bool) -> None:
        result = api.extension(CLI, date_of_121, sprints)
        value = {
            "end_of_extension": result.end_of_extension,
            "review_deadline": result.review_deadline,
        }
        rows = [
            ("Date of the 121", f"{result.date_of_121}", ""),
            ("Review deadline", f"{result.review_deadline}", "TR-4"),
            ("End of extension", f"{result.end_of_extension}", "TR-4"),
        ]
        title = f"Extension of {result.sprints} sprints"
        emit(self, value, as_json, lambda: self._table(title, rows))

    def _clean_sprints(self, sprints: int, kind: str, as_json: bool) -> None:
        required = api.clean_sprints_required(CLI, sprints, kind)
        rows = [("Clean sprints required", f"{required} of {sprints}", "TR-6")]
        title = f"Clean sprints for a {kind} count of {sprints}"
        emit(self, {"required": required}, as_json, lambda: self._table(title, rows))

    def _table(self, title: str, rows: list[tuple[str, str, str]]) -> None:
        table = Table(title=title, box=box.SIMPLE, title_justify="left")
        table.add_column("What")
        table.add_column("When")
        table.add_column("Rule")
        for row in rows:
            table.add_row(*row)
        Console(file=self.stdout, highlight=False).print(table)
