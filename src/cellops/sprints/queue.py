"""The sprints tasks the use cases queue, found by name, so `api` never imports `tasks`.

`tasks` calls the use cases in `api`, and some use cases queue tasks. To keep
the imports one way (tasks → api → queue; decision 0023), each task in
`tasks` registers itself here when that module is imported, which
`SprintsConfig.ready` does at start-up, and `api` looks it up by name.
"""

from __future__ import annotations

from typing import Any

_TASKS: dict[str, Any] = {}


def registered(task: Any) -> Any:
    """Decorator for a `django.tasks` task of sprints: make it queueable by its name."""
    _TASKS[task.name] = task
    return task


def task(name: str) -> Any:
    try:
        return _TASKS[name]
    except KeyError:
        raise LookupError(f"no sprints task {name!r}: is cellops.sprints.tasks imported?") from None
