"""Plain values of the organisation, handed out by `cellops.org.api`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

# The one Actor type lives in the kernel (decision 0058); org hands it out too.
from cellops.kernel.actor import Actor as Actor
from cellops.kernel.calendar import Sprint


class CellKind(StrEnum):
    """ORG-1: dev cells run two-week sprints, business cells one-week sprints."""

    DEV = "dev"
    BUSINESS = "business"


class MemberStatus(StrEnum):
    """ORG-2: only newcomers and core members are active."""

    CANDIDATE = "candidate"
    NEWCOMER = "newcomer"
    CORE = "core"
    LEFT = "left"


class Role(StrEnum):
    """ORG-3: the roles a member can hold, some per cell, mentor per newcomer."""

    CEO = "ceo"
    CTO = "cto"
    BUSINESS_DEVELOPMENT = "business_development_specialist"
    MARKETING = "marketing_specialist"
    ADMIN_SPECIALIST = "admin_specialist"
    SPRINT_PLANNING_MANAGER = "sprint_planning_manager"
    SPRINT_MANAGER = "sprint_manager"
    RECRUITMENT_MANAGER = "recruitment_manager"
    EPIC_PLANNING_MANAGER = "epic_planning_manager"
    CORE_COMMITTER = "core_committer"
    MENTOR = "mentor"
    FIREFIGHTER = "firefighter"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.CEO: "CEO",
    Role.CTO: "CTO",
    Role.BUSINESS_DEVELOPMENT: "Business development specialist",
    Role.MARKETING: "Marketing specialist",
    Role.ADMIN_SPECIALIST: "Admin specialist",
    Role.SPRINT_PLANNING_MANAGER: "Sprint planning manager",
    Role.SPRINT_MANAGER: "Sprint manager",
    Role.RECRUITMENT_MANAGER: "Recruitment manager",
    Role.EPIC_PLANNING_MANAGER: "Epic planning manager",
    Role.CORE_COMMITTER: "Core committer",
    Role.MENTOR: "Mentor",
    Role.FIREFIGHTER: "Firefighter",
}

#: ORG-3 roles held for one cell.
CELL_ROLES = frozenset({Role.SPRINT_PLANNING_MANAGER, Role.SPRINT_MANAGER, Role.FIREFIGHTER})


class EpicStatus(StrEnum):
    """ORG-4 epic statuses."""

    PROSPECTIVE = "Prospective"
    ACCEPTED = "Accepted"
    IN_PROGRESS = "In progress"
    ON_HOLD = "On hold"
    DONE = "Done"


@dataclass(frozen=True)
class Cell:
    name: str
    kind: CellKind
    active_members: int = 0


@dataclass(frozen=True)
class Member:
    username: str
    first_name: str
    last_name: str
    email: str
    cell: str
    status: MemberStatus
    weekly_hours: Decimal
    working_days: tuple[int, ...]
    timezone: str
    start_date: date | None
    jira_account_id: str = ""

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def initials(self) -> str:
        return (self.first_name[:1] + self.last_name[:1]).upper() or self.username[:2].upper()


@dataclass(frozen=True)
class Team:
    """A cell's kind and active members keyed by database id, with how many epics `In
    progress` each owns (SP-6 counts two hours a sprint for each)."""

    kind: CellKind
    members: dict[int, Member]
    epics_in_progress: dict[int, int]


@dataclass(frozen=True)
class RoleAssignment:
    id: int
    member: str
    role: Role
    start: date
    end: date | None
    cell: str | None = None
    mentee: str | None = None


@dataclass(frozen=True)
class Client:
    name: str
    hourly_rate: Decimal | None


@dataclass(frozen=True)
class Account:
    name: str
    client: str | None
    monthly_budget_hours: Decimal | None


@dataclass(frozen=True)
class Epic:
    key: str
    title: str
    account: str
    owner: str
    reviewer: str
    status: EpicStatus
    budget_hours: Decimal | None


@dataclass(frozen=True)
class SprintRow:
    """One sprint of the calendar page with its SP-1 landmarks."""

    sprint: Sprint
    mid_sprint: date
    insertion_cutoff: date
    current: bool
