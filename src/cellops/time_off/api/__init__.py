"""Use cases of time off: the only door into `cellops.time_off`.

Callers keep `from cellops.time_off import api`; the use cases live in one module per area:
`reading` (stored requests), `booking` (book, cancel: TO-1 … TO-4), `coverage` (TO-6
announcing, TO-8 checklists), `availability` (hours after time off for sprints, who is
away, day loads, notice), `feeds` (TO-5 events and iCalendar feeds), `imports` (a shared
calendar's export), `access` (who may, who sees sick leave) and `home` (the home page).
"""

from __future__ import annotations

from cellops.time_off.api.access import (
    bookable_members,
    can_book_for_others,
    may_book_for,
    refusals_shown_to,
    require_viewer,
    shown,
    shown_to,
)
from cellops.time_off.api.availability import (
    Notice,
    available_hours,
    available_hours_by_id,
    available_hours_in_cell,
    away_by_day,
    away_for_whole,
    away_on,
    cap_of,
    day_loads,
    notice,
    notice_rule,
)
from cellops.time_off.api.booking import (
    MAX_REQUEST_DAYS,
    book,
    cancel,
)
from cellops.time_off.api.coverage import (
    TO_6,
    announce,
    duties_of,
)
from cellops.time_off.api.feeds import (
    events_of,
    feed,
    has_feed_secret,
    new_feed_secret,
    revoke_feed_secret,
    user_for_feed_secret,
)
from cellops.time_off.api.home import (
    NEEDS_HORIZON_DAYS,
    OVERVIEW_DAYS,
    kind_words,
    needs_of,
    upcoming,
)
from cellops.time_off.api.imports import (
    IMPORT_CHUNK_BYTES,
    MAX_IMPORT_BYTES,
    UploadTooLarge,
    import_calendar,
    import_report_dict,
    read_upload,
)
from cellops.time_off.api.reading import (
    get_time_off,
    list_time_off,
    refusals,
)

__all__ = [
    "IMPORT_CHUNK_BYTES",
    "MAX_IMPORT_BYTES",
    "MAX_REQUEST_DAYS",
    "NEEDS_HORIZON_DAYS",
    "OVERVIEW_DAYS",
    "TO_6",
    "Notice",
    "UploadTooLarge",
    "announce",
    "available_hours",
    "available_hours_by_id",
    "available_hours_in_cell",
    "away_by_day",
    "away_for_whole",
    "away_on",
    "book",
    "bookable_members",
    "can_book_for_others",
    "cancel",
    "cap_of",
    "day_loads",
    "duties_of",
    "events_of",
    "feed",
    "get_time_off",
    "has_feed_secret",
    "import_calendar",
    "import_report_dict",
    "kind_words",
    "list_time_off",
    "may_book_for",
    "needs_of",
    "new_feed_secret",
    "notice",
    "notice_rule",
    "read_upload",
    "refusals",
    "refusals_shown_to",
    "require_viewer",
    "revoke_feed_secret",
    "shown",
    "shown_to",
    "upcoming",
    "user_for_feed_secret",
]
