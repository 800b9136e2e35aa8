"""Keep secrets out of logs (issue #9, finding 7).

A calendar app subscribes to a time-off feed with a secret in the address
(`calendar.ics?key=…`), since it cannot send headers. Web servers log the
request line, so the secret would sit in clear in every access log. Two
guards replace the value with `[redacted]`:

- `RedactingGunicornLogger`, the logger class `cellops serve` gives
  gunicorn: every access-log atom (request line, query, referer, headers,
  environ) is redacted before formatting;
- `RedactSecrets`, a logging filter `settings.LOGGING` puts on Django's
  request and server loggers and on the console handler.

No Django here, so gunicorn can load it before the application.
"""

from __future__ import annotations

import logging
import re

#: Query parameters whose values are secrets.
SECRET_PARAMETERS = ("key",)
REDACTED = "[redacted]"

_SECRET = re.compile(
    r"(?P<name>(?:^|(?<=[?&;]))(?:" + "|".join(SECRET_PARAMETERS) + r")=)[^&;#\s\"']*",
    re.IGNORECASE,
)


def redact(text: str) -> str:
    """`text` with each secret query parameter's value replaced: `?key=abc` → `?key=[redacted]`."""
    return _SECRET.sub(lambda match: match["name"] + REDACTED, text)


def _redacted(value: object) -> object:
    return redact(value) if isinstance(value, str) else value


class RedactSecrets(logging.Filter):
    """A logging filter that redacts secrets in the formatted message; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a malformed record: leave it to the formatter
            return True
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        return True


class OneLineRefusals(logging.Filter):
    """Django logs each 403 on `django.request` with the exception's traceback; a refused
    permission is the policy working, not a fault, so it keeps its one warning line
    ("Forbidden (Permission denied): /audit/") and loses the traceback (issue #14)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403 and record.exc_info:
            record.exc_info = None
            record.exc_text = None
        return True


try:  # gunicorn is the production server's dependency; the filter works without it
    from gunicorn.glogging import Logger as _GunicornLogger
except ImportError:  # pragma: no cover - gunicorn is installed with cellops
    _GunicornLogger = object  # type: ignore[assignment,misc]


class RedactingGunicornLogger(_GunicornLogger):  # type: ignore[misc,valid-type]
    """gunicorn's logger with every access-log atom redacted (`--logger-class`)."""

    def atoms(
        self, resp: object, req: object, environ: dict[str, object], request_time: object
    ) -> dict[str, object]:
        atoms = super().atoms(resp, req, environ, request_time)
        return {name: _redacted(value) for name, value in atoms.items()}
