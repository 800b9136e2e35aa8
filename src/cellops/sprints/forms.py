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

#: SP-2: the estimation scale, then "no idea".
VOTE_CHOICES = [(str(p), str(p)) for p in DEFAULT_POLICY.story_point_scale] + [
    (UNKNOWN_VOTE, UNKNOWN_VOTE)
]
SHOW_CHOICES = [("", "Every ticket"), ("mine", "Mine"), ("reviews", "My reviews")]
#: Where the estimation buttons send people back to.
BACK_PAGES = ("estimation", "planning")


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:]


def refusal_text(error: InvalidInput | NotFound | RuleRefusal) -> list[str]:
    """A refusal as sentences, each rule's ID first."""
    if isinstance(error, RuleRefusal):
        return [f"{v.rule}: {_sentence(v.message)}" for v in error.violations]
    return [_sentence(error.message)]


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
        for message in refusal_text(error):
            self.add_error(self.vote_name(key), message)

    def rows(self) -> list[dict]:
        """Per ticket, the bound fields the page lays out as one fieldset."""
        return [
            {
                "ticket": t,
                "vote": self[self.vote_name(t.key)],
                "comment": self[self.comment_name(t.key)],
            }
            for t in self.tickets
        ]


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
