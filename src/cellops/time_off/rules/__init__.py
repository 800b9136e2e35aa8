"""Time off rules (TO-1 to TO-5), as pure functions.

A request for time off is checked against:

- TO-1, its kind: reduced time states the hours still available, scoped time
  states its scope;
- TO-2, its length: the member's working days in the inclusive range, of
  which there must be at least one, and no overlap with the member's own
  pending or confirmed requests;
- TO-3, notice: three days for one day, the Thursday before the sprint for
  two to five days, two weeks for more; sick time off needs none;
- TO-4, the same-day cap: a day on which the cap of the cell is already away
  is an overlap day, and a person takes at most one per ISO week.

`check_request` runs them all and returns every violation at once, each
naming its rule and saying what to do instead. TO-5 turns a request into the
shared calendar's events and reads such titles back on import.

Pure Python (standard library and the shared kernel only), so the rules are
fast to test and can be read next to the handbook. Every public function
takes the `TimeOffPolicy` last, even when the handbook gives it no number to
use, so callers can pass it uniformly.

The rules live in one module per rule (`length`: TO-1, TO-2; `notice`: TO-3; `cap`:
TO-4; `calendar`: TO-5; `coverage`: TO-6; `availability`: SP-6, TO-7; `request`: all
of them at once); this package re-exports them, so callers write `rules.check_request`.
"""

from __future__ import annotations

from cellops.kernel.calendar import end_of_day
from cellops.time_off.rules.availability import (
    available_hours,
    away_whole_period,
)
from cellops.time_off.rules.calendar import (
    calendar_events,
    display_name,
    format_hours,
    parse_title,
)
from cellops.time_off.rules.cap import (
    away_by_day,
    cap,
    check_cap,
    day_loads,
)
from cellops.time_off.rules.common import (
    EARLIEST_DAY,
    LATEST_DAY,
    MAX_REQUEST_DAYS,
    TO_1_KINDS,
    TO_2_LENGTH,
    TO_3_NOTICE,
    TO_4_SAME_DAY_CAP,
    TO_5_CALENDAR_EVENTS,
)
from cellops.time_off.rules.coverage import (
    TO_6_COVERAGE,
    check_coverage,
    covers_to_find,
    duties,
    roles_held_during,
)
from cellops.time_off.rules.length import (
    check_bounds,
    check_double_booking,
    check_kind,
    check_length,
    length,
    working_dates,
)
from cellops.time_off.rules.notice import (
    check_notice,
    earliest_acceptable_start,
    notice_deadline,
    notice_rule,
)
from cellops.time_off.rules.request import (
    check_entry,
    check_request,
)

__all__ = [
    "EARLIEST_DAY",
    "LATEST_DAY",
    "MAX_REQUEST_DAYS",
    "TO_1_KINDS",
    "TO_2_LENGTH",
    "TO_3_NOTICE",
    "TO_4_SAME_DAY_CAP",
    "TO_5_CALENDAR_EVENTS",
    "TO_6_COVERAGE",
    "available_hours",
    "away_by_day",
    "away_whole_period",
    "calendar_events",
    "cap",
    "check_bounds",
    "check_cap",
    "check_coverage",
    "check_double_booking",
    "check_entry",
    "check_kind",
    "check_length",
    "check_notice",
    "check_request",
    "covers_to_find",
    "day_loads",
    "display_name",
    "duties",
    "earliest_acceptable_start",
    "end_of_day",
    "format_hours",
    "length",
    "notice_deadline",
    "notice_rule",
    "parse_title",
    "roles_held_during",
    "working_dates",
]
