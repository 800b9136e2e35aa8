"""Generates a large organisation straight into PostgreSQL with COPY.

200 members in 12 cells, 40 accounts, 120 epics, 100 000 tickets spread over
the sprints of the last two years, 2 000 000 worklogs over those two years.
Deterministic (a fixed seed), so runs compare.
"""

from __future__ import annotations

import contextlib
import json
import random
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection

from cellops.billing import api as billing_api
from cellops.org import api as org_api
from cellops.org.data import Actor, CellKind, EpicStatus, MemberStatus


def _defaults(label: str, given: str) -> tuple[str, tuple]:
    """The columns of `label`'s model not in `given` that must be filled (not null) and have a
    default, with those defaults: fields added later do not break the raw inserts below."""
    from django.apps import apps
    from django.db.models import JSONField

    named = {c.strip() for c in given.replace('"', "").split(",")}
    columns, values = [], []
    for field in apps.get_model(label)._meta.concrete_fields:
        if field.null or field.primary_key or field.column in named or not field.has_default():
            continue
        default = field.get_default()
        columns.append(f'"{field.column}"')
        values.append(json.dumps(default) if isinstance(field, JSONField) else default)
    return "".join(f", {c}" for c in columns), tuple(values)


STATUSES = ["Backlog", "In progress", "Under review", "Merged", "Done", "Done", "Done"]
POINTS = [None, 0, 1, 2, 3, 5, 8, 13]


def organisation(members: int = 200, cells: int = 12, accounts: int = 40, epics: int = 120) -> dict:
    """Cells, members (with logins), clients, accounts and epics, through the real use cases."""
    cell_names = [f"Cell{n:02d}" for n in range(cells)]
    for name in cell_names:
        org_api.create_cell(Actor.system("bench"), name, CellKind.DEV)
    User = get_user_model()
    User.objects.bulk_create(
        [
            User(username=f"m{n:03d}", first_name=f"M{n:03d}", last_name="Bench")
            for n in range(members)
        ]
    )
    users = dict(User.objects.filter(username__startswith="m").values_list("username", "pk"))
    cell_ids = {name: org_api.cell_pk(name) for name in cell_names}
    given = "user_id, cell_id, status, weekly_hours, working_days, timezone"
    more, extra = _defaults("org.Member", given)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO org_member ({given}{more})"
            f" VALUES (%s, %s, %s, 40, '[0,1,2,3,4]', 'UTC'{', %s' * len(extra)})",
            [
                (
                    users[f"m{n:03d}"],
                    cell_ids[cell_names[n % cells]],
                    MemberStatus.CORE.value,
                    *extra,
                )
                for n in range(members)
            ],
        )
    for n in range(accounts):
        org_api.create_client(Actor.system("bench"), f"Client{n:02d}", Decimal(120))
        org_api.create_account(
            Actor.system("bench"), f"Account{n:02d}", f"Client{n:02d}", Decimal(200)
        )
    for n in range(epics):
        org_api.create_epic(
            Actor.system("bench"),
            key=f"EP-{n}",
            title=f"Epic {n}",
            account=f"Account{n % accounts:02d}",
            owner=f"m{n % members:03d}",
            reviewer=f"m{(n + 1) % members:03d}",
            status=EpicStatus.IN_PROGRESS,
            budget_hours=Decimal(500),
        )
    return {"cells": cell_names, "members": members}


