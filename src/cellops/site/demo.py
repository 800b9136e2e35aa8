"""The demo organisation: a realistic small agency for `make run` and the screenshots.

Three dev cells and a business cell, 26 members covering every ORG-3 role (two
newcomers mid-trial with mentors, two members sharing a first name), five
clients with accounts and monthly budgets, internal accounts, epics with
owners and reviewers, and the handbook's three leads. Everything goes through
each app's `api`, so the demo obeys the same rules as real data. Loading it
twice changes nothing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from cellops.billing import api as billing_api
from cellops.kernel.violations import RuleRefusal
from cellops.org import api as org_api
from cellops.org.data import CELL_ROLES, CellKind, EpicStatus, MemberStatus, Role
from cellops.sales import api as sales_api
from cellops.sprints import api as sprints_api
from cellops.time_off import api as time_off_api
from cellops.time_off.data import CoverageEntry, Kind

ACTOR = "demo"

CELLS = [
    ("Falcon", CellKind.DEV),
    ("Otter", CellKind.DEV),
    ("Lynx", CellKind.DEV),
    ("Compass", CellKind.BUSINESS),
]

# username, first, last, cell, timezone, roles (role, cell-scoped?)
PEOPLE: list[tuple[str, str, str, str, str, tuple[Role, ...]]] = [
    ("xavier", "Xavier", "Antoine", "Compass", "Europe/Paris", (Role.CEO,)),
    ("bronwyn", "Bronwyn", "Reyes", "Falcon", "America/Toronto", (Role.CTO, Role.CORE_COMMITTER)),
    ("gabriel", "Gabriel", "Okafor", "Compass", "Africa/Lagos", (Role.BUSINESS_DEVELOPMENT,)),
    ("lea", "Léa", "Fontaine", "Compass", "Europe/Paris", (Role.MARKETING,)),
    ("sunita", "Sunita", "Rao", "Compass", "Asia/Kolkata", (Role.ADMIN_SPECIALIST,)),
    (
        "maria.santos",
        "Maria",
        "Santos",
        "Falcon",
        "America/Sao_Paulo",
        (Role.SPRINT_PLANNING_MANAGER, Role.FIREFIGHTER),
    ),
    (
        "tomasz",
        "Tomasz",
        "Nowak",
        "Falcon",
        "Europe/Warsaw",
        (Role.SPRINT_MANAGER, Role.RECRUITMENT_MANAGER),
    ),
    ("aiko", "Aiko", "Tanaka", "Falcon", "Asia/Tokyo", (Role.FIREFIGHTER,)),
    ("kwame", "Kwame", "Mensah", "Falcon", "Africa/Accra", (Role.EPIC_PLANNING_MANAGER,)),
    ("ines", "Inês", "Carvalho", "Falcon", "Europe/Lisbon", ()),
    ("dmitri", "Dmitri", "Volkov", "Falcon", "Europe/Berlin", ()),
    (
        "priya",
        "Priya",
        "Natarajan",
        "Otter",
        "Asia/Kolkata",
        (Role.SPRINT_PLANNING_MANAGER, Role.FIREFIGHTER),
    ),
    (
        "jonas",
        "Jonas",
        "Berg",
        "Otter",
        "Europe/Stockholm",
        (Role.SPRINT_MANAGER, Role.CORE_COMMITTER),
    ),
    (
        "fatima",
        "Fatima",
        "Zahra",
        "Otter",
        "Africa/Casablanca",
        (Role.FIREFIGHTER, Role.RECRUITMENT_MANAGER),
    ),
    ("liam", "Liam", "O'Connor", "Otter", "Europe/Dublin", ()),
    ("chen", "Chen", "Wei", "Otter", "Asia/Shanghai", ()),
    ("olga", "Olga", "Petrova", "Otter", "Europe/Sofia", ()),
    (
        "maria.keller",
        "Maria",
        "Keller",
        "Lynx",
        "Europe/Zurich",
        (Role.SPRINT_PLANNING_MANAGER, Role.FIREFIGHTER),
    ),
    ("samuel", "Samuel", "Adeyemi", "Lynx", "Africa/Lagos", (Role.SPRINT_MANAGER,)),
    ("noor", "Noor", "Haddad", "Lynx", "Asia/Amman", (Role.FIREFIGHTER, Role.CORE_COMMITTER)),
    ("diego", "Diego", "Morales", "Lynx", "America/Mexico_City", ()),
    ("hannah", "Hannah", "Schmidt", "Lynx", "Europe/Berlin", ()),
    ("ravi", "Ravi", "Kumar", "Lynx", "Asia/Kolkata", ()),
    ("elena", "Elena", "Rossi", "Compass", "Europe/Rome", (Role.SPRINT_MANAGER,)),
]

# Two newcomers mid-trial: (username, first, last, cell, timezone, days since start, mentor)
NEWCOMERS = [
    ("yusuf", "Yusuf", "Demir", "Falcon", "Europe/Istanbul", 19, "aiko"),
    ("camille", "Camille", "Laurent", "Otter", "Europe/Paris", 38, "liam"),
]
FORMER = ("pedro", "Pedro", "Alves", "Lynx", "Europe/Lisbon")

CLIENTS = [
    # client, hourly rate, account, monthly budget hours
    ("Hedera University", Decimal(145), "Hedera Microdegrees", Decimal(160)),
    ("Affogato International", Decimal(110), "Affogato Learning", Decimal(40)),
    ("Northwind Academy", Decimal(130), "Northwind Platform", Decimal(120)),
    ("Blue Harbor Health", Decimal(150), "Blue Harbor Compliance", Decimal(80)),
    ("Kestrel Labs", Decimal(125), "Kestrel Hosting", Decimal(24)),
]
INTERNAL_ACCOUNTS = ["Marketing", "Meetings", "Onboarding", "Recruitment"]

EPICS = [
    # key, title, account, owner, reviewer, status, budget
    (
        "HED-1",
        "Microdegree catalogue and partner showcase",
        "Hedera Microdegrees",
        "maria.santos",
        "aiko",
        EpicStatus.IN_PROGRESS,
        Decimal(400),
    ),
    (
        "HED-2",
        "Single sign-on with the campus directory",
        "Hedera Microdegrees",
        "kwame",
        "ines",
        EpicStatus.ACCEPTED,
        Decimal(120),
    ),
    (
        "AFF-1",
        "Hosted instance and theme",
        "Affogato Learning",
        "priya",
        "chen",
        EpicStatus.IN_PROGRESS,
        Decimal(60),
    ),
    (
        "NWA-1",
        "Course authoring workflow",
        "Northwind Platform",
        "jonas",
        "olga",
        EpicStatus.IN_PROGRESS,
        Decimal(300),
    ),
    (
        "BHH-1",
        "Compliance reporting",
        "Blue Harbor Compliance",
        "maria.keller",
        "noor",
        EpicStatus.IN_PROGRESS,
        Decimal(200),
    ),
    (
        "BHH-2",
        "Audit trail export",
        "Blue Harbor Compliance",
        "diego",
        "hannah",
        EpicStatus.PROSPECTIVE,
        None,
    ),
    (
        "KES-1",
        "Managed hosting upgrade",
        "Kestrel Hosting",
        "samuel",
        "ravi",
        EpicStatus.DONE,
        Decimal(40),
    ),
    (
        "MKT-1",
        "Blog: quarterly posts",
        "Marketing",
        "lea",
        "gabriel",
        EpicStatus.IN_PROGRESS,
        Decimal(10),
    ),
]

LEADS = [
    # name, contact, scores (None: not scored yet)
    (
        "Hedera University",
        "Jimmy, curriculum department",
        {
            "people_profile": 1,
            "need": 1,
            "budget": 2,
            "contract_type": 2,
            "prestige": 2,
            "market_niche": 2,
            "internal_positive_bias": 2,
        },
    ),
    (
        "Affogato International",
        "Programme director",
        {
            "people_profile": 2,
            "need": 1,
            "budget": 1,
            "contract_type": 1,
            "prestige": 1,
            "market_niche": 0,
            "internal_positive_bias": 1,
        },
    ),
    ("Ms. Brown's 5th Grade Class", "Ms. Brown, teacher", None),
]


def load(today: date | None = None) -> dict[str, int]:
    """Load the demo organisation; objects that already exist are left as they are."""
    today = today or date.today()
    made = {
        "cells": 0,
        "members": 0,
        "roles": 0,
        "clients": 0,
        "accounts": 0,
        "epics": 0,
        "leads": 0,
        "time_off": 0,
        "refused_time_off": 0,
    }
    existing_cells = {c.name for c in org_api.list_cells()}
    for name, kind in CELLS:
        if name not in existing_cells:
            org_api.create_cell(ACTOR, name, kind)
            made["cells"] += 1

    existing_members = {m.username for m in org_api.list_members()[0]}
    role_start = today - timedelta(days=400)

    def member(username, first, last, cell, tz, status=MemberStatus.CORE, start=None) -> bool:
        if username in existing_members:
            return False
        org_api.create_member(
            ACTOR,
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@agency.example",
            cell=cell,
            status=status,
            timezone=tz,
            start_date=start or role_start,
        )
        made["members"] += 1
        return True

    for username, first, last, cell, tz, roles in PEOPLE:
        if member(username, first, last, cell, tz):
            for role in roles:
                org_api.assign_role(
                    ACTOR,
                    member=username,
                    role=role,
                    start=role_start,
                    cell=cell if role in CELL_ROLES else None,
                )
                made["roles"] += 1
    for username, first, last, cell, tz, days_in, mentor in NEWCOMERS:
        start = today - timedelta(days=days_in)
        if member(username, first, last, cell, tz, MemberStatus.NEWCOMER, start):
            org_api.assign_role(
                ACTOR, member=mentor, role=Role.MENTOR, start=start, mentee=username
            )
            made["roles"] += 1
    username, first, last, cell, tz = FORMER
    member(username, first, last, cell, tz, MemberStatus.LEFT)

    existing_clients = {c.name for c in org_api.list_clients(show_money=True)}
    existing_accounts = {a.name for a in org_api.list_accounts(show_money=True)}
    for client, rate, account, budget in CLIENTS:
        if client not in existing_clients:
            org_api.create_client(ACTOR, client, rate)
            made["clients"] += 1
        if account not in existing_accounts:
            org_api.create_account(ACTOR, account, client, budget)
            made["accounts"] += 1
    for account in INTERNAL_ACCOUNTS:
        if account not in existing_accounts:
            org_api.create_account(ACTOR, account)
            made["accounts"] += 1

    existing_epics = {e.key for e in org_api.list_epics(show_money=True)}
    for key, title, account, owner, reviewer, status, budget in EPICS:
        if key not in existing_epics:
            org_api.create_epic(
                ACTOR,
                key=key,
                title=title,
                account=account,
                owner=owner,
                reviewer=reviewer,
                status=status,
                budget_hours=budget,
            )
            made["epics"] += 1

    existing_leads = {lead.name for lead in sales_api.list_leads()}
    for name, contact, scores in LEADS:
        if name in existing_leads:
            continue
        lead = sales_api.create_lead(ACTOR, name, contact)
        made["leads"] += 1
        if scores is not None:
            sales_api.score_lead(ACTOR, lead.id, scores)
    _time_off_season(today, made)
    _sprints_season(today, made)
    return made


# cell → (account, epic) pairs its tickets belong to
CELL_WORK = {
    "Falcon": [
        ("Hedera Microdegrees", "HED-1"),
        ("Hedera Microdegrees", "HED-2"),
        ("Marketing", "MKT-1"),
    ],
    "Otter": [("Affogato Learning", "AFF-1"), ("Northwind Platform", "NWA-1")],
    "Lynx": [("Blue Harbor Compliance", "BHH-1"), ("Kestrel Hosting", "KES-1")],
}
TICKET_TITLES = [
    "As a learner, I want to filter the catalogue by skill so that I find my next course",
    "As an admin, I want to export enrolments as CSV so that I can report to partners",
    "Upgrade the theme to the new release",
    "As an instructor, I want to preview a unit so that I see what learners see",
    "Fix the certificate date in the learner's time zone",
    "As a partner, I want a showcase page so that I can hire graduates",
    "Add monitoring for the nightly backups",
    "As a learner, I want to log in with my campus account so that I keep one password",
]


def _sprints_season(today: date, made: dict[str, int]) -> None:
    """Per dev cell: a completed previous sprint with spillover, a live current sprint, the next in planning;
    its rituals: a published retrospective with a poll, video updates, firefighters, a social chat;
    one tech talk for everyone (SP-13 to SP-16)."""
    made.setdefault("tickets", 0)
    made.setdefault("worklogs", 0)
    for counter in ("retro_items", "video_updates", "tech_talks"):
        made.setdefault(counter, 0)
    if "SOC-1" not in {e.key for e in org_api.list_epics(show_money=False)}:
        org_api.create_epic(
            ACTOR,
            key="SOC-1",
            title=sprints_api.SOCIAL_CHAT_EPIC,
            account=sprints_api.MEETINGS_ACCOUNT,
            owner="tomasz",
            reviewer="maria.santos",
            status=EpicStatus.ACCEPTED,
        )
        made["epics"] += 1
    calendar = org_api.sprint_calendar()
    current = calendar.for_date(today)
    previous, upcoming = calendar.sprint(current.number - 1), calendar.sprint(current.number + 1)
    for cell, work in CELL_WORK.items():
        if sprints_api.list_tickets(cell, previous.number) or sprints_api.list_tickets(
            cell, current.number
        ):
            continue
        _cell_sprints(cell, work, (previous, current, upcoming), today, made)
    # SP-16: one tech talk on the next mid-sprint meeting day, prepared in the speaker's cell.
    talk = "What property-based tests found in our importers"
    if all(t.title != talk for t in sprints_api.tech_talks(date(1970, 1, 1))):
        sprints_api.schedule_tech_talk(
            ACTOR, title=talk, cell="Falcon", sprint=upcoming.number, speaker="ines"
        )
        made["tech_talks"] += 1
        made["tickets"] += 1


RETRO_ITEMS = [
    ("went well", "The partner showcase demo landed on time"),
    ("went well", "Pairing on the SSO spike saved days"),
    ("to improve", "Reviews waited more than two days"),
    ("to improve", "Tickets reached the sprint without acceptance criteria"),
    ("to improve", "The staging deploy broke twice"),
    ("to improve", "Estimation comments were hard to find"),
]
SOCIAL_CHAT_TOPICS = {
    "Falcon": "Show us your neighbourhood",
    "Otter": "Cocktail (or mocktail) hour",
    "Lynx": "Online board games",
}


def _cell_sprints(
    cell: str, work: list[tuple[str, str]], sprints, today: date, made: dict[str, int]
) -> None:
    previous, current, upcoming = sprints
    people = [m.username for m in org_api.list_members(cell=cell, active_only=True)[0]]
    planning = datetime.combine(previous.start - timedelta(days=7), time(9), UTC)

    def ticket(number: int, n: int, **fields) -> str:
        account, epic = work[n % len(work)]
        made["tickets"] += 1
        return sprints_api.create_ticket(
            ACTOR,
            title=TICKET_TITLES[(n + number) % len(TICKET_TITLES)],
            cell=cell,
            account=account,
            epic=epic,
            sprint=number,
            assignee=people[n % len(people)],
            reviewer=people[(n + 1) % len(people)],
            story_points=(1, 2, 3, 5, 8)[n % 5],
            remaining_hours=Decimal((3, 5, 8, 12, 16)[n % 5]),
            now=planning,
            **fields,
        ).key

    done_before = [ticket(previous.number, n) for n in range(6)]
    sprints_api.start(
        ACTOR,
        cell,
        previous.number,
        override=True,
        now=datetime.combine(previous.start, time(8), UTC),
    )
    for key in done_before[:4]:
        sprints_api.update_ticket(ACTOR, key, {"status": "Done", "remaining_hours": Decimal(0)})
    sprints_api.update_ticket(ACTOR, done_before[4], {"status": "Under review"})
    # SP-13: the previous sprint's retrospective, filled in before it ended.
    retro_day = datetime.combine(previous.end - timedelta(days=3), time(14), UTC)
    to_improve = []
    for n, (kind, text) in enumerate(RETRO_ITEMS):
        item = sprints_api.add_retro_item(
            people[n % len(people)], cell, previous.number, kind, text, now=retro_day
        )
        made["retro_items"] += 1
        if kind == "to improve":
            to_improve.append(item.id)
    done = sprints_api.complete(
        ACTOR, cell, previous.number, now=datetime.combine(previous.end, time(20), UTC)
    )
    # SP-10: the first member whose tickets spilled over said why; the other has not yet.
    spilled = [m.member for m in done.members if m.spillover]
    if spilled:
        sprints_api.give_spillover_reason(
            spilled[0],
            cell,
            previous.number,
            spilled[0],
            "The review waited on the client's staging access for three days.",
        )
    # SP-13: published after rollover; four items to improve open a poll.
    sprints_api.publish_retrospective(
        ACTOR, cell, previous.number, now=datetime.combine(current.start, time(10), UTC)
    )
    for n, person in enumerate(people):
        for item in to_improve[n % 2 :: 2] + to_improve[:1]:
            sprints_api.approve(person, cell, previous.number, item)
    # SP-15: two video updates of the sprint that ended.
    for person in people[:2]:
        sprints_api.post_video_update(
            person,
            cell,
            previous.number,
            person,
            f"https://www.loom.com/share/demo-{cell.lower()}-{previous.number}-{person}",
            now=datetime.combine(previous.end, time(11), UTC),
        )
        made["video_updates"] += 1
    # SP-14: the firefighters of this sprint and the next; this sprint's social chat,
    # organised by its first week's firefighter, with capped time logged on its ticket.
    rotation = sprints_api.rotate(ACTOR, cell, current.start, 4)
    organiser = rotation[0].members[0]
    chat_at = datetime.combine(current.start + timedelta(days=3), time(15), UTC)
    chat = sprints_api.organise_social_chat(
        organiser, cell, current.number, SOCIAL_CHAT_TOPICS.get(cell, "Games night"), chat_at
    )
    made["tickets"] += 1
    if chat_at.date() <= today:
        for person in people[:3]:
            billing_api.log_work(
                ACTOR, ticket=chat.ticket, member=person, day=chat_at.date(), hours=Decimal("0.5")
            )
            made["worklogs"] += 1
    for n in range(6, 12):
        key = ticket(current.number, n)
        status = ("In progress", "Under review", "Backlog", "Merged", "In progress", "Done")[n % 6]
        sprints_api.update_ticket(ACTOR, key, {"status": status})
    sprints_api.start(
        ACTOR,
        cell,
        current.number,
        override=True,
        now=datetime.combine(current.start, time(8), UTC),
    )
    for n in range(12, 16):
        ticket(upcoming.number, n, tentative_assignee=people[(n + 2) % len(people)])
    if today < upcoming.start - timedelta(days=3):
        sprints_api.open_estimation(
            ACTOR, cell, upcoming.number, now=datetime.combine(today, time(7), UTC)
        )
    # six months of worklogs, one a week per person on their cell's long-running work
    backlog = sprints_api.create_ticket(
        ACTOR,
        title=f"{cell}: ongoing maintenance",
        cell=cell,
        account=work[0][0],
        epic=work[0][1],
    )
    made["tickets"] += 1
    for week in range(26, 0, -1):
        day = today - timedelta(weeks=week)
        day -= timedelta(days=day.weekday())
        for i, person in enumerate(people):
            billing_api.log_work(
                ACTOR,
                ticket=backlog.key,
                member=person,
                day=day + timedelta(days=i % 5),
                hours=Decimal((2, 3, 4, 6)[i % 4]),
                note="maintenance and support",
            )
            made["worklogs"] += 1


# (username, weeks from this Monday, first weekday, last weekday (0 = Mon), kind, hours)
SEASON = [
    ("ines", -3, 0, 4, Kind.OFF, None),
    ("chen", -2, 2, 3, Kind.REDUCED, Decimal(4)),
    ("dmitri", 3, 0, 1, Kind.OFF, None),
    ("kwame", 3, 0, 0, Kind.OFF, None),
    ("aiko", 3, 0, 0, Kind.OFF, None),  # the cap is reached: a tolerated overlap day
    ("tomasz", 3, 1, 1, Kind.OFF, None),
    ("olga", 4, 0, 4, Kind.OFF, None),
    ("liam", 4, 1, 3, Kind.REDUCED, Decimal(4)),
    ("diego", 5, 0, 9, Kind.OFF, None),
    ("hannah", 5, 2, 2, Kind.OFF, None),
    ("noor", 6, 3, 4, Kind.SCOPED, None),
    ("maria.keller", 7, 0, 4, Kind.OFF, None),
    ("maria.santos", 7, 0, 4, Kind.OFF, None),
]
# Asked for after the cap was reached on both days of its week: refused and kept in history.
REFUSED = ("ines", 3, 0, 1, Kind.OFF)


def _time_off_season(today: date, made: dict[str, int]) -> None:
    """A season of time off: past and coming requests, a tolerated overlap, a refusal."""
    monday = today - timedelta(days=today.weekday())
    booked_before = today - timedelta(days=60)  # asked in good time (TO-3)
    existing = {(t.member, t.start) for t in time_off_api.list_time_off(include_cancelled=True)}
    for username, weeks, first, last, kind, hours in SEASON:
        start = monday + timedelta(weeks=weeks, days=first)
        end = monday + timedelta(weeks=weeks, days=last)
        if (username, start) in existing:
            continue
        scope = "Conference talk preparation only" if kind is Kind.SCOPED else None
        result = time_off_api.book(
            ACTOR,
            member=username,
            kind=kind,
            start=start,
            end=end,
            hours_per_day=hours,
            scope=scope,
            requested_at=datetime.combine(booked_before, time(9), UTC),
            source="demo",
        )
        made["time_off"] += 1
        if weeks < 0 or username in {"olga", "diego"}:
            coverage = [
                CoverageEntry(d.key, d.default_cover or _colleague(username))
                for d in time_off_api.duties_of(username, start, end)
            ]
            time_off_api.announce(ACTOR, result.id, coverage)
    username, weeks, first, last, kind = REFUSED
    if not any(r.member == username for r in time_off_api.refusals(username)):
        try:
            time_off_api.book(
                ACTOR,
                member=username,
                kind=kind,
                start=monday + timedelta(weeks=weeks, days=first),
                end=monday + timedelta(weeks=weeks, days=last),
                requested_at=datetime.combine(booked_before, time(9), UTC),
                source="demo",
            )
        except RuleRefusal:
            made["refused_time_off"] += 1


def _colleague(username: str) -> str:
    """Someone else in the member's cell, to cover a duty without a default."""
    cell = org_api.get_member(username).cell
    return next(
        m.username
        for m in org_api.list_members(cell=cell, active_only=True)[0]
        if m.username != username
    )
