"""Plain values of checklists (SP-12, TO-8): templates, runs, and the handbook's defaults.

A *template* is a list of items, each with an optional due day and an
optional role that must do it. A *run* is one person's copy of a template
for one subject ("sprint Falcon/24", "time off 12"), with each item's due
date worked out and who ticked it when.

A due day counts from the run's anchor date: a sprint's day 0 for sprint
templates (SP-1, SP-12), the first day away for vacation templates (TO-8),
so `-1` is "the day before you leave".

The handbook's templates are policy data (`DEFAULT_TEMPLATES`, in
`ChecklistPolicy`): an agency with other lists edits the templates stored in
the database, not this code. The item texts paraphrase the handbook's sprint
process and vacation checklists. Pure Python: no Django, no other app.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class Kind(StrEnum):
    """What a template is for."""

    SPRINT = "sprint"
    VACATION = "vacation"
    ONBOARDING = "onboarding"
    INSTANCE_TEST = "instance-test"
    PULL_REQUEST = "pull-request"
    BLOG = "blog"


#: Kinds whose runs gate a step (decision 0038): each item records pass / fail / n/a with a
#: note and a link, rather than a tick.
RESULT_KINDS = frozenset({Kind.INSTANCE_TEST, Kind.PULL_REQUEST, Kind.BLOG})

#: TO-8: "developer" is not an ORG-3 role; it stands for every member of a dev cell.
DEVELOPER = "developer"

# ORG-3 role values the defaults name (the same strings as `cellops.org.data.Role`).
CEO = "ceo"
CTO = "cto"
BUSINESS_DEVELOPMENT = "business_development_specialist"
MARKETING = "marketing_specialist"
SPRINT_PLANNING_MANAGER = "sprint_planning_manager"
SPRINT_MANAGER = "sprint_manager"
FIREFIGHTER = "firefighter"


@dataclass(frozen=True)
class ItemInfo:
    """One item of a template: what to do, by which day, and which role does it."""

    text: str
    due_day: int | None = None
    role: str = ""
    #: the heading it sits under (an instance test's sections, WF-4); "" for none
    section: str = ""


class Result(StrEnum):
    """What a checked item came to (decision 0038): a run that gates a step records one
    per item; SP-12 and TO-8 runs are ticked instead and keep ``NONE``."""

    NONE = ""
    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "n/a"


@dataclass(frozen=True)
class TemplateInfo:
    """A checklist template.

    - `role`: for vacation lists, the role whose holder goes through it
      (an ORG-3 role value or `DEVELOPER`); for a backup list, the role that
      usually covers (informative).
    - `backup_of_role`: set on backup lists — the role of the person away.
    - `cell`: a cell's own sprint template; None for the default.
    - `id`: None until stored.
    """

    key: str
    title: str
    kind: Kind
    items: tuple[ItemInfo, ...] = ()
    role: str = ""
    backup_of_role: str = ""
    cell: str | None = None
    id: int | None = None


@dataclass(frozen=True)
class PlannedItem:
    """An item of a run about to be made: the template item with its due date."""

    position: int
    text: str
    due_day: int | None
    due_date: date | None
    role: str
    section: str = ""


@dataclass(frozen=True)
class PlannedRun:
    """TO-8: a vacation list to make, for whom, and whose role it backs up ("" if own)."""

    template: TemplateInfo
    member: str
    backup_of: str = ""


@dataclass(frozen=True)
class RunItemInfo:
    id: int
    position: int
    text: str
    due_day: int | None
    due_date: date | None
    role: str
    done_at: datetime | None
    done_by: str
    section: str = ""
    result: Result = Result.NONE
    note: str = ""
    link: str = ""

    @property
    def done(self) -> bool:
        return self.done_at is not None


@dataclass(frozen=True)
class RunInfo:
    """One person's checklist for one subject, with its items in order."""

    id: int
    template: str
    title: str
    kind: Kind
    member: str
    subject: str
    created_at: datetime
    items: tuple[RunItemInfo, ...] = field(default=())
    backup_of_role: str = ""

    @property
    def done_count(self) -> int:
        return sum(item.done for item in self.items)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def is_open(self) -> bool:
        """A run is open while one of its items is not done."""
        return self.done_count < self.total

    @property
    def records_results(self) -> bool:
        """Its items record pass / fail / n/a with a note and a link (decision 0038)."""
        return self.kind in RESULT_KINDS

    def counts(self) -> dict[str, int]:
        """How many items passed, failed, were not applicable, and are not checked yet."""
        found = {"pass": 0, "fail": 0, "n/a": 0, "untested": 0}
        for item in self.items:
            found[item.result.value or "untested"] += 1
        return found

    def sections(self) -> list[tuple[str, tuple[RunItemInfo, ...]]]:
        """The items grouped under their sections, in order."""
        grouped: dict[str, list[RunItemInfo]] = {}
        for item in self.items:
            grouped.setdefault(item.section, []).append(item)
        return [(name, tuple(items)) for name, items in grouped.items()]


