"""What a reviewer looks at (TR-3, TR-6, TR-7), computed from the sprints data.

For each sprint of the newcomer's trial (and extension): whether it was clean
(SP-10's completion) and what spilled over, the story points of their tickets
done, the tickets they had and those they reviewed. Nothing is typed in: the
figures come from `cellops.sprints.api`, which is why trial stands above sprints
(decision 0030).
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Sum

from cellops.org import api as org_api
from cellops.org.data import Actor
from cellops.sprints import api as sprints_api
from cellops.sprints.data import DONE
from cellops.trial import models, rules
from cellops.trial.api.dates import trial_schedule_or_none
from cellops.trial.api.reviews import review
from cellops.trial.data import (
    DEFAULT_POLICY,
    CleanSprintKind,
    ReviewerBrief,
    SprintFigures,
)


def reviewer_brief(actor: Actor, review_id: int) -> ReviewerBrief | None:
    """The figures behind a review, for whoever may see it (else NotFound, as `review`).

    None when the newcomer has no trial dates. The sprints are those of the
    trial up to the review's sprint; TR-6's requirement is for the initial
    trial (4 sprints) or, for a review ending an extension, the extended one.
    """
    detail = review(actor, review_id)
    member = org_api.get_member(detail.review.newcomer)
    if member.start_date is None:
        return None
    schedule = trial_schedule_or_none(member.start_date)
    if schedule is None:
        return None
    calendar = org_api.sprint_calendar()
    first = calendar.for_date(member.start_date).number
    last = max(first, detail.review.sprint or first)
    points_by = member.start_date + timedelta(days=(DEFAULT_POLICY.points_week + 1) * 7 - 1)
    figures = []
    points_week_3 = 0
    for number in range(first, last + 1):
        sprint = calendar.sprint(number)
        tickets = sprints_api.list_tickets(member.cell, number)
        mine = [t for t in tickets if t.assignee == member.username]
        done = sum(t.story_points or 0 for t in mine if t.status == DONE)
        if sprint.start <= points_by:
            points_week_3 += done
        completion = sprints_api.completion(member.cell, number)
        result = None
        if completion is not None:
            result = next((m for m in completion.members if m.member == member.username), None)
        figures.append(
            SprintFigures(
                number=number,
                start=sprint.start,
                end=sprint.end,
                completed=completion is not None,
                clean=result.clean if result else (None if completion is None else True),
                spillover=result.spillover if result else (),
                points_done=done,
                tickets=tuple(t.key for t in mine),
                reviewed=tuple(t.key for t in tickets if t.reviewer == member.username),
            )
        )
    kind = CleanSprintKind.EXTENDED if detail.review.sequence else CleanSprintKind.INITIAL
    extended = models.Review.objects.filter(
        newcomer__user__username=member.username, sequence__lt=detail.review.sequence
    ).aggregate(sprints=Sum("extension_sprints"))["sprints"]
    count = rules.trial_sprint_count(calendar) + (extended or 0)
    warning = rules.points_warning(points_week_3)
    return ReviewerBrief(
        sprints=tuple(figures),
        clean_sprints=sum(1 for f in figures if f.clean),
        completed_sprints=sum(1 for f in figures if f.completed),
        clean_required=rules.clean_sprints_required(count, kind),
        sprint_count=count,
        points_by_week_3=points_week_3,
        points_warning=warning.message if warning else None,
        reviews_given=sum(len(f.reviewed) for f in figures),
    )
