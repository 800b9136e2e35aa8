"""`cellops ensure_admin`: make the local administrator login once and print it.

The generated password is kept in var/admin-password (readable by the owner
only), so re-running `make run` is safe and never changes it.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cellops.web.commands import BAD_INPUT


class Command(BaseCommand):
    help = "Create the local administrator (username 'admin') with a generated password."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default="admin")

    def handle(self, *args, **options) -> None:
        username = options["username"]
        try:  # the name is also a file name in var/: no slashes, nothing odd
            UnicodeUsernameValidator()(username)
            if not 0 < len(username) <= 150:
                raise ValidationError("give 1 to 150 characters")
        except ValidationError as exc:
            raise CommandError(
                f"--username: {' '.join(exc.messages)}", returncode=BAD_INPUT
            ) from None
        password_file = settings.VAR_DIR / f"{username}-password"
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(f"Administrator login: {username} (password kept in {password_file})")
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(
            username=username, email=f"{username}@localhost", password=password
        )
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        password_file.write_text(password + "\n")
        password_file.chmod(0o600)
        self.stdout.write(
            self.style.SUCCESS(
                f"Administrator login: {username} / {password}  (kept in {password_file})"
            )
        )
