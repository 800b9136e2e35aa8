"""`cellops pr check-title "TITLE"` and `cellops pr check-commits REV_RANGE` (WF-2).

    cellops pr check-title "[SE-1234] Fix the login"     # exit 0
    cellops pr check-commits origin/main..HEAD           # exit 0, or 2 naming each problem

Neither reads the database, so both run in any repository's CI (README § Pull requests).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cellops.web.commands import BAD_INPUT, emit, refusals_exit_2
from cellops.workflows import api
from cellops.workflows.data import CommitCheck, TitleCheck


class Command(BaseCommand):
    help = "Check a pull request's title or its commits (WF-2)."
    requires_system_checks: list[str] = []  # no database, no project set-up: any repository

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
        title = actions.add_parser(
            "check-title", help="the title names its ticket in square brackets: [SE-1234] …"
        )
        title.add_argument("title", help="the pull request's title")
        title.add_argument("--json", action="store_true", help="print JSON on stdout")
        commits = actions.add_parser(
            "check-commits", help="every commit of a range follows Conventional Commits"
        )
        commits.add_argument("rev_range", help="a git revision range, e.g. origin/main..HEAD")
        commits.add_argument("--json", action="store_true", help="print JSON on stdout")

    def handle(self, *args, **options) -> None:
        with refusals_exit_2():
            if options["action"] == "check-title":
                checked = api.check_title(options["title"])
                value = {
                    "ok": checked.ok,
                    "ticket": checked.ticket,
                    "violations": [{"rule": "WF-2", "message": p} for p in checked.problems],
                }
                emit(self, value, options["json"], lambda: self._title(checked))
                if not checked.ok:
                    raise CommandError(
                        "WF-2: the title is refused:\n  " + "\n  ".join(checked.problems),
                        returncode=BAD_INPUT,
                    )
                return
            checks = api.check_commits(options["rev_range"])
        bad = [c for c in checks if not c.ok]
        value = [{"sha": c.sha, "subject": c.subject, "problems": list(c.problems)} for c in checks]
        emit(self, value, options["json"], lambda: self._commits(checks))
        if bad:
            lines = [f"{c.sha} “{c.subject}”: {'; '.join(c.problems)}" for c in bad]
            raise CommandError(
                f"WF-2: {len(bad)} of {len(checks)} commits are not Conventional Commits:\n  "
                + "\n  ".join(lines),
                returncode=BAD_INPUT,
            )

    def _title(self, checked: TitleCheck) -> None:
        if checked.ok:
            self.stdout.write(f"WF-2: the title names ticket {checked.ticket}.")

    def _commits(self, checks: list[CommitCheck]) -> None:
        if all(c.ok for c in checks):
            self.stdout.write(
                f"WF-2: {len(checks)} commit{'s' if len(checks) != 1 else ''}, "
                "all Conventional Commits."
            )
