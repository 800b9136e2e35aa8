"""The sprint pages' forms: they parse what people chose before it reaches `sprints.api`.

Parsing only. Whether a vote, a move or a start is acceptable is the SP
rules' call (in `sprints.api`), so a refusal comes back on the field it
concerns, with its rule ID.
"""

from __future__ import annotations

from collections.abc import Sequence

from django import forms

from cellops.kernel.violations import InvalidInput, NotFound, RuleRefusal
from cellops.org.data import Cell, Member
from cellops.sprints.data import DEFAULT_POLICY, STATUSES, UNKNOWN_VOTE, Ticket
from cellops.web.forms import DayField, refuse_on
from cellops.web.forms import refusal_text as refusal_text  # for the views

#: SP-2: the estimation scale, then "no idea".
VOTE_CHOICES = [(str(p), str(p)) for p in DEFAULT_POLICY.story_point_scale] + [
    (UNKNOWN_VOTE, UNKNOWN_VOTE)
]
SHOW_CHOICES = [("", "Every ticket"), ("mine", "Mine"), ("reviews", "My reviews")]
#: Where the estimation buttons send people back to.
BACK_PAGES = ("estimation", "planning")


class CellForm(forms.Form):
    """The index page's choice of cell."""

    cell = forms.ChoiceField(label="Cell", error_messages={"invalid_choice": "Pick a cell."})

    def __init__(self, *args, cells: Sequence[Cell], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cell"].choices = [(c.name, f"{c.name} ({c.kind.value})") for c in cells]


class BoardFilterForm(forms.Form):
    """The board's filters, from the query string: mine, my reviews, or one person's."""

    show = forms.ChoiceField(
        label="Show",
        required=False,
        choices=SHOW_CHOICES,
        widget=forms.RadioSelect,
    )
    person = forms.ChoiceField(
        label="Person",
        required=False,
        help_text="Tickets they do, review or are tentatively assigned.",
    )

    def __init__(self, *args, people: Sequence[Member], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", "Anyone")] + [
            (m.username, m.full_name or m.username) for m in people
        ]

    def query(self) -> dict[str, str]:
        """The filters that parsed, to keep them across a move."""
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class MoveForm(forms.Form):
    """SP-9: move one ticket to another column; `version` is the one the person saw."""

    key = forms.CharField(max_length=30)
    status = forms.ChoiceField(
        choices=[(s, s) for s in STATUSES],
        error_messages={"invalid_choice": "Choose one of the board's columns."},
    )
    version = forms.IntegerField(min_value=1, max_value=2**31)


class VotesForm(forms.Form):
    """SP-3: one radio group and an optional comment per ticket, sent together.

    A ticket left without a vote is not voted on; a comment needs a vote.
    """

    def __init__(self, *args, tickets: Sequence[Ticket], **kwargs):
        super().__init__(*args, **kwargs)
        self.tickets = list(tickets)
        for t in self.tickets:
            self.fields[self.vote_name(t.key)] = forms.ChoiceField(
                label=f"Your estimate of {t.key}",
                required=False,
                choices=VOTE_CHOICES,
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": "Vote one of 0, 1, 2, 3, 5, 8, 13, 21, or ? for no idea."
                },
            )
            self.fields[self.comment_name(t.key)] = forms.CharField(
                label=f"Comment on {t.key} (optional)",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    @staticmethod
    def vote_name(key: str) -> str:
        return f"vote_{key}"

    @staticmethod
    def comment_name(key: str) -> str:
        return f"comment_{key}"

    def clean(self):
        data = super().clean()
        for t in self.tickets:
            vote, comment = self.vote_name(t.key), self.comment_name(t.key)
            if data.get(comment, "").strip() and not data.get(vote) and vote not in self.errors:
                self.add_error(vote, f"Choose your estimate of {t.key} to send your comment.")
        return data

    def votes(self) -> list[tuple[str, str, str]]:
        """(ticket, vote, comment) for each ticket voted on."""
        return [
            (
                t.key,
                self.cleaned_data[self.vote_name(t.key)],
                self.cleaned_data[self.comment_name(t.key)].strip(),
            )
            for t in self.tickets
            if self.cleaned_data.get(self.vote_name(t.key))
        ]

    def refuse(self, key: str, error: InvalidInput | NotFound | RuleRefusal) -> None:
        """Show a refused vote on its ticket's radio group."""
        refuse_on(self, error, field=self.vote_name(key))

    def rows(self) -> list[dict]:
        """Per ticket, the bound fields the page lays out as one fieldset, and its radios as
        plain values (`options`: id, value, label, checked): the page writes them itself, as
        Django's widgets would, without a template per radio for a page of tickets × nine
        choices (decision 0067)."""
        rows = []
        for t in self.tickets:
            vote = self[self.vote_name(t.key)]
            chosen = vote.value()
            chosen = "" if chosen is None else str(chosen)
            rows.append(
                {
                    "ticket": t,
                    "vote": vote,
                    "comment": self[self.comment_name(t.key)],
                    "options": [
                        {
                            "id": f"{vote.auto_id}_{n}",
                            "value": value,
                            "label": label,
                            "checked": value == chosen,
                        }
                        for n, (value, label) in enumerate(VOTE_CHOICES)
                    ],
                }
            )
        return rows


class StartForm(forms.Form):
    """SP-5: starting a sprint that is not ready needs an explicit override and its reason."""

    reason = forms.CharField(
        label="Why start it anyway",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Recorded in the audit log with every gap you override.",
        error_messages={
            "required": "Say why the sprint starts with these gaps; it is recorded with the override."
        },
    )


# --- the ticket page and the new-ticket page ------------------------------------------

#: SP-2: story points as a select: unestimated, then the scale.
POINT_CHOICES = [("", "Unestimated")] + [(str(p), str(p)) for p in DEFAULT_POLICY.story_point_scale]
#: The user-story template a new ticket's description starts from.
STORY_TEMPLATE = "As a …, I want … so that …"
HOURS_HELP = "In hours, like 4 or 1.5."


def _person_field(label: str, help_text: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=False,
        help_text=help_text,
        error_messages={"invalid_choice": "Choose one of the cell's members."},
    )


def _hours_field(label: str, help_text: str = HOURS_HELP) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=7,
        decimal_places=2,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"step": "0.25"}),
        error_messages={"invalid": "Give a number of hours, like 4 or 1.5."},
    )


