"""Background work of sprints, with Django's `django.tasks` (worker: `cellops db_worker`).

Each task only calls an idempotent use case, so a retried or doubled task
never closes twice, duplicates a checklist, moves a ticket twice or emails a
gap twice. What queues them, and when, is decision 0012: opening estimation
queues the close and the gap emails for the cut-off; starting a sprint queues
its completion after its last day; completing one queues the next one's start
for its day 0.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.tasks import task

from cellops.org.data import Actor
from cellops.sprints import api, queue


@queue.registered
@task()
def close_estimation(cell: str, number: int) -> str:
    """SP-3: close a session at its Friday EOD cut-off (nothing happens if it is closed)."""
    return api.close_estimation(Actor.system(), cell, number).state


@queue.registered
@task()
def make_sprint_checklists(cell: str, number: int) -> int:
    """SP-12: the sprint checklists of a started sprint (never twice)."""
    return len(api.make_sprint_checklists(Actor.system(), cell, number))


@queue.registered
@task()
def start_sprint(cell: str, number: int) -> str:
    """SP-5 on day 0: start when ready, never with an override (the managers get the gaps)."""
    return api.start_on_schedule(cell, number)


@queue.registered
@task()
def complete_sprint(cell: str, number: int) -> str:
    """SP-10 after the last day: complete once (open tickets move to the next sprint)."""
    return api.complete_on_schedule(cell, number)


@queue.registered
@task()
def notify_gaps(cell: str, number: int) -> dict[str, Any]:
    """SP-5 / SP-6 at the cut-off: email the people behind each gap (each gap once).

    Returns the summary as JSON values (lists, not tuples), as the worker stores it."""
    summary = asdict(api.notify_gaps(cell, number))
    return {k: list(v) if isinstance(v, tuple) else v for k, v in summary.items()}
