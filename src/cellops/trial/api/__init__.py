"""Use cases of the newcomers' trial: the only door into `cellops.trial`.

Every use case takes the `Actor` asking (`cellops.org.data.Actor`; tasks, the
command line and the demo pass `Actor.system(name)`) and authorises through
`cellops.org.policy` before it reads or writes. One module per area; callers
keep `from cellops.trial import api`.
"""

from __future__ import annotations

from cellops.trial.api.brief import reviewer_brief
from cellops.trial.api.dates import (
    clean_sprints_required,
    default_newcomer_for,
    extension,
    newcomer,
    newcomers,
    review_flags,
    schedule,
    timeline,
)
from cellops.trial.api.home import needs_of
from cellops.trial.api.onboarding import ensure_onboarding
from cellops.trial.api.reviews import (
    decide,
    ensure_reviews,
    open_reviews,
    open_reviews_for,
    review,
    reviews_of,
    vote,
)

__all__ = [
    "clean_sprints_required",
    "decide",
    "default_newcomer_for",
    "ensure_onboarding",
    "ensure_reviews",
    "extension",
    "needs_of",
    "newcomer",
    "newcomers",
    "open_reviews",
    "open_reviews_for",
    "review",
    "review_flags",
    "reviewer_brief",
    "reviews_of",
    "schedule",
    "timeline",
    "vote",
]
