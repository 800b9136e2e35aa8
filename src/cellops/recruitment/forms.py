"""The public candidature form: the fields the pre-selection needs, in the candidate's words.

Works without JavaScript; what was typed is kept when something is refused. `website` is a
honeypot: hidden from people by the stylesheet (and from screen readers), left empty by
them; a robot that fills it gets the thank-you page and nothing is stored (decision 0031).
"""

from __future__ import annotations

from datetime import UTC, datetime

from django import forms

from cellops.kernel.violations import Violation
from cellops.recruitment.data import (
    DEFAULT_POLICY,
    Application,
    Clarity,
    Contribution,
    Grade,
    Preselection,
)
from cellops.web.forms import DayField, RefusalsMixin


def _area(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "cols": 60})


class ApplicationForm(forms.Form):
    name = forms.CharField(label="Your name", max_length=DEFAULT_POLICY.max_name)
    email = forms.CharField(
        label="E-mail address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    timezone = forms.CharField(
        required=False,
        label="Time zone",
        max_length=64,
        help_text="Where you work from, e.g. Europe/Paris or UTC+5:30.",
    )
    contributions = forms.CharField(
        required=False,
        label="Merged pull requests to other people's projects",
        max_length=DEFAULT_POLICY.max_url * DEFAULT_POLICY.max_contributions,
        widget=_area(3),
        help_text="Links, one per line: merged PRs to projects you do not own or maintain.",
    )
    no_contribution = forms.BooleanField(required=False, label="I have none yet")
    years_experience = forms.IntegerField(
        label="Years of professional experience as a developer",
        min_value=0,
        max_value=60,
        error_messages={"invalid": "Give a whole number of years, e.g. 3."},
    )
    python = forms.CharField(
        label="Your Python experience", max_length=DEFAULT_POLICY.max_text, widget=_area()
    )
    django = forms.CharField(
        label="Your Django experience", max_length=DEFAULT_POLICY.max_text, widget=_area()
    )
    react = forms.CharField(
        label="Your React experience", max_length=DEFAULT_POLICY.max_text, widget=_area()
    )
    motivation = forms.CharField(
        label="Why you would like to join", max_length=DEFAULT_POLICY.max_text, widget=_area(6)
    )
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_robot(self) -> bool:
        return bool(self.data.get("website"))

    def application(self) -> Application:
        data = self.cleaned_data
        links = tuple(line.strip() for line in data["contributions"].splitlines() if line.strip())
        return Application(
            name=data["name"],
            email=data["email"],
            timezone=data["timezone"],
            contributions=links,
            no_contribution=data["no_contribution"],
            years_experience=data["years_experience"],
            python=data["python"],
            django=data["django"],
            react=data["react"],
            motivation=data["motivation"],
        )

    def problems(self, found: dict[str, str]) -> None:
        for field, message in found.items():
            self.add_error(field if field in self.fields else None, message)


CLARITY = [("clear", "Clear"), ("doubt", "A doubt to ask about"), ("none", "No sign of it")]


class PreselectionForm(RefusalsMixin, forms.Form):
    """RC-3, RC-4: what the reviewer checked, in the handbook's order (contribution first)."""

    rule_fields = {"RC-3": "contribution_url", "RC-5": None}

    contribution_url = forms.CharField(
        required=False,
        max_length=DEFAULT_POLICY.max_url,
        label="The best merged pull request found",
        help_text="Leave empty when the candidate has none: they are rejected at once (RC-3).",
    )
    merged = forms.BooleanField(required=False, label="Merged")
    third_party = forms.BooleanField(
        required=False, label="To someone else's project (not their own, not one they maintain)"
    )
    described = forms.BooleanField(required=False, label="Has a description and discussion")
    stars = forms.IntegerField(required=False, min_value=0, max_value=10_000_000, initial=0)
    forks = forms.IntegerField(required=False, min_value=0, max_value=10_000_000, initial=0)
    writing_ok = forms.BooleanField(required=False, label="The writing is reasonable")
    python = forms.ChoiceField(choices=CLARITY, widget=forms.RadioSelect, label="Python")
    django = forms.ChoiceField(choices=CLARITY, widget=forms.RadioSelect, label="Django")
    react = forms.ChoiceField(choices=CLARITY, widget=forms.RadioSelect, label="React")
    years_experience = forms.IntegerField(
        min_value=0, max_value=60, label="Years as a hired developer"
    )
    open_source_exception = forms.BooleanField(
        required=False, label="Prolific open source contributor (exception to the 2 years)"
    )
    recent_open_edx_provider = forms.BooleanField(
        required=False, label="Recently employed by another Open edX provider"
    )
    notes = forms.CharField(
        required=False, max_length=DEFAULT_POLICY.max_text, widget=_area(3), label="Notes"
    )

    def preselection(self) -> Preselection:
        d = self.cleaned_data
        url = d["contribution_url"].strip()
        contribution = (
            Contribution(
                url, d["merged"], d["third_party"], d["described"], d["stars"] or 0, d["forks"] or 0
            )
            if url
            else None
        )
        return Preselection(
            contribution=contribution,
            writing_ok=d["writing_ok"],
            python=Clarity(d["python"]),
            django=Clarity(d["django"]),
            react=Clarity(d["react"]),
            years_experience=d["years_experience"],
            open_source_exception=d["open_source_exception"],
            recent_open_edx_provider=d["recent_open_edx_provider"],
            notes=d["notes"],
        )


