"""The demo's people: cells, members and their roles, clients, accounts and epics."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from cellops.org import api as org_api
from cellops.org.data import CELL_ROLES, Actor, CellKind, EpicStatus, MemberStatus, Role

ACTOR = "demo"
#: the demo loader acts on the system's authority (decision 0022), recorded as "demo"
DEMO = Actor.system(ACTOR)

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
    # (SP-7: sized for the cell that works for them, so every month stays within budget)
    ("Hedera University", Decimal(145), "Hedera Microdegrees", Decimal(720)),
    ("Affogato International", Decimal(110), "Affogato Learning", Decimal(80)),
    ("Northwind Academy", Decimal(130), "Northwind Platform", Decimal(600)),
    ("Blue Harbor Health", Decimal(150), "Blue Harbor Compliance", Decimal(360)),
    ("Kestrel Labs", Decimal(125), "Kestrel Hosting", Decimal(220)),
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
        Decimal(120),
    ),
]


def load_people(today: date, made: dict[str, int]) -> None:
    """Cells, members with their roles, clients, accounts and epics (what is there stays)."""
    existing_cells = {c.name for c in org_api.list_cells()}
    for name, kind in CELLS:
        if name not in existing_cells:
            org_api.create_cell(DEMO, name, kind)
            made["cells"] += 1

    existing_members = {m.username for m in org_api.list_members()[0]}
    role_start = today - timedelta(days=400)

    def member(username, first, last, cell, tz, status=MemberStatus.CORE, start=None) -> bool:
        if username in existing_members:
            return False
        org_api.create_member(
            DEMO,
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
                    DEMO,
                    member=username,
                    role=role,
                    start=role_start,
                    cell=cell if role in CELL_ROLES else None,
                )
                made["roles"] += 1
    for username, first, last, cell, tz, days_in, mentor in NEWCOMERS:
        start = today - timedelta(days=days_in)
        if member(username, first, last, cell, tz, MemberStatus.NEWCOMER, start):
            org_api.assign_role(DEMO, member=mentor, role=Role.MENTOR, start=start, mentee=username)
            made["roles"] += 1
    username, first, last, cell, tz = FORMER
    member(username, first, last, cell, tz, MemberStatus.LEFT)

    existing_clients = {c.name for c in org_api.list_clients(show_money=True)}
    existing_accounts = {a.name for a in org_api.list_accounts(show_money=True)}
    for client, rate, account, budget in CLIENTS:
        if client not in existing_clients:
            org_api.create_client(DEMO, client, rate)
            made["clients"] += 1
        if account not in existing_accounts:
            org_api.create_account(DEMO, account, client, budget)
            made["accounts"] += 1
    for account in INTERNAL_ACCOUNTS:
        if account not in existing_accounts:
            org_api.create_account(DEMO, account)
            made["accounts"] += 1

    existing_epics = {e.key for e in org_api.list_epics(show_money=True)}
    for key, title, account, owner, reviewer, status, budget in EPICS:
        if key not in existing_epics:
            org_api.create_epic(
                DEMO,
                key=key,
                title=title,
                account=account,
                owner=owner,
                reviewer=reviewer,
                status=status,
                budget_hours=budget,
            )
            made["epics"] += 1