def work(today: date, tickets: int = 100_000, worklogs: int = 2_000_000, seed: int = 7) -> None:
    """Sprints, tickets and worklogs with COPY (the slow part of a naive generator)."""
    rng = random.Random(seed)
    calendar = org_api.sprint_calendar()
    current = calendar.for_date(today).number
    numbers = list(range(max(calendar.first_number, current - 50), current + 2))
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, name FROM org_cell")
        cells = dict(cursor.fetchall())
        cursor.execute("SELECT id, cell_id FROM org_member")
        members_by_cell: dict[int, list[int]] = {}
        for member_id, cell_id in cursor.fetchall():
            members_by_cell.setdefault(cell_id, []).append(member_id)
        cursor.execute("SELECT id, account_id FROM org_epic")
        epics = cursor.fetchall()
        given = "cell_id, number, started_by, start_overridden, start_gaps, completed_by"
        more, extra = _defaults("sprints.Sprint", given)
        cursor.executemany(
            f"INSERT INTO sprints_sprint ({given}{more})"
            f" VALUES (%s, %s, '', false, '[]', ''{', %s' * len(extra)})",
            [(cell_id, n, *extra) for cell_id in cells for n in numbers],
        )
        cursor.execute("SELECT id, cell_id, number FROM sprints_sprint")
        sprint_ids = {(cell_id, n): sid for sid, cell_id, n in cursor.fetchall()}
        raw = cursor.cursor
        columns = (
            "key, title, description, cell_id, sprint_id, stretch, epic_id, account_id, story_points, status,"
            " assignee_id, reviewer_id, remaining_hours, awaiting_confirmation, version, labels"
        )
        more, ticket_extra = _defaults("sprints.Ticket", columns)
        columns += more
        cell_ids = list(cells)
        with raw.copy(f"COPY sprints_ticket ({columns}) FROM STDIN") as copy:
            for n in range(tickets):
                cell_id = cell_ids[n % len(cell_ids)]
                people = members_by_cell[cell_id]
                epic_id, account_id = epics[n % len(epics)]
                number = numbers[n * len(numbers) // tickets]
                status = "Backlog" if number > current else rng.choice(STATUSES)
                who = rng.randrange(len(people))
                copy.write_row(
                    (
                        f"B-{n}",
                        f"Ticket {n}",
                        "",
                        cell_id,
                        sprint_ids[(cell_id, number)],
                        False,
                        epic_id,
                        account_id,
                        rng.choice(POINTS),
                        status,
                        people[who],
                        people[(who + 1) % len(people)],
                        None if status == "Done" else Decimal(rng.choice((2, 4, 6, 8, 12))),
                        False,
                        1,
                        "[]",
                        *ticket_extra,
                    )
                )
        cursor.execute("SELECT id FROM sprints_ticket ORDER BY id")
        ticket_ids = [row[0] for row in cursor.fetchall()]
        member_ids = [m for people in members_by_cell.values() for m in people]
        first_day = today - timedelta(days=730)
        columns = "ticket_id, member_id, date, hours, note, locked"
        more, worklog_extra = _defaults("billing.Worklog", columns)
        with raw.copy(f"COPY billing_worklog ({columns}{more}) FROM STDIN") as copy:
            for n in range(worklogs):
                copy.write_row(
                    (
                        ticket_ids[rng.randrange(len(ticket_ids))],
                        member_ids[n % len(member_ids)],
                        first_day + timedelta(days=rng.randrange(730)),
                        Decimal(rng.choice((1, 2, 3, 4))),
                        "",
                        False,
                        *worklog_extra,
                    )
                )
        _time_off(cursor, member_ids, today, rng)
    billing_api.rebuild_totals()  # the totals every normal write keeps
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


TIME_OFF_KINDS = [
    ("off", None),
    ("off", None),
    ("reduced", Decimal(4)),
    ("sick", None),
    ("scoped", Decimal(6)),
]


def _time_off(cursor, member_ids: list[int], today: date, rng: random.Random) -> None:
    """About five requests a year per member over the two years and the next month:
    vacations, reduced and scoped days, sick days; a few pending or cancelled."""
    rows = []
    first = today - timedelta(days=730)
    for member_id in member_ids:
        day = first + timedelta(days=rng.randrange(60))
        while day < today + timedelta(days=30):
            kind, hours = rng.choice(TIME_OFF_KINDS)
            length = rng.randrange(1, 11 if kind == "off" else 4)
            status = rng.choice(("confirmed", "confirmed", "confirmed", "pending", "cancelled"))
            end = day + timedelta(days=length - 1)
            rows.append(
                (
                    member_id,
                    kind,
                    day,
                    end,
                    hours,
                    "bench" if kind == "scoped" else "",
                    status,
                    length,
                )
            )
            day = end + timedelta(days=rng.randrange(40, 110))
    given = (
        'member_id, kind, start, "end", hours_per_day, scope, status, working_days,'
        " overlap_days, requested_at, requested_by, source, cancelled_by"
    )
    more, extra = _defaults("time_off.TimeOffRequest", given)
    cursor.executemany(
        f"INSERT INTO time_off_timeoffrequest ({given}{more})"
        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, '[]', now(), 'bench', 'bench', ''"
        f"{', %s' * len(extra)})",
        [row + extra for row in rows],
    )


def areas(today: date, candidatures: int = 600, leads: int = 300) -> None:
    """The newer areas' data, through their use cases: a recruitment round with
    `candidatures`, `leads` sales leads, and the last three months' invoices drafted."""
    from cellops.recruitment import api as recruitment_api
    from cellops.recruitment.data import Application, CellNeed
    from cellops.sales import api as sales_api

    system = Actor.system("bench")
    cells = [c.name for c in org_api.list_cells()][:3]
    opened = recruitment_api.open_round(
        system, "Bench round", [CellNeed(cell, wanted=2, margin=1) for cell in cells]
    )
    for n in range(candidatures):
        recruitment_api.submit(
            Application(
                name=f"Candidate {n}",
                email=f"candidate{n}@example.com",
                years_experience=n % 12,
                python="Five years of Python.",
                django="Three years of Django.",
                react="Not yet.",
                motivation="I would like to work on open source software full time.",
                timezone="UTC",
                no_contribution=True,
            ),
            opened.id,
            address=f"10.0.{n // 250}.{n % 250}",
        )
    for n in range(leads):
        sales_api.create_lead(system, f"Lead {n}", f"lead{n}@example.com", "inquiry")
    first = today.replace(day=1)
    for back in (3, 2, 1):
        month = first
        for _ in range(back):
            month = (month - timedelta(days=1)).replace(day=1)
        billing_api.draft_invoices(system, f"{month:%Y-%m}")


def estimation(cell: str, number: int, manager: str) -> int:
    """Sprint `number`'s estimation open (by `manager`) with every active member of `cell`
    voted on every ticket: the estimation page at its fullest (decision 0067). The votes
    are written raw (one `vote` answers the whole estimation each time). Their count."""
    from cellops.kernel.violations import RuleRefusal
    from cellops.sprints import api as sprints_api
    from cellops.sprints import models as sprints_models

    with contextlib.suppress(RuleRefusal):  # open already (a kept organisation)
        sprints_api.open_estimation(org_api.actor_named(manager), cell, number)
    session = sprints_models.EstimationSession.objects.get(
        sprint__cell__name=cell, sprint__number=number
    )
    tickets = sprints_models.Ticket.objects.filter(
        cell__name=cell, sprint__number=number, stretch=False
    ).values_list("pk", flat=True)
    members = list(org_api.active_team_by_id(cell).members)
    scale = ["1", "2", "3", "5", "8", "?"]
    votes = [
        sprints_models.Vote(
            session=session,
            ticket_id=ticket,
            member_id=member,
            value=scale[(ticket + member) % len(scale)],
            comment="Needs a closer look at the import." if (ticket + member) % 7 == 0 else "",
        )
        for ticket in tickets
        for member in members
    ]
    sprints_models.Vote.objects.bulk_create(votes, batch_size=2_000, ignore_conflicts=True)
    return len(votes)


def ids() -> dict[str, int | None]:
    """The recruitment round and the largest invoice `areas` made, for their own pages."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(id) FROM recruitment_round")
        round_id = cursor.fetchone()[0]
        cursor.execute(
            "SELECT invoice_id FROM billing_invoiceline GROUP BY invoice_id"
            " ORDER BY count(*) DESC LIMIT 1"
        )
        invoice = cursor.fetchone()
    return {"round_id": round_id, "invoice_id": invoice[0] if invoice else None}
