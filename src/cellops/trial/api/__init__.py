"""Use cases of the newcomers' trial: the only door into `cellops.trial`.

Every use case takes the `Actor` asking (`cellops.org.data.Actor`; tasks, the
command line and the demo pass `Actor.system(name)`) and authorises through
`cellops.org.policy` before it reads or writes. One module per area; callers
keep `from cellops.trial import api`.
"""

from __future__ import annotations

from cellops.trial.api.dates import (
    clean_sprints_required,
    default_newcomer_for,
    extension,
    needs_of,
    newcomer,
    newcomers,
    review_flags,
    schedule,
    timeline,
)

__all__ = [
    "clean_sprints_required",
    "default_newcomer_for",
    "extension",
    "needs_of",
    "newcomer",
    "newcomers",
    "review_flags",
    "schedule",
    "timeline",
]
