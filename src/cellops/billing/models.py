"""Worklogs: time logged on tickets. Thin table."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class Worklog(models.Model):
    ticket = models.ForeignKey("sprints.Ticket", on_delete=models.PROTECT, related_name="worklogs")
    member = models.ForeignKey("org.Member", on_delete=models.PROTECT, related_name="worklogs")
    date = models.DateField()
    hours = models.DecimalField(max_digits=6, decimal_places=2)
    note = models.TextField(blank=True)
    locked = models.BooleanField(default=False, help_text="SL-6: invoiced worklogs are locked")

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["date"]), models.Index(fields=["ticket", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24), name="worklog_hours_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.date} {self.hours}h on {self.ticket_id}"
