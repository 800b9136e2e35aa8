"""SP-5 / SP-6 at the cut-off, the pure rule: who is told of each readiness gap."""

from __future__ import annotations

from datetime import UTC, date, datetime

from cellops.sprints import rules
from cellops.sprints.data import TicketFacts

GAPS = rules.readiness_gaps(
    [
        TicketFacts("F-1", None, "ada", "bob"),  # no points
        TicketFacts("F-2", 3, None, "bob"),  # no assignee
        TicketFacts("F-3", 2, "cyd", None),  # no reviewer
        TicketFacts("F-4", None, None, None),  # all three
    ],
    ["dee"],
)


def told(creators=None, managers=("sam",)):
    found = rules.gap_recipients(GAPS, {"F-1": "ada", "F-3": "cyd"}, creators or {}, list(managers))
    return {
        person: [(g.extra.get("ticket") or g.extra["member"], g.extra["gap"]) for g in gaps]
        for person, gaps in found.items()
    }


def test_SP_5_each_gap_goes_to_the_person_who_can_fix_it():
    """Points and reviewer → whoever does the ticket; assignee → its creator; else the manager;
    an overcommitted member is told themselves (SP-6)."""
    assert told(creators={"F-2": "eve"}) == {
        "ada": [("F-1", "story_points")],
        "eve": [("F-2", "assignee")],
        "cyd": [("F-3", "reviewer")],
        "sam": [("F-4", "story_points"), ("F-4", "assignee"), ("F-4", "reviewer")],
        "dee": [("dee", "overcommitted")],
    }


def test_SP_5_without_a_creator_every_manager_is_told_and_without_managers_nobody():
    """Unknown creator: each sprint planning manager; no manager at all: listed under ""."""
    assert told(managers=("sam", "tom"))["tom"] == told(managers=("sam", "tom"))["sam"]
    assert ("F-2", "assignee") in told(managers=())[""]


def test_SP_1_scheduled_start_and_completion_meet_at_midnight_utc():
    """Day 0 starts at 00:00 UTC; the sprint before completes at EOD of its day 13, the same instant."""
    assert rules.start_due(date(2026, 12, 7)) == datetime(2026, 12, 7, tzinfo=UTC)
    assert rules.completion_due(date(2026, 12, 6)) == datetime(2026, 12, 7, tzinfo=UTC)
