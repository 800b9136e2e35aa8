"""Time-off requests, their coverage, refused attempts and calendar links. Thin tables."""

from __future__ import annotations

import decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.functional import cached_property

KINDS = [(k, k) for k in ("off", "reduced", "scoped", "sick")]
STATUSES = [(s, s) for s in ("pending", "confirmed", "cancelled")]


class HoursField(models.DecimalField):
    """Hours per day. Reading tolerates a stored value wider than the column's digits (an
    old import could leave one on SQLite), so one bad row never fails a list (decision 0015);
    what is written is checked by the rules first."""

    @cached_property
    def context(self) -> decimal.Context:
        return decimal.Context(prec=max(self.max_digits or 0, 28))


class TimeOffRequest(models.Model):
    """TO-1: one request; cancelled ones stay (history is never deleted)."""

    member = models.ForeignKey("org.Member", on_delete=models.PROTECT, related_name="time_off")
    kind = models.CharField(max_length=10, choices=KINDS)
    start = models.DateField()
    end = models.DateField()
    hours_per_day = HoursField(max_digits=4, decimal_places=2, null=True, blank=True)
    scope = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=STATUSES, default="pending")
    working_days = models.PositiveIntegerField()
    overlap_days = models.JSONField(default=list, help_text="TO-4 overlap days this request used")
    requested_at = models.DateTimeField()
    requested_by = models.CharField(max_length=150)
    source = models.CharField(max_length=20, default="api")
    import_uid = models.CharField(max_length=255, null=True, blank=True, unique=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["start", "id"]
        indexes = [models.Index(fields=["start", "end"]), models.Index(fields=["member", "status"])]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="time_off_range_ordered"),
            models.CheckConstraint(
                condition=Q(kind__in=["off", "reduced", "scoped", "sick"]),
                name="time_off_kind_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.kind} {self.start}–{self.end} ({self.status})"


class Coverage(models.Model):
    """TO-6: who covers one of the member's duties while they are away."""

    request = models.ForeignKey(TimeOffRequest, on_delete=models.CASCADE, related_name="coverage")
    duty = models.CharField(max_length=200)
    covered_by = models.ForeignKey("org.Member", on_delete=models.PROTECT, related_name="covering")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.duty} → {self.covered_by}"


class RefusedRequest(models.Model):
    """A booking the rules refused, kept so the history shows it and why."""

    member = models.ForeignKey(
        "org.Member", on_delete=models.CASCADE, related_name="refused_time_off"
    )
    kind = models.CharField(max_length=10, choices=KINDS)
    start = models.DateField()
    end = models.DateField()
    requested_at = models.DateTimeField()
    requested_by = models.CharField(max_length=150)
    violations = models.JSONField(default=list)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"refused: {self.member} {self.kind} {self.start}–{self.end}"


class FeedLink(models.Model):
    """A per-user secret link to the iCalendar feeds, for apps that cannot send headers."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="time_off_feed"
    )
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"feed link of {self.user}"
