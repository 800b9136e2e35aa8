"""Rules of workflows (WF-1…WF-5), as pure functions: standard library and `data` only.

- WF-1: a blog post moves idea → draft → review → proofreading → CMS draft →
  scheduled → published, one step at a time; each step needs what it names
  (the draft's link, the CMS fields, a publication date); only the marketing
  specialist publishes (`cellops.org.policy.may_publish_blog_post`).
- WF-2: a pull request's title names its ticket in square brackets, e.g.
  ``[SE-1234] Fix the login``; commits follow Conventional Commits; merging
  needs the pull request checklist complete, and moves the ticket to
  ``Merged``, then ``Deployed & delivered``.
- WF-3: a blocking comment pauses a decision until it is resolved; it is
  agreed once none is open, or decided by the manager involved, else the
  CTO (technical matters) or the CEO (others); the CEO may decide any.
- WF-4: an instance test run is a checklist run; its report counts each
  section's results.
- WF-5: a proofreading request is sent, then returned, not before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date

from cellops.workflows.data import (
    BlogPostInfo,
    CommentInfo,
    DecisionState,
    Matter,
    Step,
    TitleCheck,
)

WF_1_BLOG_POST = "WF-1"
WF_2_PULL_REQUEST = "WF-2"
WF_3_DECISIONS = "WF-3"
WF_4_INSTANCE_TEST = "WF-4"
WF_5_PROOFREADING = "WF-5"

# --- WF-2 -----------------------------------------------------------------------------

#: A ticket ID: a project key (capital letters, then letters or digits) and a number.
TICKET_ID = r"[A-Z][A-Z0-9]*-[0-9]+"
_BRACKETED = re.compile(rf"\[({TICKET_ID})\]")
_BARE = re.compile(rf"(?<![\[\w-])({TICKET_ID})(?![\]\w])")
MAX_TITLE_LENGTH = 300


def check_title(title: str) -> TitleCheck:
    """WF-2: the ticket ID in square brackets in a pull request's title, and what is wrong.

    ``[SE-1234] Fix the login`` names SE-1234. A bare ``SE-1234`` is refused with a hint
    to bracket it; a title that is only the ID says what the change is about.
    """
    text = title.strip()
    problems = []
    found = _BRACKETED.search(text)
    if not text:
        problems.append("the title is empty: write “[TICKET-123] what the change does”")
    elif len(text) > MAX_TITLE_LENGTH:
        problems.append(f"the title is longer than {MAX_TITLE_LENGTH} characters")
    if text and found is None:
        bare = _BARE.search(text)
        problems.append(
            f"put the ticket ID in square brackets: “[{bare.group(1)}]”"
            if bare
            else "the title names no ticket: add its ID in square brackets, e.g. “[SE-1234] …”"
        )
    if found is not None and not _BRACKETED.sub("", text).strip(" -:—"):
        problems.append("say what the change does after the ticket ID")
    return TitleCheck(
        title=title, ticket=found.group(1) if found else None, problems=tuple(problems)
    )


#: What the commit grammar calls each part it could not find, in words.
_MISSING = {
    "type": "it does not start with a type such as feat, fix, docs, refactor or test",
    "scope": "it names no scope in parentheses",
    "delim": "the type (and scope) is not followed by a colon",
    "subject": "there is no description after “type: ”",
    "sep": "the body is not separated from the subject by a blank line",
}


def commit_problems(missing: Iterable[str], *, autosquash: bool) -> tuple[str, ...]:
    """WF-2: why a commit message is not a Conventional Commit, from the parts the grammar
    could not find (`missing`); a ``fixup!`` or ``squash!`` commit is squashed first."""
    problems = [_MISSING.get(part, f"its {part} is missing") for part in missing]
    if autosquash:
        problems.insert(0, "it is a fixup or squash commit: squash it before merging")
    return tuple(problems)


# --- WF-3 -----------------------------------------------------------------------------


def decision_state(comments: Sequence[CommentInfo], settled: DecisionState | None) -> DecisionState:
    """WF-3: agreed or decided once settled; otherwise paused while a blocking comment is
    open, else open."""
    if settled in (DecisionState.AGREED, DecisionState.DECIDED):
        return settled
    if any(c.open_blocking for c in comments):
        return DecisionState.PAUSED
    return DecisionState.OPEN


def agree_refusal(comments: Sequence[CommentInfo]) -> str | None:
    """WF-3: why a decision cannot be agreed yet (None: it can): an open blocking comment."""
    blocking = [c for c in comments if c.open_blocking]
    if not blocking:
        return None
    who = ", ".join(sorted({c.author for c in blocking}))
    return (
        f"{len(blocking)} blocking comment{'s are' if len(blocking) != 1 else ' is'} still "
        f"open (by {who}): the decision is paused until they are resolved, or it is decided "
        "by the person the rule names."
    )


def who_decides(manager: str, matter: Matter, cto: str | None, ceo: str | None) -> str | None:
    """WF-3: on disagreement, the manager involved decides; without one, the CTO for a
    technical matter, the CEO for any other (None: nobody holds that role now)."""
    if manager:
        return manager
    return cto if matter is Matter.TECHNICAL else ceo


# --- WF-1 -----------------------------------------------------------------------------

STEPS: tuple[Step, ...] = tuple(Step)

#: WF-1: the fields the CMS draft needs, in the order the page asks for them.
CMS_FIELDS = ("title", "attribution", "category", "tags", "featured_image", "image_credit")


def next_step(step: Step) -> Step | None:
    """WF-1: the step after `step` (None after publication)."""
    at = STEPS.index(step)
    return STEPS[at + 1] if at + 1 < len(STEPS) else None


def step_gaps(post: BlogPostInfo, to: Step, proofread: bool) -> list[tuple[str, str]]:
    """WF-1: what `post` lacks to enter step `to`, as (field, what to add) pairs.

    A draft needs its link; leaving proofreading needs a proofreading request returned
    (WF-5); the CMS draft needs title, author attribution line, category, tags, featured
    image and its credit; scheduling needs a publication date.
    """
    gaps: list[tuple[str, str]] = []
    if to is Step.DRAFT and not post.draft_url:
        gaps.append(("draft_url", "add the link to the draft"))
    if to is Step.CMS_DRAFT and not proofread:
        gaps.append(("proofreading", "the draft comes back from proofreading first (WF-5)"))
    if to in (Step.CMS_DRAFT, Step.SCHEDULED, Step.PUBLISHED):
        values = {
            "title": post.title,
            "attribution": post.attribution,
            "category": post.category,
            "tags": post.tags,
            "featured_image": post.featured_image,
            "image_credit": post.image_credit,
        }
        for name in CMS_FIELDS:
            if not values[name]:
                gaps.append((name, f"the CMS draft needs its {name.replace('_', ' ')}"))
    if to in (Step.SCHEDULED, Step.PUBLISHED) and post.publish_at is None:
        gaps.append(("publish_at", "choose the publication date"))
    return gaps


def split_tags(text: str) -> tuple[str, ...]:
    """Tags typed as ``a, b, c``: trimmed, blanks and repeats left out, in order."""
    seen: list[str] = []
    for tag in (t.strip() for t in text.split(",")):
        if tag and tag not in seen:
            seen.append(tag)
    return tuple(seen)


# --- WF-5 -----------------------------------------------------------------------------


def proofreading_problems(sent_on: date, returned_on: date | None) -> list[tuple[str, str]]:
    """WF-5: a request comes back on or after the day it was sent."""
    if returned_on is not None and returned_on < sent_on:
        return [("returned_on", "it cannot come back before it was sent")]
    return []
