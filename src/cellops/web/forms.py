"""Form fields shared by every app's pages, so a page accepts exactly what the API accepts.

`DayField` is a date within `kernel.bounds` (the range the JSON door's `Day`
accepts): the browser's date picker is limited to it and anything outside is a
form error that says which dates are accepted, never a 500 further down.
"""

from __future__ import annotations

from django import forms

from cellops.kernel.bounds import DATE_RANGE, EARLIEST, LATEST, in_range


class DayField(forms.DateField):
    """A ``YYYY-MM-DD`` date between `bounds.EARLIEST` and `bounds.LATEST`."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        )
        messages = {"invalid": "Give a date as YYYY-MM-DD."}
        messages.update(kwargs.pop("error_messages", None) or {})
        super().__init__(error_messages=messages, **kwargs)
        self.widget.attrs.setdefault("min", EARLIEST.isoformat())
        self.widget.attrs.setdefault("max", LATEST.isoformat())

    def validate(self, value):
        super().validate(value)
        if value is not None and not in_range(value):
            raise forms.ValidationError(f"Give a date {DATE_RANGE}.", code="out_of_range")
