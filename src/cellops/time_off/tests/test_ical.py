"""Tests for reading and writing time off as iCalendar (API: the feed and the import).

Plain pytest with no database. `data/shared-calendar.ics` is a Google
Calendar export of a team calendar (Europe/Berlin, March–April 2026) with 14
events: 12 that read (time off, a duplicate, and events that are not time
off at all) and 2 that are skipped (one cancelled, one recurring).
`data/part-timer-series.ics` (issue #15) holds a weekly series with a moved,
an excluded and a cancelled occurrence.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from cellops.time_off.ical import (
    PRODID,
    FeedEvent,
    ImportedEvent,
    UnreadableCalendar,
    feed,
    read_events,
)

SHARED_CALENDAR = Path(__file__).parent / "data" / "shared-calendar.ics"

UPDATED = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


def shared_calendar() -> list[ImportedEvent]:
    return read_events(SHARED_CALENDAR.read_bytes()).events


def by_uid(uid: str) -> ImportedEvent:
    return next(event for event in shared_calendar() if event.uid == uid)


def calendar(*events: str) -> bytes:
    """A minimal calendar around the given VEVENT bodies (lines joined with CRLF)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN"]
    for body in events:
        lines += ["BEGIN:VEVENT", *body.strip().splitlines(), "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def absence(uid: str = "to-1@cellops", **changes: object) -> FeedEvent:
    fields: dict[str, object] = {
        "uid": uid,
        "title": "Maria: off",
        "start": date(2026, 3, 9),
        "end": date(2026, 3, 13),
        "url": "https://forum.example.com/t/maria-time-off-march-2026/1234",
        "description": "Coverage: Jonas reviews, Aiko firefights.\nBack on Monday; thanks!",
        "updated": UPDATED,
    }
    fields.update(changes)
    return FeedEvent(**fields)  # type: ignore[arg-type]


# Import: the shared calendar -----------------------------------------------


def test_the_shared_calendar_reads_twelve_events_and_skips_two() -> None:
    """Read on 1 Dec 2026, the weekly series of March–April 2026 is outside the horizon.

    (Issue #15 changed the reason: repeating events were not read at all before.)"""
    result = read_events(SHARED_CALENDAR.read_bytes(), date(2026, 12, 1))
    assert len(result.events) == 12
    assert result.skipped == [
        ("Aiko: off", "the event is cancelled"),
        (
            "Priya: available 6h",
            "no occurrence of this repeating event falls between 2026-11-03 and 2027-12-01 "
            "(repeating events are read from 4 weeks before the import to a year after)",
        ),
    ]


def test_the_shared_calendars_weekly_series_comes_in_as_six_fridays_when_in_the_horizon() -> None:
    result = read_events(SHARED_CALENDAR.read_bytes(), date(2026, 3, 1))
    fridays = [e for e in result.events if e.title == "Priya: available 6h"]
    assert [(e.start, e.end) for e in fridays] == [
        (date(2026, 3, 6) + timedelta(weeks=n),) * 2 for n in range(6)
    ]
    assert fridays[0].uid == "3t8b5e0kr6n2c9l4qfd1ms7hvu@google.com/20260306"
    assert [s for s in result.skipped if s[0] == "Priya: available 6h"] == []


def test_every_event_of_the_shared_calendar_comes_out_with_its_title_and_inclusive_dates() -> None:
    assert [(e.title, e.start, e.end) for e in shared_calendar()] == [
        ("Maria: off", date(2026, 3, 9), date(2026, 3, 13)),
        ("Jonas: off", date(2026, 3, 16), date(2026, 3, 16)),
        ("Aiko: available 4h", date(2026, 3, 17), date(2026, 3, 19)),
        ("Priya: available 4.5h", date(2026, 3, 23), date(2026, 3, 24)),
        ("Maria Keller: off", date(2026, 4, 6), date(2026, 4, 10)),
        ("Chen: off", date(2026, 4, 2), date(2026, 4, 2)),
        ("Jonas: off", date(2026, 3, 16), date(2026, 3, 16)),
        ("Team offsite", date(2026, 4, 14), date(2026, 4, 16)),
        ("Zed: off", date(2026, 3, 25), date(2026, 3, 25)),
        ("Dmitri: OFF", date(2026, 3, 30), date(2026, 4, 1)),
        ("lunch w/ client", date(2026, 3, 26), date(2026, 3, 26)),
        (
            "Open edX conference — Maria, Jonas and Aiko travelling to Kraków (talks on Monday)",
            date(2026, 4, 27),
            date(2026, 4, 28),
        ),
    ]


def test_an_all_day_event_ends_the_day_before_its_exclusive_dtend() -> None:
    # DTSTART;VALUE=DATE:20260309 / DTEND;VALUE=DATE:20260314 (Monday to Friday)
    maria = by_uid("3q1v8d2kq9lnm7hf0c4sbt6e5o@google.com")
    assert (maria.start, maria.end) == (date(2026, 3, 9), date(2026, 3, 13))


def test_a_one_day_all_day_event_starts_and_ends_on_the_same_day() -> None:
    # DTSTART;VALUE=DATE:20260316 / DTEND;VALUE=DATE:20260317
    jonas = by_uid("6b0r2m5tq8e1u9h4kc7jd3aplv@google.com")
    assert (jonas.start, jonas.end) == (date(2026, 3, 16), date(2026, 3, 16))


def test_a_timed_event_in_europe_berlin_lands_on_its_utc_date() -> None:
    # 09:00–18:00 CEST on 2026-04-02 (after the switch to summer time) is 07:00–16:00 UTC.
    chen = by_uid("7h2c9r4ke1t6n0b5ms8dq3vjpl@google.com")
    assert (chen.title, chen.start, chen.end) == ("Chen: off", date(2026, 4, 2), date(2026, 4, 2))


def test_the_duplicated_event_comes_out_twice_with_its_own_uid() -> None:
    jonas = [e for e in shared_calendar() if e.title == "Jonas: off"]
    assert [(e.uid, e.start, e.end) for e in jonas] == [
        ("6b0r2m5tq8e1u9h4kc7jd3aplv@google.com", date(2026, 3, 16), date(2026, 3, 16)),
        ("1m6t0q8fa3d9k5r2hbn7ce4usv@google.com", date(2026, 3, 16), date(2026, 3, 16)),
    ]


def test_a_folded_summary_with_escaped_commas_comes_out_whole() -> None:
    conference = by_uid("2r7v4c1nd8k5h0s3qbm9te6lfj@google.com")
    assert conference.title == (
        "Open edX conference — Maria, Jonas and Aiko travelling to Kraków (talks on Monday)"
    )


def test_the_folded_description_of_the_shared_calendar_unfolds_and_unescapes() -> None:
    # read_events does not return descriptions; this checks the sample file is what it claims.
    parsed = Calendar.from_ical(SHARED_CALENDAR.read_bytes())
    assert str(parsed.events[0]["DESCRIPTION"]) == (
        "Spring break, back on Monday 16 March.\n"
        "Coverage: Jonas reviews my epics, Aiko takes the firefighting rotation.\n"
        "Announcement: https://forum.example.com/t/maria-time-off-march-2026/1234"
    )


def test_the_shared_calendar_is_a_google_style_export_with_crlf_and_folded_lines() -> None:
    raw = SHARED_CALENDAR.read_bytes()
    lines = raw.split(b"\r\n")
    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert max(len(line) for line in lines) == 75
    assert any(line.startswith(b" ") for line in lines)
    assert raw.count(b"BEGIN:VEVENT") == 14


def test_each_event_knows_the_line_where_it_begins() -> None:
    lines = SHARED_CALENDAR.read_bytes().split(b"\r\n")
    events = shared_calendar()
    assert events[0].line == 28
    assert all(lines[event.line - 1] == b"BEGIN:VEVENT" for event in events if event.line)
    assert all(event.line is not None for event in events)


# Import: dates ----------------------------------------------------------------


def test_an_all_day_event_without_dtend_lasts_one_day() -> None:
    (event,) = read_events(
        calendar("UID:a\nSUMMARY:Jonas: off\nDTSTART;VALUE=DATE:20260316")
    ).events
    assert (event.start, event.end) == (date(2026, 3, 16), date(2026, 3, 16))


def test_an_all_day_event_with_a_duration_ends_on_its_last_day() -> None:
    (event,) = read_events(
        calendar("UID:a\nSUMMARY:Aiko: off\nDTSTART;VALUE=DATE:20260317\nDURATION:P3D")
    ).events
    assert (event.start, event.end) == (date(2026, 3, 17), date(2026, 3, 19))


def test_a_timed_event_just_after_midnight_in_berlin_starts_on_the_previous_utc_day() -> None:
    (event,) = read_events(
        calendar(
            "UID:a\nSUMMARY:Chen: off\n"
            "DTSTART;TZID=Europe/Berlin:20260310T003000\n"
            "DTEND;TZID=Europe/Berlin:20260310T120000"
        )
    ).events
    assert (event.start, event.end) == (date(2026, 3, 9), date(2026, 3, 10))


def test_a_timed_event_ending_at_midnight_utc_does_not_reach_the_next_day() -> None:
    (event,) = read_events(
        calendar("UID:a\nSUMMARY:Chen: off\nDTSTART:20260310T080000Z\nDTEND:20260312T000000Z")
    ).events
    assert (event.start, event.end) == (date(2026, 3, 10), date(2026, 3, 11))


def test_a_timed_event_with_a_duration_ends_on_the_utc_date_of_its_last_instant() -> None:
    (event,) = read_events(
        calendar("UID:a\nSUMMARY:Chen: off\nDTSTART:20260310T220000Z\nDURATION:PT4H")
    ).events
    assert (event.start, event.end) == (date(2026, 3, 10), date(2026, 3, 11))


# Import: what is skipped, and UIDs --------------------------------------------


def test_an_event_without_a_start_is_skipped_with_the_reason() -> None:
    result = read_events(calendar("UID:a\nSUMMARY:Jonas: off"))
    assert result.events == []
    assert result.skipped == [("Jonas: off", "the event has no start date (DTSTART)")]


def test_an_event_whose_dates_cannot_be_read_is_skipped_and_the_rest_still_read() -> None:
    result = read_events(
        calendar(
            "UID:a\nSUMMARY:Jonas: off\nDTSTART;VALUE=DATE:2026-03-16",
            "UID:b\nSUMMARY:Maria: off\nDTSTART;VALUE=DATE:20260309\nDTEND;VALUE=DATE:20260310",
        )
    )
    assert [(e.uid, e.title) for e in result.events] == [("b", "Maria: off")]
    [(summary, reason)] = result.skipped
    assert summary == "Jonas: off"
    assert reason.startswith("its dates cannot be read: ")


def test_a_changed_occurrence_without_its_series_comes_in_on_its_own_dates() -> None:
    """Issue #15 (it was skipped as recurring before): the moved occurrence is read."""
    result = read_events(
        calendar(
            "UID:series\nSUMMARY:Priya: available 6h\nRECURRENCE-ID;VALUE=DATE:20260313\n"
            "DTSTART;VALUE=DATE:20260312\nDTEND;VALUE=DATE:20260313"
        ),
        date(2026, 3, 1),
    )
    assert [(e.uid, e.start, e.end) for e in result.events] == [
        ("series/20260313", date(2026, 3, 12), date(2026, 3, 12))
    ]
    assert result.skipped == []


# Repeating events (issue #15) ----------------------------------------------

PART_TIMER = Path(__file__).parent / "data" / "part-timer-series.ics"
SERIES = "6q1hk3s9b0v2r7n4mdt8ce5lpa@google.com"


def part_timer(today: date = date(2026, 12, 2)) -> list[ImportedEvent]:
    return read_events(PART_TIMER.read_bytes(), today).events


def test_a_weekly_series_becomes_one_event_per_occurrence() -> None:
    ana = [e for e in part_timer() if e.title == "Ana: available 4h"]
    assert [e.start for e in ana] == [date(2027, 1, 4), date(2027, 1, 12), date(2027, 2, 1)]
    assert all(e.start == e.end for e in ana)
    assert [e.uid for e in ana] == [
        f"{SERIES}/20270104",
        f"{SERIES}/20270111",
        f"{SERIES}/20270201",
    ]
    assert {e.line for e in ana} == {26}


def test_a_moved_occurrence_comes_in_on_its_new_day_keeping_its_series_uid() -> None:
    (moved,) = [e for e in part_timer() if e.uid == f"{SERIES}/20270111"]
    assert (moved.start, moved.end) == (date(2027, 1, 12), date(2027, 1, 12))


def test_an_excluded_occurrence_is_left_out_and_a_cancelled_one_reported() -> None:
    result = read_events(PART_TIMER.read_bytes(), date(2026, 12, 2))
    days = {e.start for e in result.events}
    assert date(2027, 1, 25) not in days  # EXDATE
    assert date(2027, 1, 18) not in days  # STATUS:CANCELLED occurrence
    assert result.skipped == [("Ana: available 4h", "the event is cancelled")]


def test_a_timed_series_in_a_time_zone_lands_on_its_utc_dates() -> None:
    planning = [e for e in part_timer() if e.title == "Falcon planning"]
    assert [e.start for e in planning] == [date(2027, 1, 5), date(2027, 1, 12), date(2027, 1, 19)]
    assert planning[0].uid.endswith("/20270105T080000")


def test_occurrences_are_read_from_four_weeks_before_to_a_year_after_the_import() -> None:
    """On 1 Feb 2027 the series' first three Mondays are more than 4 weeks old."""
    ana = [e.start for e in part_timer(date(2027, 2, 1)) if e.title == "Ana: available 4h"]
    assert ana == [date(2027, 1, 4), date(2027, 1, 12), date(2027, 2, 1)]
    ana = [e.start for e in part_timer(date(2027, 2, 10)) if e.title == "Ana: available 4h"]
    assert ana == [date(2027, 2, 1)]
    body = "UID:daily\nSUMMARY:Ana: off\nDTSTART;VALUE=DATE:20260101\nRRULE:FREQ=DAILY"
    days = [e.start for e in read_events(calendar(body), date(2026, 6, 1)).events]
    assert (days[0], days[-1], len(days)) == (date(2026, 5, 4), date(2027, 6, 1), 394)


def test_a_whole_cancelled_series_is_skipped_once() -> None:
    body = (
        "UID:s\nSUMMARY:Ana: off\nSTATUS:CANCELLED\nDTSTART;VALUE=DATE:20260105\nRRULE:FREQ=WEEKLY"
    )
    result = read_events(calendar(body), date(2026, 1, 1))
    assert result.events == []
    assert result.skipped == [("Ana: off", "the event is cancelled (the whole series)")]


def test_no_file_gives_more_than_the_occurrence_limit() -> None:
    series = [
        f"UID:s{n}\nSUMMARY:Ana: off\nDTSTART;VALUE=DATE:20260105\nRRULE:FREQ=DAILY"
        for n in range(4)
    ]
    result = read_events(calendar(*series), date(2026, 1, 1))
    assert len(result.events) == 1000
    assert ("Ana: off", "more than 1000 occurrences in one file") in result.skipped


def test_a_broken_repetition_is_skipped_with_the_reason() -> None:
    body = "UID:s\nSUMMARY:Ana: off\nDTSTART;VALUE=DATE:20260105\nRRULE:FREQ=SOMETIMES"
    result = read_events(calendar(body, "UID:b\nSUMMARY:Bo: off\nDTSTART;VALUE=DATE:20260106"))
    assert [e.title for e in result.events] == ["Bo: off"]
    [(title, reason)] = result.skipped
    assert title == "Ana: off" and reason.startswith("its repetition cannot be read")


def test_an_event_without_uid_gets_a_stable_uid_from_its_title_and_dates() -> None:
    body = "SUMMARY:Zed: off\nDTSTART;VALUE=DATE:20260325\nDTEND;VALUE=DATE:20260326"
    first = read_events(calendar(body)).events[0]
    again = read_events(calendar(body)).events[0]
    other = read_events(calendar(body.replace("20260325", "20260324"))).events[0]
    assert first.uid == again.uid
    assert first.uid.startswith("cellops-import-")
    assert other.uid != first.uid


def test_a_calendar_with_no_events_reads_as_nothing() -> None:
    result = read_events(calendar())
    assert (result.events, result.skipped) == ([], [])


def test_a_utf8_byte_order_mark_and_lf_line_endings_are_accepted() -> None:
    raw = b"\xef\xbb\xbf" + SHARED_CALENDAR.read_bytes().replace(b"\r\n", b"\n")
    assert len(read_events(raw).events) == 12


# Import: not a calendar ----------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The calendar file is empty."),
        (b"  \r\n\r\n", "The calendar file is empty."),
        (
            b"<!DOCTYPE html>\n<html><head><title>Google Calendar</title></head></html>",
            "This is a web page (HTML), not an iCalendar file.",
        ),
        (b"\x00\xff\xfe garbage \x13\x37", "This is not an iCalendar (.ics) file"),
        (b'{"events": []}', "but starts with '{\"events\": []}'"),
        (
            b"BEGIN:VEVENT\r\nSUMMARY:Jonas: off\r\nEND:VEVENT\r\n",
            "expected BEGIN:VCALENDAR, found VEVENT",
        ),
        (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Jonas", "The iCalendar file is damaged"),
    ],
    ids=["empty", "blank", "html", "garbage", "json", "bare-vevent", "cut-short"],
)
def test_what_is_not_an_icalendar_file_is_refused_with_a_clear_message(
    data: bytes, message: str
) -> None:
    with pytest.raises(UnreadableCalendar) as refused:
        read_events(data)
    assert message in refused.value.message
    assert str(refused.value) == refused.value.message


