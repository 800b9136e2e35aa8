"""Recruitment rounds, candidatures and what happens to them (RC-1 to RC-7). Thin tables.

Candidatures hold personal data: only `recruitment.api` reads them, and only for the
round's recruitment managers and the CEO (RC-7). Erasing one blanks the personal
fields and keeps the row (its round, status and dates) for anonymous counts.
"""

from __future__ import annotations

from django.db import models


class Round(models.Model):
    name = models.CharField(max_length=120)
    state = models.CharField(max_length=10, default="open")
    opened_at = models.DateTimeField(auto_now_add=True)
    opened_by = models.CharField(max_length=150)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.CharField(max_length=150, blank=True)

    def __str__(self) -> str:
        return self.name


class RoundCell(models.Model):
    """RC-1: a recruiting cell of a round, with the newcomers wanted and the margin."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="cells")
    cell = models.ForeignKey("org.Cell", on_delete=models.PROTECT, related_name="+")
    wanted = models.PositiveSmallIntegerField()
    margin = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "cell"], name="round_cell_once")]

    def __str__(self) -> str:
        return f"{self.cell_id} in {self.round_id}"


class Candidature(models.Model):
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="candidatures")
    received_at = models.DateTimeField()
    status = models.CharField(max_length=30, default="new")
    assignee = models.ForeignKey(
        "org.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    # personal data (RC-7), blanked by erasure
    name = models.CharField(max_length=200)
    email = models.CharField(max_length=254)
    timezone = models.CharField(max_length=64, blank=True)
    contributions = models.JSONField(default=list)
    no_contribution = models.BooleanField(default=False)
    years_experience = models.PositiveSmallIntegerField(default=0)
    python = models.TextField(blank=True)
    django = models.TextField(blank=True)
    react = models.TextField(blank=True)
    motivation = models.TextField(blank=True)
    # pre-selection (RC-3, RC-4)
    skills = models.CharField(max_length=40, blank=True)
    exclusivity_check = models.BooleanField(default=False)
    rejection_reasons = models.JSONField(default=list)
    preselection = models.JSONField(default=dict)
    erased = models.BooleanField(default=False)
    # RC-5: the rejection e-mail, sent at most once (the outbox key is per candidature)
    rejection_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["received_at", "pk"]
        constraints = [
            # one candidature per e-mail and round; erased ones keep an empty e-mail
            models.UniqueConstraint(
                fields=["round", "email"],
                condition=~models.Q(email=""),
                name="candidature_once_per_round",
            )
        ]

    def __str__(self) -> str:
        return f"candidature {self.pk}"


class StatusChange(models.Model):
    """RC-5: each step a candidature took, by whom, with an optional note."""

    candidature = models.ForeignKey(Candidature, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(max_length=30)
    to_status = models.CharField(max_length=30)
    by = models.CharField(max_length=150)
    at = models.DateTimeField()
    note = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class Claim(models.Model):
    """RC-2: a claim that took candidatures (empty claims are not kept: they start no clock)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="claims")
    manager = models.ForeignKey("org.Member", on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField()
    count = models.PositiveSmallIntegerField()

    def __str__(self) -> str:
        return f"claim of {self.count} by {self.manager_id}"


class Submission(models.Model):
    """The public form's rate limit: a keyed digest of the sending address and the time,
    never the address itself (decision 0031)."""

    address_digest = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"submission at {self.at}"


class Interview(models.Model):
    """RC-6: a candidature's interview: when, who interviews, the recording link. Moving it
    raises `sequence`, so the candidate's calendar replaces the old invitation."""

    candidature = models.OneToOneField(
        Candidature, on_delete=models.CASCADE, related_name="interview"
    )
    at = models.DateTimeField()
    interviewer = models.ForeignKey("org.Member", on_delete=models.PROTECT, related_name="+")
    scheduled_by = models.CharField(max_length=150)
    sequence = models.PositiveIntegerField(default=0)
    recording_url = models.CharField(max_length=500, blank=True)

    def __str__(self) -> str:
        return f"interview of {self.candidature_id}"


class Grade(models.Model):
    """RC-6: one criterion of the scorecard, 1 to 5, with a short comment."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="grades")
    criterion = models.CharField(max_length=40)
    grade = models.PositiveSmallIntegerField()
    comment = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["interview", "criterion"], name="grade_once"),
            models.CheckConstraint(
                condition=models.Q(grade__gte=1, grade__lte=5), name="grade_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.grade}"


class RejectionTemplate(models.Model):
    """RC-5: the rejection e-mail for a stage, which administrators edit (Django admin).
    `{name}` and `{round}` in the subject or body are filled in when it is sent."""

    key = models.CharField(max_length=40, unique=True)
    subject = models.CharField(max_length=200)
    body = models.TextField()

    def __str__(self) -> str:
        return self.key


class InterviewScript(models.Model):
    """RC-6: the interview script, private to recruitment managers and the CEO (and the
    administrators who edit it). One row, key `default`."""

    key = models.CharField(max_length=40, unique=True, default="default")
    text = models.TextField()

    def __str__(self) -> str:
        return self.key
