"""Tables of the organisation. Thin: fields, constraints and `__str__` only."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from cellops.org.data import CellKind, EpicStatus, MemberStatus, Role

CELL_KINDS = [(k.value, k.value) for k in CellKind]
MEMBER_STATUSES = [(s.value, s.value) for s in MemberStatus]
ROLES = [(r.value, r.label) for r in Role]
EPIC_STATUSES = [(s.value, s.value) for s in EpicStatus]


class Cell(models.Model):
    name = models.CharField(max_length=60, unique=True)
    kind = models.CharField(max_length=10, choices=CELL_KINDS, default=CellKind.DEV.value)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in CellKind]), name="cell_kind_known"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Member(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="member"
    )
    cell = models.ForeignKey(Cell, on_delete=models.PROTECT, related_name="members")
    status = models.CharField(
        max_length=10, choices=MEMBER_STATUSES, default=MemberStatus.CORE.value
    )
    weekly_hours = models.DecimalField(max_digits=5, decimal_places=2, default=40)
    working_days = models.JSONField(default=list)
    timezone = models.CharField(max_length=64, default="UTC")
    start_date = models.DateField(null=True, blank=True)
    #: Issue #15: the member's Atlassian account id, as Jira Cloud and Tempo exports name
    #: people (blank when unknown); matched by the worklog and ticket imports.
    jira_account_id = models.CharField(max_length=128, blank=True, default="")

    class Meta:
        ordering = ["user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["jira_account_id"],
                condition=~Q(jira_account_id=""),
                name="member_jira_account_id_unique",
            ),
            models.CheckConstraint(
                condition=Q(weekly_hours__gt=0) & Q(weekly_hours__lte=80),
                name="member_weekly_hours_range",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in MemberStatus]), name="member_status_known"
            ),
        ]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.username


class RoleAssignment(models.Model):
    """ORG-3: a role held over a date range, for a cell or a mentee where it applies."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=40, choices=ROLES)
    cell = models.ForeignKey(
        Cell, null=True, blank=True, on_delete=models.CASCADE, related_name="roles"
    )
    mentee = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.CASCADE, related_name="mentors"
    )
    start = models.DateField()
    end = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["member__user__username", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="role_range_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.get_role_display()}"


class Client(models.Model):
    name = models.CharField(max_length=120, unique=True)
    hourly_rate = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hourly_rate__isnull=True) | Q(hourly_rate__gte=0),
                name="client_rate_not_negative",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Account(models.Model):
    """ORG-4: what time is logged to — a client account or an internal one (Marketing…)."""

    name = models.CharField(max_length=120, unique=True)
    client = models.ForeignKey(
        Client, null=True, blank=True, on_delete=models.PROTECT, related_name="accounts"
    )
    monthly_budget_hours = models.DecimalField(
        max_digits=8, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(monthly_budget_hours__isnull=True) | Q(monthly_budget_hours__gte=0),
                name="account_budget_not_negative",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Epic(models.Model):
    key = models.CharField(max_length=30, unique=True)
    title = models.CharField(max_length=200)
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="epics")
    owner = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="owned_epics")
    reviewer = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="reviewed_epics")
    status = models.CharField(
        max_length=20, choices=EPIC_STATUSES, default=EpicStatus.PROSPECTIVE.value
    )
    budget_hours = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["key"]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_hours__isnull=True) | Q(budget_hours__gte=0),
                name="epic_budget_not_negative",
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.title}"
