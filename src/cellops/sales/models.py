"""Tables of sales: leads and their score history (SL-1). Thin: fields, constraints, `__str__`.

The lifecycle of a lead (SL-3) comes later; for now a lead is a name, a way
to reach it and whether it answers. Each scoring is kept, so a lead's page
shows how its band moved over time.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from cellops.sales.data import HIGH, LOW, MEDIUM

BANDS = [(band, band) for band in (HIGH, MEDIUM, LOW)]


class Lead(models.Model):
    name = models.CharField(max_length=120, unique=True)
    contact = models.TextField(blank=True, help_text="Who to talk to and how to reach them")
    created_at = models.DateTimeField(auto_now_add=True)
    responsive = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

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

    class Meta:
        ordering = ["-scored_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(band__in=[HIGH, MEDIUM, LOW]), name="lead_scoring_band_known"
            )
        ]

    def __str__(self) -> str:
        return f"{self.lead} {self.total} {self.band}"
