"""The demo's newcomers' reviews (TR-2, TR-3): one screening decided, one developer review
under way with a few blind votes and their notes, the other newcomer's screening open.

The reviews themselves were made by the software when the newcomers were created; this
only casts the votes a real fortnight would have seen, each by its reviewer."""

from __future__ import annotations

from datetime import date

from cellops.org import api as org_api
from cellops.org.data import Actor
from cellops.trial import api as trial_api
from cellops.trial.data import ReviewKind

DEMO = Actor.system("demo")

GOOD = {
    "technical_skills": "Clean, well-tested PRs; asked good questions on the XBlock API.",
    "time_management": "Estimates were a bit low in the first sprint; better since.",
    "communication": "Clear async updates on every ticket, flags blockers early.",
    "adaptability": "Picked up the devstack and our review habits quickly.",
    "potential_for_growth": "Could take on a primary reviewer role soon.",
}
UNSURE = {
    **GOOD,
    "time_management": "Two tickets spilled over; the reasons were given but late.",
    "potential_for_growth": "Promising; one more sprint of clean work would settle it.",
}


def _votes(review_id: int, reviewers: list[str], votes: list[tuple[str, dict]]) -> int:
    cast = 0
    for reviewer, (value, notes) in zip(reviewers, votes, strict=False):
        trial_api.vote(org_api.actor_named(reviewer), review_id, value, notes=notes)
        cast += 1
    return cast


def load_reviews(today: date, made: dict[str, int]) -> None:
    """Votes and outcomes on the demo newcomers' reviews, once (nothing if any vote exists)."""
    made.setdefault("review_votes", 0)
    for username in ("camille", "yusuf"):
        try:
            reviews = {r.kind: r for r in trial_api.reviews_of(DEMO, username)}
        except Exception:
            continue
        if not reviews or any(r.voted or r.outcome for r in reviews.values()):
            continue
        screening = reviews.get(ReviewKind.SCREENING)
        developer = reviews.get(ReviewKind.DEVELOPER)
        if username == "camille" and screening and developer:
            # screening done and recorded by the mentor; the developer review half-way
            people = list(screening.reviewers)
            made["review_votes"] += _votes(screening.id, people, [("continue", GOOD)] * len(people))
            mentor = org_api.mentor_of(username)
            if mentor:
                trial_api.decide(org_api.actor_named(mentor), screening.id, "continue")
            people = [r for r in developer.reviewers if r != "xavier"][:3]
            made["review_votes"] += _votes(
                developer.id, people, [("accept", GOOD), ("accept", GOOD), ("extend", UNSURE)]
            )
        elif username == "yusuf" and screening:
            # the screening review is open: the mentor has voted, two reviewers still to go
            mentor = org_api.mentor_of(username)
            if mentor and mentor in screening.reviewers:
                made["review_votes"] += _votes(screening.id, [mentor], [("continue", GOOD)])