# Export -------------------------------------------------------------------------


def test_the_feed_names_the_calendar_and_publishes_it() -> None:
    parsed = Calendar.from_ical(feed("Serenity cell — time off", [absence()]))
    assert str(parsed["PRODID"]) == PRODID == "-//cellops//time off//EN"
    assert str(parsed["VERSION"]) == "2.0"
    assert str(parsed["CALSCALE"]) == "GREGORIAN"
    assert str(parsed["METHOD"]) == "PUBLISH"
    assert str(parsed["X-WR-CALNAME"]) == "Serenity cell — time off"


def test_a_feed_event_is_all_day_and_its_dtend_is_the_day_after_the_last_day() -> None:
    output = feed("Serenity", [absence()])
    assert b"\r\nDTSTART;VALUE=DATE:20260309\r\n" in output
    assert b"\r\nDTEND;VALUE=DATE:20260314\r\n" in output


def test_a_feed_event_carries_uid_stamp_title_link_description_and_is_transparent() -> None:
    (event,) = Calendar.from_ical(feed("Serenity", [absence()])).events
    assert str(event["UID"]) == "to-1@cellops"
    assert event["DTSTAMP"].dt == UPDATED
    assert str(event["SUMMARY"]) == "Maria: off"
    assert str(event["URL"]) == "https://forum.example.com/t/maria-time-off-march-2026/1234"
    assert str(event["DESCRIPTION"]) == (
        "Coverage: Jonas reviews, Aiko firefights.\nBack on Monday; thanks!"
    )
    assert str(event["TRANSP"]) == "TRANSPARENT"


