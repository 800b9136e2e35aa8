"""SL-4 the intro meeting, SL-7 the client's onboarding and offboarding checklists.

- `prepare_meeting`: the SPIN notes (Situation, Problem, Implications, Need payoff) and
  the agenda as a checklist run (the checklists engine) owned by who prepares it.
- `tick_agenda`: an agenda item done or not.
- `record_meeting`: after the meeting — next steps, follow-up tasks with dates, the
  priority re-scored (the seven SL-1 factors, in the same transaction), discovery paid
  or (a High lead only) deferred; the summary e-mail is drafted from the notes.
- `start_client_checklist`: the SL-7 onboarding or offboarding run of a lead's client.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from cellops.checklists import api as checklists_api
from cellops.checklists.data import RunInfo
from cellops.kernel.violations import InvalidInput, NotFound, RuleRefusal
from cellops.org.data import Actor
from cellops.org.policy import Permission, allows
from cellops.platform.api import record_audit
from cellops.sales import models
from cellops.sales.api.leads import lead_row, require_sales, score_lead
from cellops.sales.api.templates import AGENDA, ensure_templates, template_for
from cellops.sales.data import SPIN, FollowUpTask, IntroMeeting, SummaryEmail
from cellops.sales.rules import meetings as rules

__all__ = [
    "OpenFollowUp",
    "agenda",
    "client_checklists",
    "finish_follow_up",
    "meeting",
    "open_follow_ups",
    "prepare_meeting",
    "record_meeting",
    "shows_rates",
    "start_client_checklist",
    "tick_agenda",
]

NOTE_MAX = 10_000


def _meeting(lead: models.Lead) -> IntroMeeting:
    row = models.IntroMeeting.objects.filter(lead=lead).first()
    follow_ups = tuple(FollowUpTask(f.task, f.due, f.pk, f.done) for f in lead.follow_ups.all())
    if row is None:
        return IntroMeeting(lead.pk, {k: "" for k, _ in SPIN}, None, None, "", "", follow_ups, None)
    summary = (
        SummaryEmail(row.summary_to, row.summary_subject, row.summary_body)
        if row.summary_body
        else None
    )
    return IntroMeeting(
        lead_id=lead.pk,
        notes={key: getattr(row, key) for key, _ in SPIN},
        agenda_run=row.agenda_run,
        held_on=row.held_on,
        next_steps=row.next_steps,
        discovery_payment=row.discovery_payment,
        follow_ups=follow_ups,
        summary=summary,
    )


def meeting(actor: Actor, lead_id: int) -> IntroMeeting:
    """SL-4: the lead's intro meeting as it stands (blank notes before it is prepared)."""
    require_sales(actor)
    return _meeting(lead_row(lead_id, "lead_id"))


def _text(field: str, value: object, limit: int = NOTE_MAX) -> str:
    if not isinstance(value, str):
        raise InvalidInput(field, "give text")
    if len(value) > limit or "\x00" in value:
        raise InvalidInput(field, f"use at most {limit:,} characters, without NUL")
    return value.strip()


def _agenda_owner(actor: Actor) -> str:
    return actor.username


def prepare_meeting(actor: Actor, lead_id: int, notes: Mapping[str, object]) -> IntroMeeting:
    """SL-4: save the preparation notes (every heading needed: one `SL-4` violation per
    blank one) and start the agenda's checklist run, once, owned by `actor`."""
    require_sales(actor)
    clean = {key: _text(key, notes.get(key, "")) for key, _ in SPIN}
    problems = rules.notes_problems(clean)
    if problems:
        raise RuleRefusal(problems)
    ensure_templates()
    with transaction.atomic():
        lead = lead_row(lead_id, "lead_id", for_update=True)
        row, _ = models.IntroMeeting.objects.get_or_create(lead=lead)
        for key, value in clean.items():
            setattr(row, key, value)
        if row.agenda_run is None:
            run = checklists_api.start_run(
                actor, AGENDA.key, f"intro meeting with {lead.name}", _agenda_owner(actor)
            )
            row.agenda_run = run.id
        row.save()
        record_audit(actor.username, "lead.meeting_prepare", "lead", lead.name, clean)
    return _meeting(lead)


def tick_agenda(actor: Actor, lead_id: int, item_id: int, done: bool) -> IntroMeeting:
    """SL-4: mark an agenda item done (or not) on the meeting's checklist run."""
    require_sales(actor)
    lead = lead_row(lead_id, "lead_id")
    row = models.IntroMeeting.objects.filter(lead=lead).first()
    if row is None or row.agenda_run is None:
        raise NotFound("meeting", "prepare the meeting first: its agenda comes with the notes")
    checklists_api.tick(actor, row.agenda_run, item_id, done)
    return _meeting(lead)


