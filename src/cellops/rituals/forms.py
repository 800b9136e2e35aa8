"""The ritual page's forms (SP-13 to SP-15): they parse what people typed before it
reaches `rituals.api`.

Parsing only: whether an item, an approval, a link or a chat's time is
acceptable is the rules' call (in `rituals.api`), so a refusal comes back on
the field it concerns, with its rule ID (`refusal_text`, shared with the
sprint pages).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import forms

from cellops.sprints.forms import refusal_text

__all__ = ["PollForm", "RetroItemForm", "SocialChatForm", "VideoUpdateForm", "refusal_text"]

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

    def __init__(self, *args: Any, choices: Sequence[tuple[int, str]], **kwargs: Any) -> None:
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

    def __init__(self, *args: Any, zone: str = "UTC", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zone
        self.fields["at"].label = f"Time ({zone})"

    def clean_at(self) -> datetime:
        value = self.cleaned_data["at"]
        # The field reads the time in the server's zone; it was typed in the viewer's.
        return value.replace(tzinfo=None).replace(tzinfo=ZoneInfo(self.zone))