def test_a_feed_event_without_link_or_description_has_neither() -> None:
    (event,) = Calendar.from_ical(feed("Serenity", [absence(url=None, description=None)])).events
    assert "URL" not in event
    assert "DESCRIPTION" not in event


def test_the_stamp_is_written_in_utc_whatever_the_time_zone_of_updated() -> None:
    berlin_summer = timezone(timedelta(hours=2))
    output = feed("Serenity", [absence(updated=datetime(2026, 4, 2, 9, 0, 0, 1, berlin_summer))])
    assert b"\r\nDTSTAMP:20260402T070000Z\r\n" in output


def test_the_feed_has_crlf_line_endings_and_folds_long_lines() -> None:
    long_description = "Coverage for every epic, rotation and role: " + "Jonas, " * 30
    output = feed("Serenity", [absence(description=long_description)])
    lines = output.split(b"\r\n")
    assert output.endswith(b"\r\n")
    assert b"\n" not in output.replace(b"\r\n", b"")
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)


def test_the_feed_is_the_same_bytes_for_the_same_events_in_any_order() -> None:
    events = [
        absence("to-1@cellops"),
        absence("to-2@cellops", title="Jonas: off", start=date(2026, 3, 16), end=date(2026, 3, 16)),
        absence("to-3@cellops", title="Aiko: available 4h", start=date(2026, 3, 2)),
    ]
    first = feed("Serenity", events)
    assert feed("Serenity", events) == first
    assert feed("Serenity", reversed(events)) == first
    assert [str(e["UID"]) for e in Calendar.from_ical(first).events] == [
        "to-3@cellops",
        "to-1@cellops",
        "to-2@cellops",
    ]