class ScheduleForm(RefusalsMixin, forms.Form):
    """RC-6: the interviewer proposes a time (UTC)."""

    rule_fields = {"RC-5": "at", "RC-3": "at"}

    at = forms.DateTimeField(
        label="Date and time (UTC)",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={"invalid": "Give a date and time such as 2026-12-08T15:00."},
    )
    interviewer = forms.ChoiceField(label="Interviewer")

    def __init__(self, *args: object, interviewers: list[tuple[str, str]], **kwargs: object):
        super().__init__(*args, **kwargs)
        self.fields["interviewer"].choices = interviewers

    def clean_at(self) -> datetime:
        value = self.cleaned_data["at"]
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value


class GradesForm(RefusalsMixin, forms.Form):
    """RC-6: the scorecard, a grade 1–5 and a short comment per criterion."""

    rule_fields = {"RC-6": "recording_url"}

    recording_url = forms.CharField(
        required=False, max_length=DEFAULT_POLICY.max_url, label="Link to the recording"
    )

    def __init__(self, *args: object, criteria: tuple[tuple[str, str], ...], **kwargs: object):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for key, label in criteria:
            self.fields[f"grade_{key}"] = forms.TypedChoiceField(
                label=f"{label}: grade",
                choices=[("", "—")] + [(str(n), str(n)) for n in range(1, 6)],
                coerce=int,
            )
            self.fields[f"comment_{key}"] = forms.CharField(
                label=f"{label}: comment", max_length=DEFAULT_POLICY.max_text
            )

    def grades(self) -> list[Grade]:
        d = self.cleaned_data
        return [Grade(key, d[f"grade_{key}"], d[f"comment_{key}"]) for key, _ in self.criteria]

    def field_for(self, violation: Violation) -> str | None:
        field = str(violation.extra.get("field", ""))
        if field.startswith("grades[") and "]." in field:
            index, _, part = field[7:].partition("].")
            key = self.criteria[int(index)][0]
            return f"{'comment' if part == 'comment' else 'grade'}_{key}"
        return super().field_for(violation)


class StatusForm(RefusalsMixin, forms.Form):
    """RC-5: the next step of the flow (hiring names the cell, start date and mentor)."""

    rule_fields = {"RC-5": "to", "RC-3": "to"}

    to = forms.ChoiceField(label="Next status")
    note = forms.CharField(required=False, max_length=2000, widget=_area(2), label="Note")
    cell = forms.CharField(required=False, max_length=100, label="Cell (when hiring)")
    start_date = DayField(required=False, label="Start date (when hiring)")
    mentor = forms.CharField(
        required=False, max_length=150, label="Mentor's username (when hiring)"
    )

    def __init__(self, *args: object, allowed: list[str], **kwargs: object):
        super().__init__(*args, **kwargs)
        self.offer(allowed)

    def offer(self, allowed: list[str]) -> None:
        """The statuses the select shows, first letter up ("CEO interview" stays so)."""
        self.fields["to"].choices = [(s, s[:1].upper() + s[1:]) for s in allowed]
