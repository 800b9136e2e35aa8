"""Thin models of workflows (WF-1…WF-5); the rules live in `rules.py`, use cases in `api`.

Checklists (a pull request's, an instance test's) are the `checklists` app's runs,
kept here by id only: that app is reached through its api.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from cellops.workflows.data import DecisionState, Matter, PullRequestState, Step

STATES = [(s.value, s.value) for s in DecisionState]
MATTERS = [(m.value, m.value) for m in Matter]
PR_STATES = [(s.value, s.value) for s in PullRequestState]
STEPS = [(s.value, s.label) for s in Step]


class PullRequest(models.Model):
    """WF-2: a pull request linked to its ticket, with its checklist run."""

    url = models.URLField(max_length=500, unique=True)
    title = models.CharField(max_length=300)
    ticket = models.CharField(max_length=40, db_index=True)
    author = models.CharField(max_length=150)
    state = models.CharField(max_length=12, choices=PR_STATES, default="open")
    checklist = models.PositiveBigIntegerField()
    opened_at = models.DateTimeField(default=timezone.now)
    merged_at = models.DateTimeField(null=True, blank=True)
    deployed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Decision(models.Model):
    """WF-3: a proposal with its reviewers; the state follows from its comments."""

    title = models.CharField(max_length=200)
    problem = models.TextField()
    options = models.JSONField(default=list)
    proposal = models.TextField()
    author = models.CharField(max_length=150)
    reviewers = models.JSONField(default=list)
    matter = models.CharField(max_length=12, choices=MATTERS, default="technical")
    manager = models.CharField(max_length=150, blank=True)
    settled = models.CharField(max_length=12, choices=STATES, blank=True)
    outcome = models.TextField(blank=True)
    decided_by = models.CharField(max_length=150, blank=True)
    by_ceo = models.BooleanField(default=False)
    settled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class DecisionRevision(models.Model):
    """WF-3: one edit of an open proposal by its author; each changed part before and after."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="revisions")
    edited_by = models.CharField(max_length=150)
    edited_at = models.DateTimeField(default=timezone.now)
    #: [[part, before, after], …]
    changes = models.JSONField(default=list)

    class Meta:
        ordering = ["edited_at", "id"]

    def __str__(self) -> str:
        return f"{self.decision_id} by {self.edited_by}"


class DecisionComment(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="comments")
    author = models.CharField(max_length=150)
    text = models.TextField()
    blocking = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class InstanceTestRun(models.Model):
    """WF-4: a run of the instance test checklist against a named instance."""

    instance = models.CharField(max_length=200)
    reason = models.TextField()
    tester = models.CharField(max_length=150)
    checklist = models.PositiveBigIntegerField(unique=True, null=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.instance


class BlogPost(models.Model):
    """WF-1: a blog post from its idea to its publication."""

    title = models.CharField(max_length=200)
    idea_url = models.URLField(max_length=500)
    author = models.CharField(max_length=150)
    reviewer = models.CharField(max_length=150)
    second_reviewer = models.CharField(max_length=150)
    ticket = models.CharField(max_length=40)
    step = models.CharField(max_length=16, choices=STEPS, default="idea")
    draft_url = models.URLField(max_length=500, blank=True)
    attribution = models.CharField(max_length=300, blank=True)
    category = models.CharField(max_length=100, blank=True)
    tags = models.JSONField(default=list)
    featured_image = models.URLField(max_length=500, blank=True)
    image_credit = models.CharField(max_length=300, blank=True)
    publish_at = models.DateField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    #: when the post entered the CMS draft step: publishing work starts there (WF-1 budget)
    cms_draft_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.title


class ProofreadingRequest(models.Model):
    """WF-5: a document sent for proofreading, and when it came back."""

    document_url = models.URLField(max_length=500)
    requested_by = models.CharField(max_length=150)
    sent_on = models.DateField()
    returned_on = models.DateField(null=True, blank=True)
    post = models.ForeignKey(
        BlogPost, null=True, blank=True, on_delete=models.CASCADE, related_name="proofreading"
    )
    ticket = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["sent_on", "id"]

    def __str__(self) -> str:
        return self.document_url