def _due_field() -> forms.DateField:
    return DayField(label="Due date", required=False)


def _points(value: str) -> int | None:
    return int(value) if value not in ("", None) else None


class TicketFieldsForm(forms.Form):
    """The fields a ticket's creator and its editors set (SP-2 points, SP-5 people)."""

    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Give the ticket a title."}
    )
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    story_points = forms.ChoiceField(
        label="Story points",
        required=False,
        choices=POINT_CHOICES,
        help_text="SP-2: 0, 1, 2, 3, 5, 8, 13 or 21; leave unestimated for the estimation session.",
        error_messages={"invalid_choice": "Choose a value of the scale, or Unestimated."},
    )
    assignee = _person_field("Assignee")
    reviewer = _person_field("Reviewer", "SP-5: someone other than the assignee.")
    tentative_assignee = _person_field(
        "Tentative assignee", "SP-4: becomes the assignee when the sprint starts, if none is set."
    )
    remaining_hours = _hours_field("Remaining hours")
    review_hours = _hours_field(
        "Review hours", "In hours; leave empty to count review time by story points (SP-6)."
    )
    due_date = _due_field()

    def __init__(self, *args, people: Sequence[tuple[str, str]], **kwargs):
        kwargs.setdefault("auto_id", "ticket_%s")
        super().__init__(*args, **kwargs)
        choices = [("", "Nobody"), *people]
        for name in ("assignee", "reviewer", "tentative_assignee"):
            self.fields[name].choices = choices

    def values(self) -> dict:
        """The cleaned values as `sprints.api` takes them (empty choices become None)."""
        data = self.cleaned_data
        values = {
            "title": data["title"],
            "description": data["description"].replace("\r\n", "\n"),
        }
        values["story_points"] = _points(data["story_points"])
        for name in ("assignee", "reviewer", "tentative_assignee"):
            values[name] = data[name] or None
        for name in ("remaining_hours", "review_hours", "due_date"):
            values[name] = data[name]
        return values

    def refuse(self, error: InvalidInput | NotFound | RuleRefusal) -> None:
        """Put a refusal on the fields it names (or the form), each with its rule ID."""
        refuse_on(self, error)


class TicketEditForm(TicketFieldsForm):
    """Change a ticket on its page; `version` is the one the person saw (409 when stale)."""

    status = forms.ChoiceField(
        label="Status",
        choices=[(s, s) for s in STATUSES],
        help_text="SP-9: the board's columns, left to right.",
        error_messages={"invalid_choice": "Choose one of the board's columns."},
    )
    version = forms.IntegerField(min_value=1, max_value=2**31, widget=forms.HiddenInput)

    field_order = [
        "title",
        "description",
        "status",
        "story_points",
        "assignee",
        "reviewer",
        "tentative_assignee",
        "remaining_hours",
        "review_hours",
        "due_date",
    ]

    @staticmethod
    def initial_of(ticket: Ticket) -> dict:
        return {
            "title": ticket.title,
            "description": ticket.description,
            "status": ticket.status,
            "story_points": "" if ticket.story_points is None else str(ticket.story_points),
            "assignee": ticket.assignee or "",
            "reviewer": ticket.reviewer or "",
            "tentative_assignee": ticket.tentative_assignee or "",
            "remaining_hours": ticket.remaining_hours,
            "review_hours": ticket.review_hours,
            "due_date": ticket.due_date,
            "version": ticket.version,
        }

    def changes(self, ticket: Ticket) -> dict:
        """Only what differs from the ticket as it is now."""
        values = self.values() | {"status": self.cleaned_data["status"]}
        return {k: v for k, v in values.items() if getattr(ticket, k) != v}


PLACEMENT_CHOICES = [("sprint", "In the sprint"), ("stretch", "Stretch goal")]


