"""`cellops token create USERNAME` prints a new personal API token, alone, on stdout.

Also `cellops token list USERNAME` and `cellops token revoke USERNAME ID`.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from cellops.kernel.actor import Actor
from cellops.platform import api
from cellops.web.commands import emit, refusals_exit_2


class Command(BaseCommand):
    help = "Create, list or revoke personal API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
        create = actions.add_parser("create", help="make a token and print it alone on stdout")
        create.add_argument("username")
        create.add_argument("--name", default="", help="what the token is for")
        listing = actions.add_parser("list", help="list a user's tokens (never their secrets)")
        listing.add_argument("username")
        listing.add_argument("--json", action="store_true")
        revoke = actions.add_parser("revoke", help="revoke one token")
        revoke.add_argument("username")
        revoke.add_argument("token_id", type=int)

    def handle(self, *args, **options) -> None:
        system = Actor.system()  # an operator on the server acts for anyone
        with refusals_exit_2():
            if options["action"] == "create":
                new = api.create_token(system, options["name"], username=options["username"])
                self.stdout.write(new.secret)
            elif options["action"] == "list":
                tokens = api.tokens_of(system, options["username"])
                emit(self, tokens, options["json"], lambda: self._print(tokens))
            else:
                token = api.revoke_token(system, options["token_id"], username=options["username"])
                self.stdout.write(f"revoked {token.prefix}… ({token.name or 'no name'})")

    def _print(self, tokens) -> None:
        for t in tokens:
            state = "active" if t.active else f"revoked {t.revoked_at:%Y-%m-%d}"
            self.stdout.write(
                f"{t.id}\t{t.prefix}…\t{t.name or '-'}\t{t.created_at:%Y-%m-%d}\t{state}"
            )
