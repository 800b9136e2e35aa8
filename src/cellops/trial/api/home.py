"""The trial's part of the home page ("what needs me now"): milestones, TO-9, votes owed."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from cellops.org import api as org_api
from cellops.org.data import Actor
from cellops.platform.data import Need
from cellops.trial.api.dates import milestone_needs
from cellops.trial.api.reviews import open_reviews_for


def needs_of(actor: Actor, today: date) -> list[Need]:
    """TR-7 and TO-9 (`milestone_needs`), and each open review I have not voted in yet
    (TR-2, TR-3), due date first."""
    needs = milestone_needs(actor, today)
    reviews = open_reviews_for(actor.username)
    names = org_api.full_names() if reviews else {}
    for review in reviews:
        due = review.due
        needs.append(
            Need(
                area="Trial",
                title=f"Vote in the {review.kind.value} review of "
                f"{names.get(review.newcomer, review.newcomer)}",
                detail=f"Due {due:%a} {due.day} {due:%b %Y}; "
                f"{len(review.voted)} of {len(review.reviewers)} voted.",
                url=reverse("trial:review", args=[review.id]),
                when=review.due,
            )
        )
    return sorted(needs, key=lambda need: (need.when, need.title))
