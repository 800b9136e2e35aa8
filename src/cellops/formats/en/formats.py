"""Dates as people read them ("Tue 1 Dec 2026") wherever a template prints one without a
format; forms still read and write ISO 8601 (YYYY-MM-DD), as native date inputs and the
API do (issue #14 item 11)."""

DATE_FORMAT = "D j M Y"
SHORT_DATE_FORMAT = "D j M Y"
DATETIME_FORMAT = "D j M Y, H:i"
SHORT_DATETIME_FORMAT = "D j M Y, H:i"
MONTH_DAY_FORMAT = "D j M"
YEAR_MONTH_FORMAT = "F Y"
DATE_INPUT_FORMATS = ["%Y-%m-%d"]
FIRST_DAY_OF_WEEK = 1
