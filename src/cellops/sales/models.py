"""Tables of sales: leads, their score history (SL-1) and lifecycle (SL-3…SL-5).
Thin: fields, constraints, `__str__`.

A lead is an organisation, a way to reach it, where it came from, its stage on
the board (1–8) and whether it is open or lost. Each scoring is kept with the
stage it was given in (the SL-3 gates read it); each move on the board too, so
time in stage is known. The blueprint and the proposal with its quote lines
are the lead's own.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from cellops.sales.data import HIGH, LOW, MEDIUM, STAGES, LeadSource, LeadState

BANDS = [(band, band) for band in (HIGH, MEDIUM, LOW)]


class Lead(models.Model):
    name = models.CharField(max_length=120, unique=True)
    contact = models.TextField(blank=True, help_text="Who to talk to and how to reach them")
    created_at = models.DateTimeField(auto_now_add=True)
    responsive = models.BooleanField(default=False)
    source = models.CharField(
        max_length=20, blank=True, choices=[(s.value, s.value) for s in LeadSource]
    )
    notes = models.TextField(blank=True)
    follow_up = models.DateField(null=True, blank=True, help_text="the next follow-up date")
    stage = models.PositiveSmallIntegerField(default=1)
    stage_since = models.DateTimeField(null=True, blank=True)
    state = models.CharField(
        max_length=10, default=LeadState.OPEN.value, choices=[(s.value, s.value) for s in LeadState]
    )
    lost_reason = models.TextField(blank=True)
    challenges = models.TextField(blank=True)
    needs = models.TextField(blank=True)
    value_proposition = models.TextField(blank=True)
    deposit_required = models.BooleanField(default=False)
    fixed_price = models.BooleanField(default=False)
    client = models.CharField(max_length=120, blank=True, help_text="the org client it becomes")
    epic = models.CharField(max_length=30, blank=True, help_text="its work epic's key (SL-5)")
    onboarding_done = models.BooleanField(default=False)
    kickoff_held = models.BooleanField(default=False)
    tracking_set = models.BooleanField(default=False)
    epics_scheduled = models.BooleanField(default=False)
    deposit_received = models.BooleanField(default=False)
    contract_agreed = models.BooleanField(default=False, help_text="contract, pricing and terms")
    sow_sent = models.BooleanField(default=False, help_text="the SOW, when the deal has one")
    discovery = models.CharField(
        max_length=10, blank=True, help_text="none, simple or complex (SL-5: when the epic is made)"
    )
    probability = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="the lead's own chance of winning, in percent"
    )
    timeline = models.TextField(blank=True, help_text="the accepted timeline (SL-5)")
    onboarding_run = models.PositiveIntegerField(null=True, blank=True)
    offboarding_run = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stage__gte=1) & Q(stage__lte=len(STAGES)), name="lead_stage_known"
            ),
            models.CheckConstraint(
                condition=Q(probability__isnull=True) | Q(probability__lte=100),
                name="lead_probability_percent",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class LeadScoring(models.Model):
    """One SL-1 scoring of a lead: the factor scores as given and what the rubric computed."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="scorings")
    scores = models.JSONField(help_text="The seven factor scores, e.g. {'need': 2, …}")
    total = models.PositiveSmallIntegerField()
    band = models.CharField(max_length=10, choices=BANDS)
    scored_by = models.CharField(max_length=150)
    scored_at = models.DateTimeField(auto_now_add=True, db_index=True)
    stage = models.PositiveSmallIntegerField(default=1, help_text="the lead's stage then")

    class Meta:
        ordering = ["-scored_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(band__in=[HIGH, MEDIUM, LOW]), name="lead_scoring_band_known"
            )
        ]

    def __str__(self) -> str:
        return f"{self.lead} {self.total} {self.band}"


class StageMove(models.Model):
    """One move of a lead on the board (advance, back, lost), kept for time in stage."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="moves")
    from_stage = models.PositiveSmallIntegerField()
    to_stage = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=10)
    at = models.DateTimeField()
    by = models.CharField(max_length=150)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.lead} {self.from_stage}→{self.to_stage} {self.kind}"


class Blueprint(models.Model):
    lead = models.OneToOneField(Lead, on_delete=models.CASCADE, related_name="blueprint")
    solution = models.TextField()
    acceptance_criteria = models.TextField()
    tasks = models.JSONField(default=list, help_text="[{'title': …, 'hours': '8.00'}]")
    timeline = models.TextField()

    def __str__(self) -> str:
        return f"Blueprint of {self.lead}"


class Proposal(models.Model):
    lead = models.OneToOneField(Lead, on_delete=models.CASCADE, related_name="proposal")
    delivered_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Proposal to {self.lead}"


class QuoteLine(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="lines")
    feature = models.CharField(max_length=200)
    hours = models.DecimalField(max_digits=8, decimal_places=2)
    rate = models.DecimalField(max_digits=8, decimal_places=2)
    selected = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="quote_line_hours_positive"),
            models.CheckConstraint(condition=Q(rate__gte=0), name="quote_line_rate_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.feature} {self.hours}h × {self.rate}"


class IntroMeeting(models.Model):
    """SL-4: a lead's intro meeting: SPIN notes, the agenda's checklist run, what came of it."""

    lead = models.OneToOneField(Lead, on_delete=models.CASCADE, related_name="meeting")
    situation = models.TextField(blank=True)
    problem = models.TextField(blank=True)
    implications = models.TextField(blank=True)
    need_payoff = models.TextField(blank=True)
    agenda_run = models.PositiveIntegerField(null=True, blank=True)
    held_on = models.DateField(null=True, blank=True)
    next_steps = models.TextField(blank=True)
    discovery_payment = models.CharField(max_length=10, blank=True)
    summary_to = models.TextField(blank=True)
    summary_subject = models.TextField(blank=True)
    summary_body = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"Intro meeting with {self.lead}"


class FollowUp(models.Model):
    """SL-4: a task after the intro meeting, with its date."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="follow_ups")
    task = models.CharField(max_length=300)
    due = models.DateField()
    done = models.BooleanField(default=False)

    class Meta:
        ordering = ["due", "id"]

    def __str__(self) -> str:
        return f"{self.task} by {self.due}"
