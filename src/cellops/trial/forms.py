"""The timeline page's form: parses the GET query before it reaches `trial.api`.

A person either picks an active newcomer (their start date is used) or types
a start date, and may add an extension (date of the 121 and 2 or 4 sprints).
The number of sprints is only parsed here: whether it is acceptable is TR-4's
call, so a refusal shows the rule's ID next to the field.
"""

from __future__ import annotations

from django import forms

from cellops.kernel.violations import InvalidInput, NotFound, RuleRefusal
from cellops.trial.data import CRITERIA, NOTE_LIMIT, Newcomer
from cellops.web.forms import RefusalsMixin
from cellops.web.forms import sentence as _sentence

ISO_DATE = ["%Y-%m-%d"]
SPRINT_CHOICES = [("", "No extension"), (2, "2 sprints"), (4, "4 sprints")]


def _date_input() -> forms.DateInput:
    # A native date picker, as time off's; it sends YYYY-MM-DD (issue #14 item 11).
    return forms.DateInput(attrs={"type": "date", "autocomplete": "off"}, format="%Y-%m-%d")


class TimelineForm(RefusalsMixin, forms.Form):
    newcomer = forms.ChoiceField(
        required=False,
        label="Newcomer",
        help_text="An active newcomer: their start date is used.",
    )
    start = forms.DateField(
        required=False,
        label="Start date",
        input_formats=ISO_DATE,
        widget=_date_input(),
        help_text="Or, with no newcomer picked, the trial's first day.",
        error_messages={"invalid": "Give the start date as YYYY-MM-DD, e.g. 2026-01-07."},
    )
    date_of_121 = forms.DateField(
        required=False,
        label="Date of the 121",
        input_formats=ISO_DATE,
        widget=_date_input(),
        help_text="The 121 where the newcomer heard of the extension.",
        error_messages={"invalid": "Give the date of the 121 as YYYY-MM-DD, e.g. 2026-03-04."},
    )
    sprints = forms.IntegerField(
        required=False,
        label="Length of the extension",
        max_value=1000,
        widget=forms.RadioSelect(choices=SPRINT_CHOICES),
        error_messages={"invalid": "Pick 2 or 4 sprints."},
    )

    def __init__(self, *args, newcomers: list[Newcomer], **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {n.username: n for n in newcomers}
        self.fields["newcomer"].choices = [
            ("", "None: use the start date below"),
            *((n.username, self._choice_label(n)) for n in newcomers),
        ]
        self.picked: Newcomer | None = None

    @staticmethod
    def _choice_label(person: Newcomer) -> str:
        day = person.start_date
        started = f"started {day:%a} {day.day} {day:%b %Y}" if day else "no start date yet"
        mentor = f", mentor {person.mentor}" if person.mentor else ""
        return f"{person.full_name} ({person.cell}, {started}{mentor})"

    def clean(self):
        data = super().clean()
        username = data.get("newcomer")
        if username:
            self.picked = self.people[username]
            if self.picked.start_date is None:
                self.add_error(
                    "newcomer",
                    f"{self.picked.full_name} has no start date yet: set it on their member "
                    "page, or pick no newcomer and type a start date.",
                )
            else:
                data["trial_start"] = self.picked.start_date
        elif data.get("start"):
            data["trial_start"] = data["start"]
        elif not {"newcomer", "start"} & self.errors.keys():
            self.add_error("start", "Pick a newcomer or type a start date.")
        has_121 = data.get("date_of_121") is not None
        has_sprints = data.get("sprints") is not None
        if has_121 and not has_sprints and "sprints" not in self.errors:
            self.add_error("sprints", "Pick 2 or 4 sprints, or clear the date of the 121.")
        if has_sprints and not has_121 and "date_of_121" not in self.errors:
            self.add_error(
                "date_of_121",
                "Give the date of the 121 that decided the extension, or pick no extension.",
            )
        return data

    @property
    def field_aliases(self) -> dict[str, str]:
        """A refused start date came from the newcomer picked: shown on that choice."""
        return {"start": "newcomer"} if self.picked is not None else {}


# --- reviews (TR-2, TR-3, TR-4) -----------------------------------------------------


def _textarea() -> forms.Textarea:
    return forms.Textarea(attrs={"rows": 3, "cols": 60})


class VoteForm(forms.Form):
    """A reviewer's own vote with a note on each of TR-3's five criteria (all asked for)."""

    vote = forms.ChoiceField(label="Your vote", widget=forms.RadioSelect)
    comment = forms.CharField(
        required=False, label="Comment (optional)", max_length=NOTE_LIMIT, widget=_textarea()
    )

    def __init__(self, *args, votes: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vote"].choices = [(v, v.capitalize()) for v in votes]
        for key, label in CRITERIA.items():
            self.fields[key] = forms.CharField(
                label=label,
                max_length=NOTE_LIMIT,
                widget=_textarea(),
                error_messages={"required": f"Write a note on {label.lower()} (TR-3)."},
            )

    def notes(self) -> dict[str, str]:
        return {key: self.cleaned_data[key] for key in CRITERIA}

    def refuse(self, error: InvalidInput | NotFound | RuleRefusal) -> None:
        if isinstance(error, RuleRefusal):
            for violation in error.violations:
                field = violation.extra.get("field")
                message = f"{violation.rule}: {_sentence(violation.message)}"
                self.add_error(field if field in self.fields else None, message)
        else:
            field = error.field.removeprefix("notes.")
            self.add_error(field if field in self.fields else None, _sentence(error.message))


class DecideForm(forms.Form):
    """Record a review's outcome: who decides is the use case's (TR-2, TR-3); an extension
    needs its length (TR-4) and the day of the 121."""

    outcome = forms.ChoiceField(label="Outcome", widget=forms.RadioSelect)
    sprints = forms.TypedChoiceField(
        required=False,
        label="Length of the extension",
        coerce=int,
        empty_value=None,
        choices=[("", "No extension"), (2, "2 sprints"), (4, "4 sprints")],
        widget=forms.RadioSelect,
    )
    date_of_121 = forms.DateField(
        required=False,
        label="Date of the 121 (extension only)",
        input_formats=ISO_DATE,
        widget=_date_input(),
        help_text="Empty means today.",
        error_messages={"invalid": "Give the date of the 121 as YYYY-MM-DD, e.g. 2026-03-04."},
    )
    note = forms.CharField(
        required=False,
        label="Why (the discussion's conclusion)",
        max_length=NOTE_LIMIT,
        widget=_textarea(),
    )

    def __init__(self, *args, outcomes: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [(v, v.capitalize()) for v in outcomes]

    refuse = VoteForm.refuse
