"""The time-off pages' forms: they parse what people typed before it reaches `time_off.api`.

Parsing only: whether a request is acceptable (its kind's hours and scope,
its length, notice and the same-day cap) is for the TO rules, so a refusal
shows the rule's ID on the field it concerns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from django import forms

from cellops.kernel.violations import RuleRefusal, Violation
from cellops.org.data import Member
from cellops.time_off.data import CoverageEntry, Duty, Kind
from cellops.web.forms import RefusalsMixin, Refused, refuse_on
from cellops.web.schemas import EARLIEST, LATEST

KIND_CHOICES = [
    (Kind.OFF.value, "Off — whole days away"),
    (Kind.REDUCED.value, "Reduced — available some hours each working day"),
    (Kind.SCOPED.value, "Scoped — a different scope of work"),
    (Kind.SICK.value, "Sick — no notice needed"),
]

#: Where a refused booking's field and summary point: the panel says why, once.
SEE_BELOW = "why, and what would be accepted instead, is under “Why it would be refused” below"

#: Rules that concern the dates as a whole are shown on the first day's field.
RULE_FIELDS = {"TO-2": "end", "TO-3": "start", "TO-4": "start"}


def _date_field(label: str, help_text: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=help_text,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": f"Give the {label.lower()}.",
            "invalid": f"Give the {label.lower()} as YYYY-MM-DD, e.g. 2026-03-09.",
        },
    )


class BookingForm(RefusalsMixin, forms.Form):
    """TO-1: who, which kind, which days; hours for reduced, the scope for scoped."""

    rule_fields = RULE_FIELDS

    member = forms.ChoiceField(
        label="Who is away",
        help_text="You can book for others: pick the member.",
        error_messages={"required": "Pick who is away.", "invalid_choice": "Pick a member."},
    )
    kind = forms.ChoiceField(
        label="Kind of time off",
        choices=KIND_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Pick the kind of time off.",
            "invalid_choice": "Pick off, reduced, scoped or sick.",
        },
    )
    start = _date_field("First day", "The first day away (inclusive).")
    end = _date_field("Last day", "The last day away (inclusive); the same day for one day.")
    hours_per_day = forms.DecimalField(
        label="Hours available per day",
        required=False,
        min_value=0,
        max_value=24,
        max_digits=4,
        decimal_places=2,
        help_text="Only for reduced time off (and optionally scoped): the hours you still work "
        "on each working day, e.g. 4.",
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
        error_messages={"invalid": "Give the hours as a number, e.g. 4 or 4.5."},
    )
    scope = forms.CharField(
        label="Scope of work",
        required=False,
        max_length=200,
        help_text="Only for scoped time off: what you will work on, e.g. "
        "'only client emergencies'.",
    )

    def __init__(
        self,
        *args,
        members: Sequence[Member] = (),
        me: str | None = None,
        choose_member: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.me = me
        self.choose_member = choose_member
        if choose_member:
            self.fields["member"].choices = [
                ("", "Choose a member"),
                *((m.username, f"{m.full_name} ({m.cell})") for m in members),
            ]
            if me and not self.is_bound:
                self.initial.setdefault("member", me)
        else:
            del self.fields["member"]
        for name in ("start", "end"):
            widget = self.fields[name].widget
            widget.attrs.update({"min": EARLIEST.isoformat(), "max": LATEST.isoformat()})

    def refuse(self, error: Refused) -> None:
        """A rule's refusal is written once, in the page's panel under "Why it would be
        refused" with what would be accepted instead (issue #14, item 12); the field and the
        summary above the form only name the rule and point there."""
        if isinstance(error, RuleRefusal):
            error = RuleRefusal(
                [replace(v, message=f"refused; {SEE_BELOW}.") for v in error.violations]
            )
        refuse_on(self, error, field_for=self.field_for)

    def clean_start(self):
        return self._in_range(self.cleaned_data.get("start"))

    def clean_end(self):
        return self._in_range(self.cleaned_data.get("end"))

    @staticmethod
    def _in_range(value):
        if value is not None and not EARLIEST <= value <= LATEST:
            raise forms.ValidationError(f"Give a date between {EARLIEST} and {LATEST}.")
        return value

    def clean_scope(self):
        return (self.cleaned_data.get("scope") or "").strip()

    @property
    def member_username(self) -> str | None:
        """Who the request is for: the chosen member, else the person booking."""
        if self.choose_member:
            return (self.cleaned_data or {}).get("member") or None
        return self.me

    def parsed(self) -> dict | None:
        """member, kind, start, end as typed, once each parsed (for the live panel)."""
        data = getattr(self, "cleaned_data", {})
        member = self.member_username
        if not member or not all(data.get(k) for k in ("kind", "start", "end")):
            return None
        return {
            "member": member,
            "kind": Kind(data["kind"]),
            "start": data["start"],
            "end": data["end"],
            "hours_per_day": data.get("hours_per_day"),
            "scope": data.get("scope") or None,
        }


class AnnounceForm(RefusalsMixin, forms.Form):
    """TO-6: one choice per duty of the member on those dates, of who covers it."""

    def __init__(
        self,
        *args,
        duties: Sequence[Duty],
        members: Sequence[Member],
        member: str,
        chosen: dict[str, str] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.duties = list(duties)
        chosen = chosen or {}
        people = [
            (m.username, f"{m.full_name} ({m.cell})") for m in members if m.username != member
        ]
        for n, duty in enumerate(self.duties):
            name = f"cover_{n}"
            self.fields[name] = forms.ChoiceField(
                label=duty.label,
                choices=[("", "Choose who covers"), *people],
                required=True,
                help_text=(
                    "Pre-selected: the other person on the epic."
                    if duty.default_cover
                    else "Choose who covers this while you are away."
                ),
                error_messages={
                    "required": f"Choose who covers {duty.label}.",
                    "invalid_choice": "Choose an active member.",
                },
            )
            default = chosen.get(duty.key) or duty.default_cover
            if default:
                self.initial[name] = default

    def field_for(self, violation: Violation) -> str | None:
        """A TO-6 refusal names the duty left uncovered: shown on that duty's choice."""
        for n, duty in enumerate(self.duties):
            if duty.key == violation.extra.get("duty"):
                return f"cover_{n}"
        return None

    def coverage(self) -> list[CoverageEntry]:
        return [
            CoverageEntry(duty.key, self.cleaned_data[f"cover_{n}"])
            for n, duty in enumerate(self.duties)
            if self.cleaned_data.get(f"cover_{n}")
        ]


class CellChoiceForm(forms.Form):
    cell = forms.ChoiceField(label="Cell", required=False)

    def __init__(self, *args, cells: Sequence[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cell"].choices = [(c, c) for c in cells]
