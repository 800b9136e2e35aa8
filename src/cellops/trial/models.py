"""Newcomers' reviews, their reviewers and votes (TR-2, TR-3, TR-4). Thin tables.

The dates of a trial are computed (`trial.rules`); what is stored is what
people do: the reviews the software made, who reviews, how each voted and the
outcome recorded.
"""

from __future__ import annotations

from django.db import models


class Review(models.Model):
    """A screening (TR-2) or developer (TR-3) review of a newcomer; one of each kind per
    trial (`sequence` 0) and one developer review per extension (TR-4, `sequence` n)."""

    newcomer = models.ForeignKey(
        "org.Member", on_delete=models.CASCADE, related_name="trial_reviews"
    )
    kind = models.CharField(max_length=20)
    sequence = models.PositiveSmallIntegerField(default=0)
    due = models.DateField()
    sprint = models.PositiveIntegerField(null=True, blank=True)
    outcome = models.CharField(max_length=10, blank=True)
    decided_by = models.CharField(max_length=150, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)
    extension_sprints = models.PositiveSmallIntegerField(null=True, blank=True)
    date_of_121 = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due", "sequence", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["newcomer", "kind", "sequence"], name="trial_review_once_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} review {self.sequence} of member {self.newcomer_id}"


class ReviewSeat(models.Model):
    """A reviewer of a review (TR-2: mentor and two core members; TR-3: the cell's core
    members and a developer of each other dev cell)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="seats")
    reviewer = models.ForeignKey("org.Member", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "reviewer"], name="trial_seat_once")
        ]

    def __str__(self) -> str:
        return f"reviewer {self.reviewer_id} of review {self.review_id}"


class Vote(models.Model):
    """A reviewer's own vote, with a note on each of the five criteria (TR-3)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="votes")
    reviewer = models.ForeignKey("org.Member", on_delete=models.CASCADE, related_name="+")
    vote = models.CharField(max_length=10)
    comment = models.TextField(blank=True)
    notes = models.JSONField(default=dict)
    voted_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "reviewer"], name="trial_vote_once")
        ]

    def __str__(self) -> str:
        return f"{self.vote} by {self.reviewer_id} on review {self.review_id}"
