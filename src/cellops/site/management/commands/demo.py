"""`cellops demo`: load the demo organisation (safe to run again: it adds nothing twice)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from cellops.site.demo import load
from cellops.web.commands import emit


class Command(BaseCommand):
    help = "Load the demo agency: cells, members and roles, clients, accounts, epics, leads."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options) -> None:
        made = load()
        summary = (
            ", ".join(f"{n} {kind}" for kind, n in made.items() if n)
            or "nothing new (already loaded)"
        )
        emit(
            self,
            made,
            options["json"],
            lambda: self.stdout.write(f"Demo organisation: added {summary}."),
        )
