"""The audit page's filters (issue #14 item 16): person, object and days, and the page."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms

from cellops.platform.data import AuditFilter
from cellops.web.forms import DayField

#: The query parameters, in the order the page's links and its CSV export name them.
PARAMETERS = ("person", "type", "object", "from", "to")


class AuditFilterForm(forms.Form):
    person = forms.ChoiceField(required=False, label="Person")
    type = forms.ChoiceField(required=False, label="Object type")
    object = forms.CharField(
        required=False,
        max_length=200,
        label="Object",
        help_text="Its key or number, as listed below: FALC-12, Falcon/24, 17.",
    )

    def __init__(self, data, *, actors: list[str], types: list[str], names: dict[str, str]):
        super().__init__(data)
        self.fields["person"].choices = [("", "Anyone")] + [
            (a, f"{names[a]} ({a})" if names.get(a, a) != a else a) for a in actors
        ]
        self.fields["type"].choices = [("", "Any")] + [(t, t) for t in types]
        self.fields["from"] = DayField(required=False, label="From")
        self.fields["to"] = DayField(required=False, label="To")
        self.order_fields(["person", "type", "object", "from", "to"])

    def clean(self):
        data = super().clean()
        since, until = data.get("from"), data.get("to")
        if since and until and until < since:
            self.add_error("to", "Give a day on or after the first one.")
        return data

    def which(self) -> AuditFilter:
        """The filter typed, or no filter at all while the form has errors."""
        if not self.is_valid():
            return AuditFilter()
        data = self.cleaned_data
        return AuditFilter(
            actor=data["person"] or None,
            object_type=data["type"] or None,
            object_id=data["object"].strip() or None,
            since=data["from"],
            until=data["to"],
        )

    def number(self) -> int:
        """The page asked for (`page`, from 1); anything else is the first."""
        text = str(self.data.get("page", ""))
        return int(text) if text.isdigit() and 0 < len(text) < 7 and int(text) > 0 else 1

    def query(self, **extra: object) -> str:
        """The filters typed as a query string ("" without any), plus `extra` (the page)."""
        pairs = [(p, self.data.get(p, "")) for p in PARAMETERS]
        pairs += [(k, str(v)) for k, v in extra.items()]
        return urlencode([(k, v) for k, v in pairs if v])
