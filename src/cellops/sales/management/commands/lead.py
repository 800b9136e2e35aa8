"""`cellops lead score …` scores a lead with the rubric (SL-1); `cellops lead handbook-check`
recomputes the handbook's three worked examples (SL-2).

    cellops lead score --people-profile 1 --need 1 --budget 2 --contract-type 2 \\
        --prestige 2 --market-niche 2 --internal-positive-bias 2 [--json]
    cellops lead handbook-check [--json]

Every factor option is needed. The values are checked by SL-1 itself, so a
missing option, a 3 or a 1.5 is reported together with every other bad factor,
on stderr, with exit status 2.
"""

from __future__ import annotations

import io

from django.core.management.base import BaseCommand, CommandParser
from rich import box
from rich.console import Console
from rich.table import Table

from cellops.sales import api
from cellops.sales.data import ExampleCheck, LeadScore
from cellops.web.commands import emit, refusals_exit_2


def _option(key: str) -> str:
    return "--" + key.replace("_", "-")


class Command(BaseCommand):
    help = (
        "Score a lead with the seven-factor rubric (SL-1), or check the handbook's examples (SL-2)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
        scoring = actions.add_parser(
            "score",
            help="the total, band and stance of a lead from its seven factor scores",
            description="Score each factor 0, 1 or 2. The total is Σ score × weight (0–28).",
        )
        for factor in api.rubric().factors:
            meanings = " ".join(f"{score}: {text}" for score, text in enumerate(factor.levels))
            scoring.add_argument(
                _option(factor.key),
                dest=factor.key,
                metavar="N",
                default=None,
                help=f"{factor.label}, weight ×{factor.weight}. {meanings}",
            )
        scoring.add_argument("--json", action="store_true", help="print JSON on stdout")
        check = actions.add_parser(
            "handbook-check",
            help="recompute the handbook's three worked examples and list what is wrong in them",
        )
        check.add_argument("--json", action="store_true", help="print JSON on stdout")

    def handle(self, *args, **options) -> None:
        with refusals_exit_2():
            if options["action"] == "score":
                typed = {
                    factor.key: str(options[factor.key])
                    for factor in api.rubric().factors
                    if options.get(factor.key) is not None
                }
                lead = api.score(api.scores_from_text(typed))
                emit(self, lead, options["json"], lambda: self._print_score(lead))
            else:
                checks = api.handbook_check()
                reports = [api.check_report(check) for check in checks]
                emit(self, reports, options["json"], lambda: self._print_checks(checks))

    def _console(self) -> tuple[Console, io.StringIO]:
        buffer = io.StringIO()
        tty = bool(getattr(self.stdout, "isatty", lambda: False)())
        console = Console(
            file=buffer, width=100, force_terminal=tty, no_color=not tty, highlight=False
        )
        return console, buffer

    def _print_score(self, lead: LeadScore) -> None:
        console, buffer = self._console()
        rubric = api.rubric()
        table = Table(title="Lead score (SL-1)", box=box.SIMPLE_HEAD)
        table.add_column("Factor")
        table.add_column("Score", justify="right")
        table.add_column("Weight", justify="right")
        table.add_column("Weighted", justify="right")
        for line in lead.breakdown:
            table.add_row(
                rubric.factor(line.factor).label,
                str(line.score),
                f"×{line.weight}",
                str(line.weighted),
            )
        table.add_section()
        table.add_row("Total", "", "", str(lead.total))
        console.print(table)
        console.print(f"Total: {lead.total} of {rubric.max_total}")
        console.print(f"Band: {lead.band}")
        console.print(f"Stance: {lead.stance}", soft_wrap=True)
        self.stdout.write(buffer.getvalue().rstrip("\n"))

    def _print_checks(self, checks: list[ExampleCheck]) -> None:
        console, buffer = self._console()
        for check in checks:
            example = check.example
            table = Table(
                title=f"{example.name} (SL-2)",
                box=box.SIMPLE_HEAD,
                caption=f"Printed total {example.total}, {example.band or 'no band'}",
            )
            table.add_column("Factor")
            table.add_column("Printed score", justify="right")
            table.add_column("Printed product", justify="right")
            table.add_column("Rubric weight", justify="right")
            table.add_column("Rubric weighted", justify="right")
            for row in api.compare_rows(check):
                printed = row.printed
                if printed is None:
                    cells = ("not printed", "—")
                else:
                    product = f"{printed.product_score} * {printed.weight} = {printed.weighted}"
                    cells = (str(printed.score), product)
                low, high = row.possible
                if row.weighted is not None:
                    rubric_value = str(row.weighted)
                elif printed is None:
                    rubric_value = f"missing: {low}–{high}"
                else:
                    rubric_value = f"refused: {low}–{high}"
                table.add_row(row.label, *cells, f"×{row.weight}", rubric_value)
            console.print(table)
            if check.lead is not None:
                console.print(
                    f"The handbook prints {example.total}; the rubric computes "
                    f"{check.lead.total}, {check.lead.band}.",
                    soft_wrap=True,
                )
            else:
                low, high = check.possible_totals
                console.print(
                    f"The handbook prints {example.total}; the rubric refuses to score it "
                    f"(possible totals {low}–{high}, {' or '.join(check.possible_bands)}).",
                    soft_wrap=True,
                )
            if check.findings:
                console.print(f"Findings ({len(check.findings)}):")
                for finding in check.findings:
                    console.print(f"  - {finding.message}", soft_wrap=True)
            else:
                console.print("Findings: none, the example agrees with the rubric.")
            console.print(f"Verdict: {api.verdict(check)}", soft_wrap=True)
            console.print()
        self.stdout.write(buffer.getvalue().rstrip("\n"))
