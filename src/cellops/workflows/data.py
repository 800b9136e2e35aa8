"""Plain values of workflows (WF-1…WF-5): what the use cases take and return."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

# --- WF-2 pull requests ---------------------------------------------------------------


@dataclass(frozen=True)
class TitleCheck:
    """WF-2: what `check_title` found: the ticket named in square brackets, and the problems."""

    title: str
    ticket: str | None
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class CommitCheck:
    """One commit's message against Conventional Commits."""

    sha: str
    subject: str
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


class PullRequestState(StrEnum):
    OPEN = "open"
    MERGED = "merged"
    DEPLOYED = "deployed"


@dataclass(frozen=True)
class PullRequestInfo:
    id: int
    url: str
    title: str
    ticket: str
    author: str
    state: PullRequestState
    checklist: int
    opened_at: datetime
    merged_at: datetime | None = None
    deployed_at: datetime | None = None


# --- WF-3 decisions ------------------------------------------------------------------


class DecisionState(StrEnum):
    OPEN = "open"
    PAUSED = "paused"
    AGREED = "agreed"
    DECIDED = "decided"


class Matter(StrEnum):
    """Who settles a disagreement without a manager involved: the CTO or the CEO."""

    TECHNICAL = "technical"
    OTHER = "other"


@dataclass(frozen=True)
class CommentInfo:
    id: int
    author: str
    text: str
    blocking: bool
    created_at: datetime
    resolved_at: datetime | None = None
    resolved_by: str = ""

    @property
    def open_blocking(self) -> bool:
        return self.blocking and self.resolved_at is None


@dataclass(frozen=True)
class RevisionInfo:
    """WF-3: the author edited an open proposal; what each changed part was before."""

    edited_by: str
    edited_at: datetime
    #: part ("title", "problem", "options", "proposal") → (before, after), as text
    changes: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class DecisionInfo:
    id: int
    title: str
    problem: str
    options: tuple[str, ...]
    proposal: str
    author: str
    reviewers: tuple[str, ...]
    matter: Matter
    manager: str
    state: DecisionState
    created_at: datetime
    comments: tuple[CommentInfo, ...] = ()
    outcome: str = ""
    decided_by: str = ""
    by_ceo: bool = False
    settled_at: datetime | None = None
    #: the edits of the proposal, oldest first (WF-3: history kept)
    revisions: tuple[RevisionInfo, ...] = ()

    @property
    def open_blocking(self) -> tuple[CommentInfo, ...]:
        return tuple(c for c in self.comments if c.open_blocking)


# --- WF-4 instance tests --------------------------------------------------------------


@dataclass(frozen=True)
class InstanceTestInfo:
    id: int
    instance: str
    reason: str
    tester: str
    checklist: int
    created_at: datetime


# --- WF-1 blog posts, WF-5 proofreading ----------------------------------------------


class Step(StrEnum):
    """WF-1: a blog post's steps, in order."""

    IDEA = "idea"
    DRAFT = "draft"
    REVIEW = "review"
    PROOFREADING = "proofreading"
    CMS_DRAFT = "cms_draft"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"

    @property
    def label(self) -> str:
        return STEP_LABELS[self]


STEP_LABELS = {
    Step.IDEA: "Idea",
    Step.DRAFT: "Draft",
    Step.REVIEW: "Review",
    Step.PROOFREADING: "Proofreading",
    Step.CMS_DRAFT: "CMS draft",
    Step.SCHEDULED: "Scheduled",
    Step.PUBLISHED: "Published",
}


@dataclass(frozen=True)
class BudgetPart:
    """WF-1: one part of a post's budget with the hours logged on it."""

    name: str
    budget_hours: Decimal
    logged_hours: Decimal


@dataclass(frozen=True)
class BlogPostInfo:
    id: int
    title: str
    idea_url: str
    author: str
    reviewer: str
    second_reviewer: str
    ticket: str
    step: Step
    created_at: datetime
    draft_url: str = ""
    attribution: str = ""
    category: str = ""
    tags: tuple[str, ...] = ()
    featured_image: str = ""
    image_credit: str = ""
    publish_at: date | None = None
    published_at: datetime | None = None
    budget: tuple[BudgetPart, ...] = ()


@dataclass(frozen=True)
class ProofreadingInfo:
    id: int
    document_url: str
    requested_by: str
    sent_on: date
    returned_on: date | None = None
    post: int | None = None
    ticket: str = ""


# --- policy ----------------------------------------------------------------------------


INSTANCE_TEST_TEMPLATE = "instance-test"
PULL_REQUEST_TEMPLATE = "pull-request"


@dataclass(frozen=True)
class WorkflowPolicy:
    """The numbers and names of WF-1 and WF-2 (the handbook's, by default)."""

    blog_epic: str = "OC-5152"
    blog_account: str = "Marketing"
    #: WF-1: 10 h = 6 writing (assignee) + 3 review and proofreading (reviewers) + 1 publishing
    budget: tuple[tuple[str, Decimal], ...] = (
        ("Writing", Decimal(6)),
        ("Review and proofreading", Decimal(3)),
        ("Publishing", Decimal(1)),
    )


DEFAULT_POLICY = WorkflowPolicy()
