"""Sprints, tickets and their history, estimation sessions and spillover. Thin tables.

The rituals' tables (SP-13 to SP-16) are `cellops.rituals.models`."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from cellops.sprints import data
from cellops.sprints.data import KEY_PATTERN

#: SP-9: the statuses as field choices, read from the one list in `data.STATUSES`.
STATUSES = [(s, s) for s in data.STATUSES]


class Sprint(models.Model):
    """A cell's sprint `<cell>/<number>`: made when first needed, dates from the calendar."""

    cell = models.ForeignKey("org.Cell", on_delete=models.PROTECT, related_name="sprints")
    number = models.PositiveIntegerField()
    started_at = models.DateTimeField(null=True, blank=True)
    started_by = models.CharField(max_length=150, blank=True)
    start_overridden = models.BooleanField(default=False)
    start_gaps = models.JSONField(default=list, help_text="SP-5 gaps overridden at start")
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["cell__name", "number"]
        constraints = [
            models.UniqueConstraint(fields=["cell", "number"], name="sprint_unique_per_cell")
        ]

    def __str__(self) -> str:
        return f"{self.cell}/{self.number}"


class Ticket(models.Model):
    key = models.CharField(max_length=30, unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    cell = models.ForeignKey("org.Cell", on_delete=models.PROTECT, related_name="tickets")
    sprint = models.ForeignKey(
        Sprint, null=True, blank=True, on_delete=models.PROTECT, related_name="tickets"
    )
    stretch = models.BooleanField(default=False)
    epic = models.ForeignKey(
        "org.Epic", null=True, blank=True, on_delete=models.PROTECT, related_name="tickets"
    )
    account = models.ForeignKey("org.Account", on_delete=models.PROTECT, related_name="tickets")
    story_points = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(max_length=40, choices=STATUSES, default=data.BACKLOG)
    assignee = models.ForeignKey(
        "org.Member",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_tickets",
    )
    reviewer = models.ForeignKey(
        "org.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="review_tickets"
    )
    tentative_assignee = models.ForeignKey(
        "org.Member",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tentative_tickets",
    )
    remaining_hours = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    review_hours = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    replaces = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaced_by"
    )
    awaiting_confirmation = models.BooleanField(
        default=False, help_text="SP-8 (a): inserted as a replacement"
    )
    version = models.PositiveIntegerField(default=1)
    labels = models.JSONField(default=list, blank=True, help_text="Jira's labels (issue #15)")

    class Meta:
        ordering = ["key"]
        indexes = [
            models.Index(fields=["sprint", "status"]),
            models.Index(fields=["cell", "sprint"]),
        ]
        constraints = [
            # WF-2: one key grammar (rules.KEY_PATTERN); \A and \Z mean the same in Python
            # (SQLite's REGEXP) and PostgreSQL, unlike $ (which Python lets before a "\n").
            models.CheckConstraint(
                condition=Q(key__regex=rf"\A{KEY_PATTERN}\Z"),
                name="ticket_key_grammar",
            ),
            models.CheckConstraint(
                condition=Q(story_points__isnull=True)
                | Q(story_points__in=[0, 1, 2, 3, 5, 8, 13, 21]),
                name="ticket_points_on_scale",
            ),
            models.CheckConstraint(
                condition=Q(remaining_hours__isnull=True) | Q(remaining_hours__gte=0),
                name="ticket_remaining_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(review_hours__isnull=True) | Q(review_hours__gte=0),
                name="ticket_review_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(assignee__isnull=True)
                | Q(reviewer__isnull=True)
                | ~Q(assignee=models.F("reviewer")),
                name="ticket_reviewer_not_assignee",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.title}"


class TicketChange(models.Model):
    """History of every change of a ticket."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.CharField(max_length=150)
    changes = models.JSONField(default=dict)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.ticket_id} changed by {self.actor}"


class Comment(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="comments")
    author = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now_add=True)
    text = models.TextField()
    source = models.CharField(max_length=20, default="comment", help_text="comment or estimation")

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"comment by {self.author} on {self.ticket_id}"


class EstimationSession(models.Model):
    """SP-3: one estimation session per sprint."""

    sprint = models.OneToOneField(Sprint, on_delete=models.CASCADE, related_name="estimation")
    opened_by = models.CharField(max_length=150)
    opened_at = models.DateTimeField(auto_now_add=True)
    closes_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"estimation of {self.sprint}"


class Vote(models.Model):
    session = models.ForeignKey(EstimationSession, on_delete=models.CASCADE, related_name="votes")
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey("org.Member", on_delete=models.CASCADE, related_name="votes")
    value = models.CharField(max_length=3)
    comment = models.TextField(blank=True)
    at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "ticket", "member"], name="one_vote_per_ticket"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_id} votes {self.value} on {self.ticket_id}"


class Spillover(models.Model):
    """SP-10: an open ticket moved on when its sprint completed."""

    sprint = models.ForeignKey(Sprint, on_delete=models.CASCADE, related_name="spillover")
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="spillover")
    member = models.ForeignKey(
        "org.Member", null=True, on_delete=models.PROTECT, related_name="spillover"
    )
    reason = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sprint", "ticket"], name="spillover_once_per_ticket")
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} spilled over from {self.sprint}"


class StartAssignment(models.Model):
    """Who was assignee of each ticket when the sprint started (SP-10's clean sprint)."""

    sprint = models.ForeignKey(Sprint, on_delete=models.CASCADE, related_name="start_assignments")
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey("org.Member", null=True, on_delete=models.PROTECT, related_name="+")
    remaining_hours = models.DecimalField(
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="the ticket's remaining estimate when the sprint started (issue #14 item 8)",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sprint", "ticket"], name="start_assignment_once")
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} assigned at the start of {self.sprint}"


class StartCapacity(models.Model):
    """SP-6 when the sprint started: each member's available and committed hours then, so a
    finished sprint shows what was committed, not only what is left (issue #14 item 8)."""

    sprint = models.ForeignKey(Sprint, on_delete=models.CASCADE, related_name="start_capacity")
    member = models.ForeignKey("org.Member", on_delete=models.PROTECT, related_name="+")
    available_hours = models.DecimalField(max_digits=7, decimal_places=2)
    committed_hours = models.DecimalField(max_digits=7, decimal_places=2)
    status = models.CharField(max_length=20)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sprint", "member"], name="start_capacity_once")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} at the start of {self.sprint}"
