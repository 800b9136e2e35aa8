"""RC-7, the candidate's rights: everything kept about them (export), and their personal
data erased on request. For the round's recruitment managers, the CEO and administrators
(`_visible`, through `org.policy.sees_round_candidates`); the audit log names only the id."""

from __future__ import annotations

from django.db import transaction

from cellops.org.data import Actor
from cellops.platform.api import record_audit
from cellops.recruitment import models
from cellops.recruitment.api.core import _candidature, _visible

__all__ = ["erase", "export"]


def export(actor: Actor, candidature_id: int) -> dict:
    """Everything kept about a candidate, for the round's managers and the CEO to send them."""
    row = _visible(actor, candidature_id)
    found = _candidature(row, history=True)
    record_audit(actor.username, "recruitment.export", "candidature", row.pk, {})
    return {
        "id": found.id,
        "round": found.round,
        "status": found.status.value,
        "received": found.received.isoformat(),
        "assignee": found.assignee,
        "name": found.name,
        "email": found.email,
        "timezone": found.timezone,
        "contributions": list(found.contributions),
        "no_contribution": found.no_contribution,
        "years_experience": found.years_experience,
        "python": found.python,
        "django": found.django,
        "react": found.react,
        "motivation": found.motivation,
        "skills": found.skills,
        "exclusivity_check": found.exclusivity_check,
        "rejection_reasons": list(found.rejection_reasons),
        "preselection": row.preselection,
        "history": [{"from": f, "to": t, "by": b, "note": n} for f, t, b, n in found.history],
        "interview": _interview_export(row),
        "rejection_email_sent": found.rejection_sent.isoformat() if found.rejection_sent else None,
    }


def _interview_export(row: models.Candidature) -> dict | None:
    found = models.Interview.objects.filter(candidature=row).first()
    if found is None:
        return None
    return {
        "at": found.at.isoformat(),
        "interviewer": found.interviewer.user.username,
        "recording_url": found.recording_url,
        "grades": [
            {"criterion": g.criterion, "grade": g.grade, "comment": g.comment}
            for g in found.grades.order_by("pk")
        ],
    }


def erase(actor: Actor, candidature_id: int) -> None:
    """RC-7: erase a candidate's personal data on request. The row stays with its round,
    status and dates for anonymous counts; the audit entry names only the id."""
    with transaction.atomic():
        row = _visible(actor, candidature_id, lock=True)
        row.name = "(erased)"
        row.email = ""
        row.timezone = ""
        row.contributions = []
        row.python = row.django = row.react = row.motivation = ""
        row.rejection_reasons = []
        row.preselection = {}
        row.erased = True
        row.save()
        row.steps.update(note="")
        models.Grade.objects.filter(interview__candidature=row).update(comment="")
        models.Interview.objects.filter(candidature=row).update(recording_url="")
        record_audit(actor.username, "recruitment.erase", "candidature", row.pk, {})
