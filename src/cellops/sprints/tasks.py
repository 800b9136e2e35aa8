"""Background work of sprints, with Django's `django.tasks` (worker: `cellops db_worker`).

Each task only calls an idempotent use case, so a retried or doubled task
never closes twice, duplicates a checklist or moves a ticket twice.
"""

from __future__ import annotations

from django.tasks import task

from cellops.sprints import api


@task()
def close_estimation(cell: str, number: int) -> str:
    """SP-3: close a session at its Friday EOD cut-off (nothing happens if it is closed)."""
    return api.close_estimation("system", cell, number).state


@task()
def make_sprint_checklists(cell: str, number: int) -> int:
    """SP-12: the sprint checklists of a started sprint (never twice)."""
    return len(api.make_sprint_checklists("system", cell, number))
