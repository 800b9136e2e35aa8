"""The rituals' tables (SP-13 to SP-16). Thin tables.

They were `sprints`' until decision 0028 moved them here: each keeps the
table it had (`db_table`), so the move changed no row of the database.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

RETRO_KINDS = [("went well", "went well"), ("to improve", "to improve")]


class Retrospective(models.Model):
    """SP-13: a sprint's retrospective, once published to the cell's running thread."""

    sprint = models.OneToOneField(
        "sprints.Sprint", on_delete=models.CASCADE, related_name="retrospective"
    )
    published_at = models.DateTimeField()
    published_by = models.CharField(max_length=150)
    poll_open = models.BooleanField(default=False, help_text="SP-13: more than two to improve")

    class Meta:
        db_table = "sprints_retrospective"

    def __str__(self) -> str:
        return f"retrospective of {self.sprint}"


class RetroItem(models.Model):
    """SP-13: one "went well" or "to improve" item a member added to a sprint's retrospective."""

    sprint = models.ForeignKey(
        "sprints.Sprint", on_delete=models.CASCADE, related_name="retro_items"
    )
    author = models.CharField(max_length=150)
    kind = models.CharField(max_length=20, choices=RETRO_KINDS)
    text = models.TextField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "sprints_retroitem"
        ordering = ["created", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["went well", "to improve"]), name="retro_item_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.text[:40]}"


class PollApproval(models.Model):
    """SP-13: a member approves a "to improve" item in the poll, once."""

    item = models.ForeignKey(RetroItem, on_delete=models.CASCADE, related_name="approvals")
    member = models.ForeignKey("org.Member", on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "sprints_pollapproval"
        constraints = [
            models.UniqueConstraint(fields=["item", "member"], name="poll_approval_once")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} approves item {self.item_id}"


class FirefighterWeek(models.Model):
    """SP-14: one of a cell's (at most two) firefighters of an ISO week starting `week_start`."""

    cell = models.ForeignKey("org.Cell", on_delete=models.CASCADE, related_name="+")
    week_start = models.DateField(help_text="the Monday of the week")
    slot = models.PositiveSmallIntegerField(help_text="1 or 2: two firefighters a week")
    member = models.ForeignKey("org.Member", on_delete=models.PROTECT, related_name="+")
    set_by = models.CharField(max_length=150)

    class Meta:
        db_table = "sprints_firefighterweek"
        ordering = ["week_start", "slot"]
        constraints = [
            models.UniqueConstraint(
                fields=["cell", "week_start", "member"], name="firefighter_once_a_week"
            ),
            models.UniqueConstraint(
                fields=["cell", "week_start", "slot"], name="firefighter_slot_once"
            ),
            models.CheckConstraint(condition=Q(slot__in=[1, 2]), name="firefighters_two_a_week"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} firefighter of {self.cell_id} from {self.week_start}"


class SocialChat(models.Model):
    """SP-14: a sprint's social chat, with the ticket participants log (capped) time on."""

    sprint = models.OneToOneField(
        "sprints.Sprint", on_delete=models.CASCADE, related_name="social_chat"
    )
    topic = models.CharField(max_length=200)
    at = models.DateTimeField()
    organiser = models.CharField(max_length=150)
    ticket = models.OneToOneField(
        "sprints.Ticket", on_delete=models.PROTECT, related_name="social_chat"
    )

    class Meta:
        db_table = "sprints_socialchat"

    def __str__(self) -> str:
        return f"social chat of {self.sprint}: {self.topic}"


class VideoUpdate(models.Model):
    """SP-15: a member's posted video update for a sprint; the title is generated."""

    sprint = models.ForeignKey(
        "sprints.Sprint", on_delete=models.CASCADE, related_name="video_updates"
    )
    member = models.ForeignKey("org.Member", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=300)
    url = models.URLField(max_length=500)
    posted_at = models.DateTimeField()
    posted_by = models.CharField(max_length=150)

    class Meta:
        db_table = "sprints_videoupdate"
        ordering = ["posted_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["sprint", "member"], name="video_update_once")
        ]

    def __str__(self) -> str:
        return self.title


class TechTalk(models.Model):
    """SP-16: a tech talk on a mid-sprint meeting day, with its preparation ticket."""

    title = models.CharField(max_length=200)
    cell = models.ForeignKey("org.Cell", on_delete=models.PROTECT, related_name="+")
    sprint_number = models.PositiveIntegerField()
    day = models.DateField()
    speaker = models.ForeignKey("org.Member", on_delete=models.PROTECT, related_name="+")
    ticket = models.OneToOneField(
        "sprints.Ticket", on_delete=models.PROTECT, related_name="tech_talk"
    )
    scheduled_by = models.CharField(max_length=150)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "sprints_techtalk"
        ordering = ["day", "id"]
        indexes = [models.Index(fields=["day"], name="sprints_tec_day_c0bfcf_idx")]

    def __str__(self) -> str:
        return f"tech talk {self.title} on {self.day}"
