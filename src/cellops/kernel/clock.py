"""The one clock the doors and use cases read: now (UTC) and today, which tests can set.

Pages that show "the current sprint", a cut-off or a day number depend on the
day they are asked. `now()` and `today()` read the real clock unless a test
set it with `frozen(at)`, so a page test asserts the dates a page shows for a
fixed day (issue #14 item 1) without mocking anything. Frozen time is
process-wide (a live server thread of a browser test sees it too).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time

_frozen: datetime | None = None


def now() -> datetime:
    """The current instant, aware, in UTC (the frozen one while `frozen` holds)."""
    return _frozen if _frozen is not None else datetime.now(UTC)


def today() -> date:
    """Today's date in UTC (the frozen day while `frozen` holds)."""
    return now().date()


@contextmanager
def frozen(at: datetime | date) -> Iterator[datetime]:
    """Hold the clock at `at` (a date is its 12:00 UTC; a naive datetime is UTC)."""
    global _frozen
    if not isinstance(at, datetime):
        at = datetime.combine(at, time(12), tzinfo=UTC)
    elif at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    previous, _frozen = _frozen, at.astimezone(UTC)
    try:
        yield _frozen
    finally:
        _frozen = previous
