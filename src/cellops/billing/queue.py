"""The billing tasks the use cases queue, found by name, so `api` never imports `tasks`.

As in sprints (decision 0023): each task in `tasks` registers itself here when that
module is imported, which `BillingConfig.ready` does at start-up, and `api` looks it
up by name. Pure Python.
"""

from __future__ import annotations

from typing import Any

_TASKS: dict[str, Any] = {}


def registered(task: Any) -> Any:
    """Decorator for a `django.tasks` task of billing: make it queueable by its name."""
    _TASKS[task.name] = task
    return task


def task(name: str) -> Any:
    try:
        return _TASKS[name]
    except KeyError:
        raise LookupError(f"no billing task {name!r}: is cellops.billing.tasks imported?") from None
