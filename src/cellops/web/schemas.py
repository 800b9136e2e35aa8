"""Input types shared by every app's JSON door (`rest.py`).

They make malformed input a 422 that names the field before any use case
runs: dates only as YYYY-MM-DD within a sane range, bounded text without NUL
characters (PostgreSQL cannot store them), bounded numbers.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field

from cellops.kernel.bounds import DATE_RANGE, EARLIEST, LATEST, in_range, month_bounds

__all__ = ["EARLIEST", "LATEST", "Day", "Hours", "Name", "Text", "Username"]

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date_only(value: object) -> object:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise ValueError("give a date as YYYY-MM-DD")
    return value


def _in_range(value: date) -> date:
    if not in_range(value):
        raise ValueError(f"give a date {DATE_RANGE}")
    return value


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


def _month(value: str) -> str:
    month_bounds(value)  # raises the ValueError that says which months are accepted
    return value


Day = Annotated[date, BeforeValidator(_iso_date_only), AfterValidator(_in_range)]
#: A month ``YYYY-MM`` within the dates kept (`kernel.bounds.month_bounds`).
Month = Annotated[str, Field(description="YYYY-MM"), AfterValidator(_month)]


def Text(max_length: int, min_length: int = 0) -> object:
    """A string of at most `max_length` characters with no NUL character."""
    return Annotated[
        str, Field(min_length=min_length, max_length=max_length), AfterValidator(_no_nul)
    ]


Name = Text(120, 1)
Username = Text(150, 1)
Hours = Annotated[Decimal, Field(ge=0, max_digits=8, decimal_places=2)]
PageLimit = Annotated[int, Field(ge=1, le=500)]
PageOffset = Annotated[int, Field(ge=0, le=1_000_000)]
