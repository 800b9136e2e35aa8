"""The dates cellops keeps (`kernel.bounds`): one definition every door uses (issue #9, finding 3)."""

from __future__ import annotations

from datetime import date

import pytest

from cellops.kernel.bounds import EARLIEST, LATEST, OutOfRange, check_day, in_range, month_bounds


def test_finding_3_the_range_is_1970_to_2199_inclusive():
    """The first and last days are kept; the days either side are not."""
    assert (date(1970, 1, 1), date(2199, 12, 31)) == (EARLIEST, LATEST)
    assert in_range(EARLIEST) and in_range(LATEST)
    assert not in_range(date(1969, 12, 31)) and not in_range(date(2200, 1, 1))
    assert check_day(LATEST) == LATEST
    with pytest.raises(OutOfRange, match="between 1970-01-01 and 2199-12-31, not 9999-12-31"):
        check_day(date(9999, 12, 31))


def test_finding_3_a_month_gives_its_first_and_last_days():
    """February of a leap year ends on the 29th; the last month kept ends on LATEST."""
    assert month_bounds("2028-02") == (date(2028, 2, 1), date(2028, 2, 29))
    assert month_bounds("2199-12") == (date(2199, 12, 1), LATEST)
    assert month_bounds("1970-01") == (EARLIEST, date(1970, 1, 31))


@pytest.mark.parametrize(
    "month",
    [
        "9999-12",
        "0001-01",
        "1969-12",
        "2200-01",
        "2026-13",
        "2026-00",
        "2026-1",
        "２０２６-01",
        "2026-01\n",
        "",
    ],
)
def test_finding_3_a_month_outside_the_range_or_malformed_is_refused(month):
    """Anything but YYYY-MM (ASCII digits) from 1970-01 to 2199-12 is refused, saying so."""
    with pytest.raises(OutOfRange, match="1970-01 and 2199-12"):
        month_bounds(month)


def test_check_field_day_names_the_field_of_a_date_out_of_range():
    """One check of a given date for every use case (was `_check_day` in sprints and trial)."""
    from cellops.kernel.bounds import check_field_day
    from cellops.kernel.violations import InvalidInput

    assert check_field_day("day", LATEST) == LATEST
    with pytest.raises(InvalidInput) as refused:
        check_field_day("from", date(2200, 1, 1))
    assert refused.value.field == "from"
    assert refused.value.message == "give a date between 1970-01-01 and 2199-12-31, not 2200-01-01"


def test_a_secret_is_kept_as_its_sha256_digest():
    """One digest for API tokens and feed links (was `_digest` in platform and time_off)."""
    import hashlib

    from cellops.kernel.digests import digest

    assert digest("cel_abc") == hashlib.sha256(b"cel_abc").hexdigest()
    assert len(digest("x")) == 64 and digest("x") != digest("y")