def test_a_calendar_name_on_several_lines_is_written_on_one() -> None:
    parsed = Calendar.from_ical(feed("Serenity\ntime off", []))
    assert str(parsed["X-WR-CALNAME"]) == "Serenity time off"


def test_the_feed_reads_back_with_the_same_uids_titles_and_inclusive_dates() -> None:
    events = [
        absence("to-1@cellops"),
        absence("to-2@cellops", title="Jonas: off", start=date(2026, 3, 16), end=date(2026, 3, 16)),
        absence("to-3@cellops", title="Aiko: available 4h", url=None, description=None),
    ]
    result = read_events(feed("Serenity", events))
    assert result.skipped == []
    assert sorted((e.uid, e.title, e.start, e.end) for e in result.events) == sorted(
        (e.uid, e.title, e.start, e.end) for e in events
    )


titles = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=120
).filter(lambda title: title == title.strip() and title)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))


@given(title=titles, start=days, length=st.integers(min_value=0, max_value=60))
def test_any_title_and_dates_survive_a_round_trip_through_the_feed(
    title: str, start: date, length: int
) -> None:
    event = absence(title=title, start=start, end=start + timedelta(days=length))
    (read,) = read_events(feed("Serenity", [event])).events
    assert (read.uid, read.title, read.start, read.end) == (
        event.uid,
        title,
        start,
        start + timedelta(days=length),
    )


def test_a_feed_event_refuses_an_end_before_its_start() -> None:
    with pytest.raises(ValueError, match="before start"):
        absence(start=date(2026, 3, 9), end=date(2026, 3, 8))


def test_a_feed_event_refuses_a_naive_updated_time() -> None:
    with pytest.raises(ValueError, match="aware"):
        absence(updated=datetime(2026, 3, 1, 9, 30))


def test_a_feed_event_refuses_datetimes_for_its_days() -> None:
    with pytest.raises(TypeError, match="not datetimes"):
        absence(start=datetime(2026, 3, 9, 9, 0, tzinfo=UTC))
