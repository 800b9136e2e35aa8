"""Ticking a run's items, recording results, and the runs that gate a step (decision 0038)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from cellops.checklists import models, rules
from cellops.checklists.api._common import _check_run_access, _ensure_run
from cellops.checklists.api.runs import run, template
from cellops.checklists.data import Result, RunInfo
from cellops.kernel.violations import InvalidInput, NotFound, RuleRefusal, Violation
from cellops.org import api as org_api
from cellops.org.data import Actor
from cellops.platform.api import record_audit


def run_for(actor: Actor, run_id: int, field: str = "run_id") -> RunInfo:
    """Run `run_id`, if `actor` may see it: its owner (an active member), the sprint planning
    manager of the owner's cell, or an administrator. NotFound, else PermissionDenied."""
    found = run(run_id, field)
    _check_run_access(actor, found.member)
    return found


def tick(actor: Actor, run_id: int, item_id: int, done: bool) -> RunInfo:
    """Mark an item done (recording who and when) or not done; the same again changes nothing.

    Ticking an item already done keeps who did it first and when. Only who may see the
    run may tick it (`run_for`).
    """
    run_for(actor, run_id)
    who = actor.username
    with transaction.atomic():
        item = models.RunItem.objects.select_for_update().filter(pk=item_id, run_id=run_id).first()
        if item is None:
            raise NotFound("item_id", f"checklist {run_id} has no item {item_id}")
        if done and item.done_at is None:
            item.done_at, item.done_by = timezone.now(), who
            item.save(update_fields=["done_at", "done_by"])
            record_audit(
                who, "checklists.tick", "checklist_item", item.pk, {"run": run_id, "done": True}
            )
        elif not done and item.done_at is not None:
            record_audit(
                who,
                "checklists.untick",
                "checklist_item",
                item.pk,
                {"run": run_id, "done": False, "was_done_by": item.done_by},
            )
            item.done_at, item.done_by = None, ""
            item.save(update_fields=["done_at", "done_by"])
    return run(run_id)


# --- runs that gate a step (decision 0038) -----------------------------------------


def start_run(
    actor: Actor, template_key: str, subject: str, owner: str, *, anchor: date | None = None
) -> RunInfo:
    """`owner`'s run of template `template_key` about `subject` (e.g. ``instance test 3``),
    made now unless it exists (one per template, owner and subject). The owner must be a
    member (NotFound otherwise); who may start it is who may see it (`run_for`). Items are
    due `due_day` days from `anchor` (default today): a newcomer's onboarding counts from
    their start date."""
    found = template(template_key)
    pks = org_api.member_pks({owner})
    if owner not in pks:
        raise NotFound("owner", f"no member has the username {owner!r}")
    _check_run_access(actor, owner)
    with transaction.atomic():
        run_id = _ensure_run(
            actor,
            found,
            owner,
            pks[owner],
            subject,
            rules.items_for(found, anchor or timezone.localdate()),
            {"kind": found.kind.value},
        )
    return run(run_id)


def record_result(
    actor: Actor,
    run_id: int,
    item_id: int,
    result: Result,
    note: str = "",
    link: str = "",
) -> RunInfo:
    """Record what checking an item came to: pass, fail or n/a, with a note and a link.

    Who may tick the run may record (its owner, their cell's sprint planning manager, an
    administrator). A fail or n/a needs a note (InvalidInput naming `note`); a run that
    is ticked (a sprint or vacation list) records no results (InvalidInput naming
    `result`). A result marks the item done by `actor`; `Result.NONE` clears it.
    """
    problems = rules.result_problems(result, note, link)
    if problems:
        raise InvalidInput(*problems[0])
    found = run_for(actor, run_id)
    if not found.records_results:
        raise InvalidInput(
            "result", f"“{found.title}” is ticked done or not done; it records no results"
        )
    with transaction.atomic():
        item = models.RunItem.objects.select_for_update().filter(pk=item_id, run_id=run_id).first()
        if item is None:
            raise NotFound("item_id", f"checklist {run_id} has no item {item_id}")
        was = item.result
        item.result, item.note, item.link = result.value, note.strip(), link.strip()
        if result is Result.NONE:
            item.done_at, item.done_by = None, ""
        else:
            item.done_at, item.done_by = timezone.now(), actor.username
        item.save(update_fields=["result", "note", "link", "done_at", "done_by"])
        record_audit(
            actor.username,
            "checklists.result",
            "checklist_item",
            item.pk,
            {"run": run_id, "result": result.value, "was": was, "note": item.note},
        )
    return run(run_id)


def gaps_of(found: RunInfo) -> list[str]:
    """Decision 0038: what keeps `found` from opening the step it gates ([] for a run
    ticked rather than checked: a sprint or vacation list gates nothing)."""
    return rules.gate_gaps(found) if found.records_results else []


def gate_gaps(run_id: int) -> list[str]:
    """Decision 0038: what still keeps run `run_id` from opening the step it gates."""
    return rules.gate_gaps(run(run_id))


def require_complete(run_id: int, rule: str, step: str) -> RunInfo:
    """The run, if it opens `step`: every item checked and none failed; else RuleRefusal
    under `rule` (e.g. WF-2) with one violation per gap."""
    found = run(run_id)
    gaps = rules.gate_gaps(found)
    if gaps:
        raise RuleRefusal(
            [
                Violation(rule, f"Before “{step}”, the checklist must be complete: {gap}.", {})
                for gap in gaps
            ]
        )
    return found