# --- the handbook's defaults --------------------------------------------------

#: SP-1/SP-12: a dev cell's sprint, by sprint day (day 0 = the first Monday).
SPRINT_TEMPLATE = TemplateInfo(
    key="sprint",
    title="Sprint checklist",
    kind=Kind.SPRINT,
    items=(
        ItemInfo(
            "Every day: log the time spent on each ticket and leave a line on its status "
            "for your reviewer."
        ),
        ItemInfo(
            "Check in the Sprints app that your work for this sprint fits your available "
            "hours: enough to do, nobody overcommitted.",
            0,
        ),
        ItemInfo(
            "Go through each of your tickets in the sprint: confirm its due date, plan how "
            "to tackle it, and agree with its reviewer on any review that cannot wait.",
            1,
        ),
        ItemInfo(
            "Post the last sprint's retrospective items to the cell's retrospective thread; "
            "open a poll when more than two of them are things to improve.",
            1,
            SPRINT_MANAGER,
        ),
        ItemInfo(
            "Firefighter of the sprint's first week: choose a topic and a time for the "
            "social chat, post them in the cell's social chat thread and invite the cell.",
            2,
            FIREFIGHTER,
        ),
        ItemInfo(
            "Mid-sprint meeting: say which of your tickets might not finish in time and ask "
            "for help with them.",
            7,
        ),
        ItemInfo(
            "Epic owners: post each epic's update, and create and order its tickets for the "
            "next sprint before the Thursday end-of-day cut-off.",
            10,
        ),
        ItemInfo(
            "Open the estimation session for the next sprint's tickets.",
            10,
            SPRINT_PLANNING_MANAGER,
        ),
        ItemInfo(
            "Estimate each ticket of the next sprint in the refinement session; ask your "
            "questions as comments on the tickets themselves.",
            11,
        ),
        ItemInfo(
            "By Friday end of day, make sure the next-sprint tickets you answer for (as epic "
            "owner, tentative assignee or reporter) have an assignee and a reviewer.",
            11,
        ),
        ItemInfo(
            "Epic owners: check in the Sprints app that the next sprint's work stays within "
            "each client's and each epic's budget.",
            11,
        ),
        ItemInfo(
            "Add what went well and what to improve to the cell's retrospective.",
            13,
        ),
        ItemInfo(
            "Record your sprint video update (1–2 minutes, 'Sprint N - <Cell> - <Your name>', "
            "N being the sprint that ends): what you did, any spillover and why, your next "
            "time off.",
            13,
        ),
    ),
)

