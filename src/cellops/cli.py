"""The `cellops` command: Django's command-line utility with our settings chosen."""

import os
import sys

BAD_INPUT = 2


def _not_utf8(argument: str) -> bool:
    # Bytes that are not UTF-8 reach argv as lone surrogates, which no database stores.
    try:
        argument.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cellops.settings")
    bad = [n for n, argument in enumerate(sys.argv[1:], start=1) if _not_utf8(argument)]
    if bad:
        shown = ", ".join(ascii(sys.argv[n]) for n in bad)
        sys.stderr.write(f"cellops: argument {bad[0]} is not UTF-8 text ({shown}); retype it\n")
        sys.exit(BAD_INPUT)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
