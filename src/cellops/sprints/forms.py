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


# --- sprint rituals (SP-13 to SP-15) ------------------------------------------------

RETRO_KIND_CHOICES = [("went well", "Went well"), ("to improve", "To improve")]


class RetroItemForm(forms.Form):
    """SP-13: one retrospective item."""

    kind = forms.ChoiceField(
        label="Kind",
        choices=RETRO_KIND_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether it went well or is to improve."},
    )
    text = forms.CharField(
        label="Your item",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what went well or what to improve."},
    )


class PollForm(forms.Form):
    """SP-13: the "to improve" items the member approves (any number, each once)."""

    items = forms.MultipleChoiceField(
        label="The items you approve",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose among the poll's items."},
    )

    def __init__(self, *args, choices: Sequence[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [(str(pk), text) for pk, text in choices]

    def chosen(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data["items"]]


class VideoUpdateForm(forms.Form):
    """SP-15: the link of a posted video update (its title is generated)."""

    url = forms.URLField(
        label="Link to your video",
        max_length=500,
        assume_scheme="https",
        help_text="The Loom share link, or the link of the video you uploaded.",
        error_messages={
            "required": "Paste the link of your video.",
            "invalid": "Paste a link starting with https://",
        },
    )


class SocialChatForm(forms.Form):
    """SP-14: the social chat's topic and time, read in the viewer's time zone."""

    topic = forms.CharField(
        label="Topic",
        max_length=150,
        error_messages={"required": "Give the social chat a topic."},
    )
    at = forms.DateTimeField(
        label="Time",
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": "Choose the day and time of the chat.",
            "invalid": "Give a day and time, like 2026-03-10 15:00.",
        },
    )

    def __init__(self, *args, zone: str = "UTC", **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zone
        self.fields["at"].label = f"Time ({zone})"

    def clean_at(self):
        from zoneinfo import ZoneInfo

        value = self.cleaned_data["at"]
        # The field reads the time in the server's zone; it was typed in the viewer's.
        return value.replace(tzinfo=None).replace(tzinfo=ZoneInfo(self.zone))