VACATION_TEMPLATES: tuple[TemplateInfo, ...] = (
    TemplateInfo(
        key="vacation-developer",
        title="Before time off: developer",
        kind=Kind.VACATION,
        role=DEVELOPER,
        items=(
            ItemInfo(
                "The sprint before: look for newcomer reviews due while you are away and agree "
                "with the recruitment manager to send yours early.",
                -14,
            ),
            ItemInfo(
                "Epics you own: brief each epic's reviewer so they can plan, review and run "
                "the epic while you are away.",
                -7,
            ),
            ItemInfo(
                "Find someone to cover each of your roles and rotations and tell them the days; "
                "for firefighting, check whether the other firefighter is away too.",
                -7,
            ),
            ItemInfo(
                "Make sure each task and review of yours is finished before you leave or handed "
                "to someone; ask for help now if something may spill over. Away a whole "
                "sprint? Then nothing in it may stay assigned to you.",
                -3,
            ),
            ItemInfo(
                "Turn on an out-of-office reply with your dates and who to contact if urgent, "
                "and tell those people.",
                -1,
            ),
            ItemInfo(
                "Finish your sprint checklist; ask the sprint planning manager to hand over "
                "whatever you cannot finish.",
                -1,
            ),
        ),
    ),
    TemplateInfo(
        key="vacation-ceo",
        title="Before time off: CEO",
        kind=Kind.VACATION,
        role=CEO,
        items=(
            ItemInfo(
                "Email the team your dates and how to reach you if urgent, naming the CTO as "
                "backup; if the business development specialist is away too, ask the marketing "
                "specialist to watch the contact address.",
                -7,
            ),
            ItemInfo("Tell clients, prospects, accountants and lawyers as needed.", -7),
            ItemInfo(
                "Check the team's time off for invoices (team and clients) that must go out "
                "before you leave.",
                -7,
            ),
            ItemInfo(
                "Decline meetings during your absence and block the time so nothing new gets "
                "booked; tell your backup which ones to attend and cancel the rest.",
                -3,
            ),
            ItemInfo("Hold a handover meeting with the CTO on your last day.", -1),
            ItemInfo(
                "Turn on an out-of-office reply naming your backup, and update the pager schedule.",
                -1,
            ),
        ),
    ),
    TemplateInfo(
        key="vacation-ceo-backup-main",
        title="Covering the CEO: main backup",
        kind=Kind.VACATION,
        role=CTO,
        backup_of_role=CEO,
        items=(
            ItemInfo(
                "If a new Open edX release comes out meanwhile, prepare its upgrade announcement "
                "and post it on the release day or the day after (mailing-list thread and "
                "hosting newsletter)."
            ),
        ),
    ),
    TemplateInfo(
        key="vacation-ceo-backup-business-development",
        title="Covering the CEO: prospects and the contact address",
        kind=Kind.VACATION,
        role=BUSINESS_DEVELOPMENT,
        backup_of_role=CEO,
        items=(
            ItemInfo(
                "Look after prospects: answer them, meet them, send quotes and terms, and book "
                "meetings with the CEO for after the return."
            ),
            ItemInfo("Answer the mail that arrives at the contact address."),
        ),
    ),
    TemplateInfo(
        key="vacation-cto",
        title="Before time off: CTO",
        kind=Kind.VACATION,
        role=CTO,
        items=(
            ItemInfo(
                "Write down what the main backup takes over; name backups for the main duties "
                "(CEO), sprint review and ops review (add the ops reviewer to the ops address "
                "and the pager), each with a ticket pointing to their backup list.",
                -7,
            ),
            ItemInfo(
                "Email the team your dates; tell current clients and the edX open source team "
                "who to contact if urgent.",
                -7,
            ),
            ItemInfo(
                "Hand over what you know of your tickets in external review or blocked, and "
                "update each active epic's description with status, schedule, plans, concerns "
                "and commitments.",
                -3,
            ),
            ItemInfo(
                "Go through the meetings during your absence: ask whether the backup can attend "
                "or tell the organiser nobody can; swap meeting-lead turns as needed; show "
                "yourself unavailable in the calendar and the booking tool.",
                -3,
            ),
            ItemInfo(
                "If the month ends while you are away, prepare this month's invoice first.",
                -1,
            ),
            ItemInfo(
                "Hold a review and pre-planning meeting with the sprint reviewer on your last day.",
                -1,
            ),
            ItemInfo(
                "Turn on an out-of-office reply naming your backup, and update the pager schedule.",
                -1,
            ),
        ),
    ),
    TemplateInfo(
        key="vacation-cto-backup-main",
        title="Covering the CTO: main backup",
        kind=Kind.VACATION,
        role=CEO,
        backup_of_role=CTO,
        items=(
            ItemInfo(
                "On the Thursday or Friday of each sprint's second week, go over the priorities "
                "of the next sprint's tickets with the epic owners."
            ),
            ItemInfo(
                "Watch the pull requests of tickets in long external review, to notice when "
                "upstream starts reviewing them."
            ),
            ItemInfo(
                "Follow the sprint: check how each task is doing, keep clients informed and "
                "answer them, unblock anyone who is stuck."
            ),
            ItemInfo(
                "Join meetings with current and future clients for technical advice, plans and "
                "estimates."
            ),
            ItemInfo("Hand finished projects over to their clients."),
        ),
    ),
    TemplateInfo(
        key="vacation-business-development",
        title="Before time off: business development specialist",
        kind=Kind.VACATION,
        role=BUSINESS_DEVELOPMENT,
        items=(
            ItemInfo("Brief the marketing specialist on prospect work and quotes coming up.", -7),
            ItemInfo(
                "Arrange who answers the contact address: the marketing specialist, or the CEO "
                "or CTO if they are away too.",
                -7,
            ),
            ItemInfo(
                "Follow up with important clients: tell them you will be away and who answers "
                "meanwhile.",
                -3,
            ),
            ItemInfo("On your last day, turn on an out-of-office reply naming your backup.", -1),
        ),
    ),
    TemplateInfo(
        key="vacation-business-development-backup-main",
        title="Covering the business development specialist: main backup",
        kind=Kind.VACATION,
        role=MARKETING,
        backup_of_role=BUSINESS_DEVELOPMENT,
        items=(
            ItemInfo(
                "Answer mail to the contact address: welcome leads, plan discovery tasks where "
                "needed, prepare and send quotes."
            ),
            ItemInfo("Look through the spam folder for mail that landed there by mistake."),
            ItemInfo("Answer mail and support requests from Pro and Teacher users."),
        ),
    ),
)