class NewTicketForm(TicketFieldsForm):
    """A new ticket in a sprint, or at the top of its stretch goals (SP-8 path b)."""

    #: Where `sprints.api` names a field this form calls otherwise.
    field_aliases = {"stretch": "placement", "sprint": "placement"}
    #: Where a violation naming no field is shown: SP-8 concerns the choice of sprint.
    rule_fields = {"SP-8": "placement"}

    placement = forms.ChoiceField(
        label="Sprint",
        choices=PLACEMENT_CHOICES,
        initial="sprint",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the sprint or its stretch goals."},
    )
    replaces = forms.CharField(
        label="Replaces or split out from (optional)",
        required=False,
        max_length=30,
        help_text=(
            "SP-8 path (a), after the cut-off: the key of the sprint's ticket this one replaces "
            "or was split out from, like FALC-12. The sprint planning manager then confirms it."
        ),
    )
    epic = forms.ChoiceField(label="Epic", required=False)
    account = forms.ChoiceField(
        label="Account",
        required=False,
        help_text="Left empty, the ticket takes its epic's account.",
        error_messages={
            "required": "Choose the account the work is for.",
            "invalid_choice": "Choose one of the accounts.",
        },
    )

    field_order = [
        "title",
        "description",
        "placement",
        "replaces",
        "epic",
        "account",
        "story_points",
        "assignee",
        "reviewer",
        "tentative_assignee",
        "remaining_hours",
        "review_hours",
        "due_date",
    ]

    def __init__(
        self,
        *args,
        people: Sequence[tuple[str, str]],
        epics: Sequence[tuple[str, str]],
        accounts: Sequence[str],
        number: int,
        **kwargs,
    ):
        super().__init__(*args, people=people, **kwargs)
        # issue #14 item 15: the template is a placeholder, never text saved when left
        self.fields["description"].widget.attrs["placeholder"] = STORY_TEMPLATE
        self.fields[
            "description"
        ].help_text = (
            f"Write it as a user story: who wants it, what they want, and why (“{STORY_TEMPLATE}”)."
        )
        self.fields["placement"].choices = [
            ("sprint", f"Sprint {number}"),
            ("stretch", f"Stretch goal of sprint {number}"),
        ]
        self.fields["epic"].choices = [("", "No epic"), *epics]
        self.fields["account"].choices = [("", "Choose an account")] + [(a, a) for a in accounts]

    def clean(self):
        data = super().clean()
        if not data.get("account") and not data.get("epic") and "account" not in self.errors:
            self.add_error("account", self.fields["account"].error_messages["required"])
        return data

    def values(self) -> dict:
        data = self.cleaned_data
        left = data["description"].strip() == STORY_TEMPLATE
        return super().values() | {
            **({"description": ""} if left else {}),
            "stretch": data["placement"] == "stretch",
            "replaces": data["replaces"].strip() or None,
            "epic": data["epic"] or None,
            "account": data["account"],
        }


class CommentForm(forms.Form):
    """A comment on a ticket, kept as typed and shown as plain text."""

    text = forms.CharField(
        label="Your comment",
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write a comment before sending it."},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "comment_%s")
        super().__init__(*args, **kwargs)


class WorklogForm(forms.Form):
    """Time logged on a ticket: by me, or by someone allowed to log for others."""

    member = forms.ChoiceField(
        label="Member", error_messages={"invalid_choice": "Choose one of the members."}
    )
    date = DayField(label="Date", error_messages={"required": "Give the day you worked."})
    hours = forms.DecimalField(
        label="Hours",
        max_digits=6,
        decimal_places=2,
        help_text="More than 0 and at most 24, like 1.5 for an hour and a half.",
        widget=forms.NumberInput(attrs={"step": "0.25"}),
        error_messages={
            "required": "Give the hours you worked.",
            "invalid": "Give a number of hours, like 1.5.",
        },
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, people: Sequence[tuple[str, str]] | None = None, **kwargs):
        kwargs.setdefault("auto_id", "log_%s")
        super().__init__(*args, **kwargs)
        if people:
            self.fields["member"].choices = list(people)
        else:
            del self.fields["member"]

    def refuse(self, error: InvalidInput | NotFound | RuleRefusal) -> None:
        """Put a refusal (SP-14 cap, hours out of range…) on its field, with its rule ID."""
        refuse_on(self, error)


class RemainingForm(forms.Form):
    """Issue #14 item 15: after logging time, set the ticket's remaining hours in one step."""

    remaining_hours = forms.DecimalField(
        label="Remaining hours",
        max_digits=7,
        decimal_places=2,
        min_value=0,
        help_text="What is left to do, in hours: 0 or more, like 5.5.",
        widget=forms.NumberInput(attrs={"step": "0.25", "min": "0"}),
        error_messages={
            "required": "Give the hours left, like 5.5 (0 when nothing is left).",
            "invalid": "Give a number of hours, like 5.5.",
            "min_value": "Give 0 or more hours.",
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "remaining_%s")
        super().__init__(*args, **kwargs)
