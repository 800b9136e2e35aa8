"""How the audit page reads an entry's changes (issue #14 item 16), without a database."""

from __future__ import annotations

from cellops.platform.data import ChangeLine, change_lines, change_text


def _read(changes: dict) -> list[str]:
    return [
        (f"{c.field}: " if c.field else "") + (f"{c.before} → " if c.changed else "") + c.after
        for c in change_lines(changes)
    ]


def test_issue_14_item_16_a_change_reads_field_before_to_after():
    assert _read({"status": ["Backlog", "Done"], "remaining_hours": ["3", "0"]}) == [
        "status: Backlog → Done",
        "remaining_hours: 3 → 0",
    ]


def test_issue_14_item_16_a_move_reads_from_to_without_a_field():
    assert _read({"from": 1, "to": 2, "reason": ""}) == ["1 → 2", "reason: —"]


def test_issue_14_item_16_a_value_set_reads_field_value_with_days_in_words():
    assert _read({"date": "2026-09-01", "hours": "4", "stretch": False, "sprint": None}) == [
        "date: Tue 1 Sep 2026",
        "hours: 4",
        "stretch: no",
        "sprint: —",
    ]


def test_issue_14_item_16_lists_of_things_are_never_read_as_a_change():
    assert _read({"moved": ["LYNX-5", "LYNX-6"], "end": [None, "2026-12-31"]}) == [
        "moved: LYNX-5, LYNX-6",
        "end: — → Thu 31 Dec 2026",
    ]
    assert change_lines({"weeks": ["2026-12-07", "2026-12-14"]}) == [
        ChangeLine("weeks", "Mon 7 Dec 2026, Mon 14 Dec 2026")
    ]


def test_issue_14_item_16_nested_values_and_odd_text_read_plainly():
    assert change_text({"name": "Falcon", "wanted": 2}) == "name: Falcon; wanted: 2"
    assert change_text("2026-13-01") == "2026-13-01"
    assert change_lines([1, 2]) == [ChangeLine("changes", "1, 2")]  # type: ignore[arg-type]
