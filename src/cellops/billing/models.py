"""Worklogs: time logged on tickets. Thin table."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class Worklog(models.Model):
    # A high-volume fact table: its references are checked by the code that writes
    # it (every import resolves each ticket and member first) and kept by PROTECT,
    # not by per-row database triggers, which cost more than the insert itself
    # (decision 0014). Indexed by (ticket, date) below, which also serves lookups
    # by ticket alone.
    ticket = models.ForeignKey(
        "sprints.Ticket",
        on_delete=models.PROTECT,
        related_name="worklogs",
        db_index=False,
        db_constraint=False,
    )
    member = models.ForeignKey(
        "org.Member", on_delete=models.PROTECT, related_name="worklogs", db_constraint=False
    )
    date = models.DateField()
    hours = models.DecimalField(max_digits=6, decimal_places=2)
    note = models.TextField(blank=True)
    locked = models.BooleanField(default=False, help_text="SL-6: invoiced worklogs are locked")
    corrects = models.CharField(
        max_length=20,
        blank=True,
        db_default="",  # the imports' COPY and INSERT name the columns they fill
        help_text="SL-6: the number of the sent invoice this time was missed on (a correction)",
    )

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


class MonthlyTotal(models.Model):
    """Hours logged per account, epic and month, kept with every worklog write (SP-7 reads it).

    Derived data: `billing.api.rebuild_totals()` recomputes it from the worklogs.
    """

    account = models.ForeignKey("org.Account", on_delete=models.CASCADE, related_name="+")
    epic = models.ForeignKey(
        "org.Epic", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField(help_text="first day of the month")
    hours = models.DecimalField(max_digits=12, decimal_places=2, default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["account", "epic", "month"], name="monthly_total_once"),
            models.UniqueConstraint(
                fields=["account", "month"],
                condition=models.Q(epic__isnull=True),
                name="monthly_total_once_no_epic",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account_id}/{self.epic_id} {self.month:%Y-%m}: {self.hours}h"


class DailyTotal(models.Model):
    """Hours logged per account, epic and day, kept with every worklog write (the burn charts
    of SP-7 read it: an index read instead of an aggregate over the month's worklogs).

    Derived data, as `MonthlyTotal`: `billing.api.rebuild_totals()` recomputes both.
    A day whose worklogs were all deleted keeps a row of 0 hours (readers skip it).
    """

    account = models.ForeignKey("org.Account", on_delete=models.CASCADE, related_name="+")
    epic = models.ForeignKey(
        "org.Epic", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField()
    hours = models.DecimalField(max_digits=12, decimal_places=2, default=0)

    class Meta:
        indexes = [models.Index(fields=["day"], name="daily_total_day")]
        constraints = [
            models.UniqueConstraint(fields=["account", "epic", "day"], name="daily_total_once"),
            models.UniqueConstraint(
                fields=["account", "day"],
                condition=models.Q(epic__isnull=True),
                name="daily_total_once_no_epic",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account_id}/{self.epic_id} {self.day}: {self.hours}h"


class Invoice(models.Model):
    """SL-6: a client's invoice for a month. A draft is refreshed by re-drafting; a sent
    one is never changed (its lines are the snapshot the client received)."""

    client = models.ForeignKey("org.Client", on_delete=models.PROTECT, related_name="+")
    month = models.DateField(help_text="first day of the month invoiced")
    status = models.CharField(max_length=10, default="draft")
    number = models.CharField(max_length=20, null=True, blank=True, unique=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.CharField(max_length=150, blank=True)
    currency = models.CharField(max_length=3, default="EUR")
    total_hours = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    total_amount = models.DecimalField(max_digits=14, decimal_places=2, default=0)

    class Meta:
        ordering = ["month", "client__name"]
        constraints = [
            models.UniqueConstraint(fields=["client", "month"], name="invoice_once_per_month"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "sent"]), name="invoice_status_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number or 'draft'} {self.client_id} {self.month:%Y-%m}"


class InvoiceLine(models.Model):
    """One line: an epic's time, or an account's time outside any epic, with its worklogs."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(max_length=10)  # "epic" or "account"
    name = models.CharField(max_length=120)
    hours = models.DecimalField(max_digits=12, decimal_places=2)
    rate = models.DecimalField(max_digits=8, decimal_places=2)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    worklogs = models.JSONField(default=list, help_text="ids of the worklogs on this line")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.name}: {self.hours}h"


class ScheduledDraft(models.Model):
    """SL-6 on schedule: the monthly drafting run queued for `run_on` (a first of the
    month), at most once: the unique date is what keeps a run from being queued twice."""

    run_on = models.DateField(unique=True)
    queued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["run_on"]

    def __str__(self) -> str:
        return f"invoice drafts on {self.run_on}"