def record_meeting(
    actor: Actor,
    lead_id: int,
    *,
    held_on: date | None,
    next_steps: str,
    follow_ups: Sequence[FollowUpTask],
    discovery_payment: str,
    scores: Mapping[str, object],
) -> IntroMeeting:
    """SL-4: after the meeting. The lead is re-scored with `scores` (SL-1 refuses a bad
    factor), then every SL-4 problem is listed at once (notes, held day, next steps,
    follow-ups, a deferred discovery for a lead that is not High); nothing is kept when
    refused. The follow-ups replace those not done; the lead's next follow-up date is the
    earliest open one; the summary e-mail is drafted."""
    require_sales(actor)
    next_steps = _text("next_steps", next_steps)
    tasks = [
        FollowUpTask(_text(f"follow_ups[{n}].task", t.task, 300), t.due)
        for n, t in enumerate(follow_ups)
    ]
    with transaction.atomic():
        lead = lead_row(lead_id, "lead_id", for_update=True)
        row = models.IntroMeeting.objects.filter(lead=lead).first()
        notes = {key: getattr(row, key) if row else "" for key, _ in SPIN}
        rescored = score_lead(actor, lead_id, scores)  # SL-1 refusals first, all at once
        problems = rules.record_problems(
            notes=notes,
            held_on=held_on,
            next_steps=next_steps,
            follow_ups=tasks,
            payment=discovery_payment,
            band=rescored.band,
        )
        if problems:
            raise RuleRefusal(problems)  # rolls the new score back too
        assert row is not None and held_on is not None  # the rules refused otherwise
        summary = rules.summary_email(
            lead=lead.name,
            contact=lead.contact,
            held_on=held_on,
            notes=notes,
            next_steps=next_steps,
            follow_ups=tasks,
            payment=discovery_payment,
        )
        row.held_on, row.next_steps, row.discovery_payment = held_on, next_steps, discovery_payment
        row.summary_to, row.summary_subject, row.summary_body = (
            summary.to,
            summary.subject,
            summary.body,
        )
        row.save()
        lead.follow_ups.filter(done=False).delete()
        models.FollowUp.objects.bulk_create(
            models.FollowUp(lead=lead, task=t.task, due=t.due) for t in tasks
        )
        if tasks:
            lead.follow_up = min(t.due for t in tasks)
            lead.save(update_fields=["follow_up"])
        record_audit(
            actor.username,
            "lead.meeting_record",
            "lead",
            lead.name,
            {
                "held_on": held_on,
                "follow_ups": len(tasks),
                "discovery_payment": discovery_payment,
                "score": rescored.total,
                "band": rescored.band,
            },
        )
    return _meeting(lead)


def start_client_checklist(actor: Actor, lead_id: int, which: str) -> int:
    """SL-7: start (once) the onboarding or offboarding checklist of the lead's client,
    owned by `actor`; answers the run's id. Offboarding includes handling the client's
    data. `which` is "onboarding" or "offboarding" (InvalidInput otherwise)."""
    require_sales(actor)
    found = template_for(which)
    ensure_templates()
    with transaction.atomic():
        lead = lead_row(lead_id, "lead_id", for_update=True)
        field = f"{which}_run"
        if getattr(lead, field) is None:
            run = checklists_api.start_run(
                actor, found.key, f"{which} of {lead.client or lead.name}", actor.username
            )
            setattr(lead, field, run.id)
            lead.save(update_fields=[field])
            record_audit(actor.username, f"lead.{which}", "lead", lead.name, {"run": run.id})
        return getattr(lead, field)


def agenda(actor: Actor, lead_id: int) -> RunInfo | None:
    """SL-4: the intro meeting's agenda run with its items (None before it is prepared)."""
    require_sales(actor)
    row = models.IntroMeeting.objects.filter(lead=lead_row(lead_id, "lead_id")).first()
    if row is None or row.agenda_run is None:
        return None
    return checklists_api.run(row.agenda_run)


@dataclass(frozen=True)
class OpenFollowUp:
    """A follow-up task not done yet, with its lead, for the follow-ups list."""

    id: int
    lead_id: int
    lead: str
    task: str
    due: date


def open_follow_ups(actor: Actor) -> list[OpenFollowUp]:
    """SL-4: every follow-up task not done yet, soonest first, with its lead."""
    require_sales(actor)
    rows = models.FollowUp.objects.filter(done=False).select_related("lead")
    return [OpenFollowUp(f.pk, f.lead_id, f.lead.name, f.task, f.due) for f in rows]


def finish_follow_up(actor: Actor, follow_up_id: int, done: bool = True) -> OpenFollowUp:
    """SL-4: a follow-up task done (or not); the lead's next follow-up date becomes its
    earliest open task. NotFound naming `follow_up_id` when there is none."""
    require_sales(actor)
    with transaction.atomic():
        row = models.FollowUp.objects.select_for_update().filter(pk=follow_up_id).first()
        if row is None:
            raise NotFound("follow_up_id", f"there is no follow-up {follow_up_id}")
        row.done = done
        row.save(update_fields=["done"])
        lead = row.lead
        earliest = lead.follow_ups.filter(done=False).order_by("due").first()
        lead.follow_up = earliest.due if earliest else None
        lead.save(update_fields=["follow_up"])
        record_audit(
            actor.username, "lead.follow_up", "lead", lead.name, {"task": row.task, "done": done}
        )
    return OpenFollowUp(row.pk, lead.pk, lead.name, row.task, row.due)


def shows_rates(actor: Actor) -> bool:
    """Whether quote rates and amounts are shown to `actor` (VIEW_INVOICES: the admin
    specialist, the CEO, the CTO, business development, administrators)."""
    return allows(actor, Permission.VIEW_INVOICES)


def client_checklists(actor: Actor, lead_id: int) -> dict[str, RunInfo | None]:
    """SL-7: the lead's client onboarding and offboarding runs (None: not started)."""
    require_sales(actor)
    lead = lead_row(lead_id, "lead_id")
    runs: dict[str, RunInfo | None] = {}
    for which in ("onboarding", "offboarding"):
        run_id = getattr(lead, f"{which}_run")
        runs[which] = checklists_api.run(run_id) if run_id else None
    return runs