#: Issue #10 (trial item 4): a newcomer's onboarding, made when they are created. Due days
#: count from their start date; the CEO's items come first (week -1), then the newcomer's.
ONBOARDING_TEMPLATE = TemplateInfo(
    key="onboarding",
    title="Onboarding of a newcomer",
    kind=Kind.ONBOARDING,
    items=(
        ItemInfo(
            "Name a core member of the newcomer's cell as their mentor; the mentor also "
            "reviews the onboarding task.",
            -7,
            CEO,
        ),
        ItemInfo(
            "Open the newcomer's accounts (chat, e-mail, tracker, code hosting, shared drive) "
            "and tell the people involved: the mentor, the cell's sprint planning manager and "
            "the admin specialist.",
            -3,
            CEO,
        ),
        ItemInfo(
            "Start the onboarding task: read the handbook and the documentation it points to, "
            "and begin the onboarding course.",
            0,
        ),
        ItemInfo("Set up an Open edX development environment (devstack).", 4),
        ItemInfo(
            "Meet the reviewer of your onboarding task for a first one-to-one: say hello and "
            "tell them how it goes.",
            4,
        ),
        ItemInfo(
            "Finish the onboarding course and pick up a task marked as good for newcomers.", 7
        ),
        ItemInfo(
            "Join the sprint planning: commit to tasks for the next sprint and keep their "
            "remaining time up to date.",
            13,
        ),
    ),
)

DEFAULT_TEMPLATES: tuple[TemplateInfo, ...] = (
    SPRINT_TEMPLATE,
    *VACATION_TEMPLATES,
    ONBOARDING_TEMPLATE,
)


@dataclass(frozen=True)
class ChecklistPolicy:
    """Checklist defaults, from the handbook: the templates a fresh database starts with.

    The sprint template without a cell is the default of every cell without
    its own (SP-12); each vacation list names the role it is for (TO-8).
    """

    templates: tuple[TemplateInfo, ...] = DEFAULT_TEMPLATES


DEFAULT_POLICY = ChecklistPolicy()
