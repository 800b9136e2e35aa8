"""Checklist templates and runs. Thin tables: fields, constraints and `__str__` only.

The unique (template, member, subject) constraint on a run is what makes
creating checklists again never duplicate them (SP-12, TO-8), even when two
callers race.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from cellops.checklists.data import Kind, Result

KINDS = [(k.value, k.value) for k in Kind]
RESULTS = [(r.value, r.value or "not checked") for r in Result]


class ChecklistTemplate(models.Model):
    """A list of items to copy into runs; a cell may have its own sprint template."""

    key = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=KINDS)
    role = models.CharField(
        max_length=40, blank=True, help_text="ORG-3 role value, 'developer', or empty"
    )
    backup_of_role = models.CharField(
        max_length=40, blank=True, help_text="for backup lists: the role of the person away"
    )
    cell = models.ForeignKey(
        "org.Cell",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="checklist_templates",
        help_text="a cell's own sprint template; empty for the default",
    )

    class Meta:
        ordering = ["kind", "key"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in Kind]), name="checklist_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(cell__isnull=True) | Q(kind=Kind.SPRINT.value),
                name="checklist_cell_only_for_sprints",
            ),
            models.UniqueConstraint(
                fields=["cell"],
                condition=Q(kind=Kind.SPRINT.value, cell__isnull=False),
                name="checklist_one_sprint_template_per_cell",
            ),
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(kind=Kind.SPRINT.value, cell__isnull=True),
                name="checklist_one_default_sprint_template",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class TemplateItem(models.Model):
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    text = models.TextField()
    due_day = models.IntegerField(
        null=True, blank=True, help_text="sprint day number, or days from the first day away"
    )
    role = models.CharField(max_length=40, blank=True, help_text="the role that must do it")
    section = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "position"], name="checklist_template_item_position"
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]


class ChecklistRun(models.Model):
    """One person's copy of a template for one subject ("sprint Falcon/24", "time off 12")."""

    template = models.ForeignKey(ChecklistTemplate, on_delete=models.PROTECT, related_name="runs")
    member = models.ForeignKey("org.Member", on_delete=models.PROTECT, related_name="checklists")
    subject = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "member", "subject"], name="checklist_run_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.template} — {self.member} — {self.subject}"


class RunItem(models.Model):
    run = models.ForeignKey(ChecklistRun, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    text = models.TextField()
    due_day = models.IntegerField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    role = models.CharField(max_length=40, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.CharField(max_length=150, blank=True)
    section = models.CharField(max_length=120, blank=True)
    #: decision 0038: pass / fail / n/a, with a note and a link, for runs that gate a step
    result = models.CharField(max_length=8, blank=True, choices=RESULTS)
    note = models.TextField(blank=True)
    link = models.URLField(max_length=500, blank=True)

    class Meta:
        ordering = ["run", "position"]
        constraints = [
            models.UniqueConstraint(fields=["run", "position"], name="checklist_run_item_position"),
            models.CheckConstraint(
                condition=Q(done_at__isnull=True, done_by="")
                | (Q(done_at__isnull=False) & ~Q(done_by="")),
                name="checklist_item_done_by_whom_and_when",
            ),
        ]

    def __str__(self) -> str:
        return f"{'☑' if self.done_at else '☐'} {self.text[:60]}"
