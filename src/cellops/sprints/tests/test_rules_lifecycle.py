"""SP-5 / SP-10 (issue #14 item 2): one open sprint at a time, early start and completion only
when confirmed, and the one "current" sprint of a cell (decision 0047). Pure."""

from __future__ import annotations

from datetime import date

from cellops.sprints import rules

MON_23_NOV = date(2026, 11, 23)  # sprint 24's day 0 (first sprint 1 on Mon 5 Jan 2026)
SUN_6_DEC = date(2026, 12, 6)  # sprint 24's last day
MON_7_DEC = date(2026, 12, 7)  # sprint 25's day 0


def test_SP_5_current_sprint_is_the_calendars_when_nothing_ran_ahead():
    assert rules.current_sprint(24, {}) == 24
    assert rules.current_sprint(24, {23: (True, True), 24: (True, False)}) == 24
    # an old sprint never completed does not hold "current" back
    assert rules.current_sprint(24, {20: (True, False)}) == 24


def test_SP_5_current_sprint_follows_an_early_completion_and_an_early_start():
    assert rules.current_sprint(24, {24: (True, True)}) == 25
    assert rules.current_sprint(24, {24: (True, True), 25: (True, False)}) == 25
    assert rules.current_sprint(24, {24: (True, True), 25: (True, True)}) == 26
    # two open (an older early start): the earliest holds the cell until completed
    assert rules.current_sprint(24, {24: (True, False), 25: (True, False)}) == 24


def test_SP_5_a_sprint_cannot_start_while_an_earlier_one_is_open():
    refused = rules.check_earlier_open(25, {24: (True, False)}, "Falcon")
    assert [v.rule for v in refused] == ["SP-5"]
    assert "Falcon sprint 24 is still running" in refused[0].message
    assert "complete it first" in refused[0].message
    assert refused[0].extra["open_sprint"] == 24
    assert rules.check_earlier_open(25, {24: (True, True)}, "Falcon") == []
    assert rules.check_earlier_open(25, {24: (False, False)}, "Falcon") == []  # never started
    assert rules.check_earlier_open(25, {26: (True, False)}, "Falcon") == []  # later, not earlier


def test_SP_5_an_early_start_needs_confirmation():
    refused = rules.check_early_start(date(2026, 12, 1), MON_7_DEC, confirmed=False)
    assert [v.rule for v in refused] == ["SP-5"]
    assert refused[0].extra["early"] == 6
    assert "Mon 7 Dec 2026" in refused[0].message and "6 days early" in refused[0].message
    assert rules.check_early_start(date(2026, 12, 1), MON_7_DEC, confirmed=True) == []
    assert rules.check_early_start(MON_7_DEC, MON_7_DEC, confirmed=False) == []  # its day 0
    one = rules.check_early_start(date(2026, 12, 6), MON_7_DEC, confirmed=False)
    assert "1 day early" in one[0].message


def test_SP_10_an_early_completion_needs_confirmation():
    day_8 = date(2026, 12, 1)
    refused = rules.check_early_completion(day_8, SUN_6_DEC, confirmed=False)
    assert [v.rule for v in refused] == ["SP-10"]
    assert refused[0].extra["early"] == 5
    assert "Sun 6 Dec 2026" in refused[0].message and "5 days early" in refused[0].message
    assert rules.check_early_completion(day_8, SUN_6_DEC, confirmed=True) == []
    assert rules.check_early_completion(SUN_6_DEC, SUN_6_DEC, confirmed=False) == []  # its end
    assert rules.check_early_completion(MON_7_DEC, SUN_6_DEC, confirmed=False) == []
    day_0 = rules.check_early_completion(MON_23_NOV, SUN_6_DEC, confirmed=False)
    assert day_0[0].extra["early"] == 13
