"""The demo's sprints: tickets, estimates, rituals and worklogs of each cell.

A healthy agency with a few real problems to find (issue #14 item 10): in the current
sprints every member's work fits their hours but one member's (Dmitri, overcommitted);
one ticket spilled over (Falcon's previous sprint); one epic budget is at risk (HED-2)
and one is over (AFF-1); every other budget is fine. The business cell Compass runs its
one-week sprints (SP-1). `site/tests/test_demo_health.py` checks these counts."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from cellops.billing import api as billing_api
from cellops.org import api as org_api
from cellops.org.data import EpicStatus
from cellops.rituals import api as rituals_api
from cellops.site.demo.people import DEMO
from cellops.sprints import api as sprints_api

# Per cell: the (account, epic) its sprint tickets go to in turn; its filler accounts (a
# member's support and small requests, no epic); the account of its six months of
# maintenance worklogs.
CELL_WORK: dict[str, list[tuple[str, str | None]]] = {
    "Falcon": [("Hedera Microdegrees", "HED-1"), ("Hedera Microdegrees", "HED-2")],
    "Otter": [("Affogato Learning", "AFF-1"), ("Northwind Platform", "NWA-1")],
    "Lynx": [("Blue Harbor Compliance", "BHH-1"), ("Kestrel Hosting", None)],
    "Compass": [("Marketing", "MKT-1"), ("Marketing", None)],
}
FILLER_ACCOUNTS = {
    "Falcon": ["Hedera Microdegrees", "Hedera Microdegrees", "Onboarding"],
    "Otter": ["Northwind Platform", "Northwind Platform", "Recruitment"],
    "Lynx": ["Blue Harbor Compliance", "Kestrel Hosting", "Onboarding"],
    "Compass": ["Marketing", "Recruitment", "Onboarding"],
}
MAINTENANCE_ACCOUNT = {
    "Falcon": "Hedera Microdegrees",
    "Otter": "Northwind Platform",
    "Lynx": "Blue Harbor Compliance",
    "Compass": "Marketing",
}
#: Hours logged on each epic in earlier sprints (6 to 17 weeks ago, before this month).
EPIC_HISTORY = {
    "HED-1": Decimal(180),
    "HED-2": Decimal(75),  # with its 39 h planned: 114 of 120 h, at risk (SP-7)
    "AFF-1": Decimal(22),  # with its 44 h planned: 66 of 60 h, over (SP-7)
    "NWA-1": Decimal(120),
    "BHH-1": Decimal(90),
    "MKT-1": Decimal(20),
}
#: SP-6: the share of their available hours each member is committed to (80 to 100 %:
#: fine), in turn; the one member over their hours and by how much.
COMMITMENT = (Decimal("0.86"), Decimal("0.90"), Decimal("0.94"), Decimal("0.88"), Decimal("0.92"))
OVERCOMMITTED = ("dmitri", Decimal(6))
#: SP-10: the one cell whose previous sprint left a ticket open.
SPILLOVER_CELL = "Falcon"
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
BUSINESS_TITLES = [
    "Draft the quarterly newsletter",
    "Prepare the proposal for Northwind's next phase",
    "Reconcile last month's invoices",
    "Update the careers page",
    "Plan the partner webinar",
    "Review the contractor agreements",
    "Write the case study on the Hedera showcase",
    "Collect the client satisfaction survey",
]


def load_sprints_season(today: date, made: dict[str, int]) -> None:
    """Per cell: a completed previous sprint, a live current sprint, the next in planning
    (on the cell's own calendar: one-week sprints for Compass, SP-1); its rituals: a
    published retrospective with a poll, video updates, firefighters, a social chat; one
    tech talk for everyone (SP-13 to SP-16)."""
    made.setdefault("tickets", 0)
    made.setdefault("worklogs", 0)
    for counter in ("retro_items", "video_updates", "tech_talks"):
        made.setdefault(counter, 0)
    if "SOC-1" not in {e.key for e in org_api.list_epics(show_money=False)}:
        org_api.create_epic(
            DEMO,
            key="SOC-1",
            title=rituals_api.SOCIAL_CHAT_EPIC,
            account=rituals_api.MEETINGS_ACCOUNT,
            owner="tomasz",
            reviewer="maria.santos",
            status=EpicStatus.ACCEPTED,
        )
        made["epics"] += 1
    for cell, work in CELL_WORK.items():
        calendar = org_api.sprint_calendar(cell)
        current = calendar.for_date(today)
        previous, upcoming = (calendar.sprint(current.number + d) for d in (-1, 1))
        if sprints_api.list_tickets(cell, previous.number) or sprints_api.list_tickets(
            cell, current.number
        ):
            continue
        _cell_sprints(cell, work, (previous, current, upcoming), today, made)
        _epic_history(cell, work, today, made)
    # SP-16: one tech talk on the next dev mid-sprint meeting day, prepared in the
    # speaker's cell.
    talk = "What property-based tests found in our importers"
    if all(t.title != talk for t in rituals_api.tech_talks(DEMO, date(1970, 1, 1))):
        upcoming = org_api.sprint_calendar().for_date(today).number + 1
        rituals_api.schedule_tech_talk(
            DEMO, title=talk, cell="Falcon", sprint=upcoming, speaker="ines"
        )
        made["tech_talks"] += 1
        made["tickets"] += 1


def _epic_history(cell: str, work, today: date, made: dict[str, int]) -> None:
    """SP-7: the time logged on each of the cell's epics in earlier sprints, on a ticket
    done then, spread over weeks 6 to 17 before today (before this month began)."""
    people = [m.username for m in org_api.list_members(cell=cell, active_only=True)[0]]
    for account, epic in dict.fromkeys(work):
        if epic is None or epic not in EPIC_HISTORY:
            continue
        done = sprints_api.create_ticket(
            DEMO, title=f"{epic}: first milestone", cell=cell, account=account, epic=epic
        )
        sprints_api.update_ticket(DEMO, done.key, {"status": "Done"})
        made["tickets"] += 1
        weeks = range(17, 5, -1)
        share = EPIC_HISTORY[epic] / len(weeks)
        for n, week in enumerate(weeks):
            person = people[n % len(people)]
            day = today - timedelta(weeks=week)
            billing_api.log_work(
                org_api.actor_named(person),
                ticket=done.key,
                member=person,
                day=day - timedelta(days=day.weekday()) + timedelta(days=n % 5),
                hours=share.quantize(Decimal("0.01")),
                note="milestone work",
            )
            made["worklogs"] += 1


RETRO_ITEMS = [
    ("went well", "The partner showcase demo landed on time"),
    ("went well", "Pairing on the SSO spike saved days"),
    ("to improve", "Reviews waited more than two days"),
    ("to improve", "Tickets reached the sprint without acceptance criteria"),
    ("to improve", "The staging deploy broke twice"),
    ("to improve", "Estimation comments were hard to find"),
]
SOCIAL_CHAT_TOPICS = {
    "Compass": "Coffee and a quiz",
    "Falcon": "Show us your neighbourhood",
    "Otter": "Cocktail (or mocktail) hour",
    "Lynx": "Online board games",
}


def _cell_sprints(
    cell: str, work: list[tuple[str, str | None]], sprints, today: date, made: dict[str, int]
) -> None:
    previous, current, upcoming = sprints
    people = [m.username for m in org_api.list_members(cell=cell, active_only=True)[0]]
    actors = {person: org_api.actor_named(person) for person in people}
    planning = datetime.combine(previous.start - timedelta(days=7), time(9), UTC)
    titles = BUSINESS_TITLES if cell == "Compass" else TICKET_TITLES

    def ticket(number: int, n: int, **fields) -> str:
        account, epic = work[n % len(work)]
        made["tickets"] += 1
        return sprints_api.create_ticket(
            DEMO,
            title=titles[(n + number) % len(titles)],
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
        DEMO,
        cell,
        previous.number,
        override=True,
        now=datetime.combine(previous.start, time(8), UTC),
    )
    # SP-10: every ticket of the previous sprint done, but one in the spillover cell.
    spills = done_before[4] if cell == SPILLOVER_CELL else None
    for key in done_before:
        if key != spills:
            sprints_api.update_ticket(DEMO, key, {"status": "Done", "remaining_hours": Decimal(0)})
    if spills:
        sprints_api.update_ticket(
            DEMO, spills, {"status": "Under review", "remaining_hours": Decimal(6)}
        )
    to_improve = _retrospective(cell, previous, people, made)
    done = sprints_api.complete(
        DEMO, cell, previous.number, now=datetime.combine(previous.end, time(20), UTC)
    )
    # SP-10: the member whose ticket spilled over said why.
    for member in (m.member for m in done.members if m.spillover):
        sprints_api.give_spillover_reason(
            org_api.actor_named(member),
            cell,
            previous.number,
            member,
            "The review waited on the client's staging access for three days.",
        )
    # SP-13: published after rollover; four items to improve open a poll.
    rituals_api.publish_retrospective(
        DEMO, cell, previous.number, now=datetime.combine(current.start, time(10), UTC)
    )
    for n, person in enumerate(people):
        for item in to_improve[n % 2 :: 2] + to_improve[:1]:
            rituals_api.approve(org_api.actor_named(person), cell, previous.number, item)
    # SP-15: two video updates of the sprint that ended (business cells: every other one).
    if rituals_api.video_updates(DEMO, cell, previous.number).due:
        for person in people[:2]:
            rituals_api.post_video_update(
                org_api.actor_named(person),
                cell,
                previous.number,
                person,
                f"https://www.loom.com/share/demo-{cell.lower()}-{previous.number}-{person}",
                now=datetime.combine(previous.end, time(11), UTC),
            )
            made["video_updates"] += 1
    _social_chat(cell, current, people, today, made)
    for n in range(6, 12):
        key = ticket(current.number, n)
        status = ("In progress", "Under review", "Backlog", "Merged", "In progress", "Done")[n % 6]
        sprints_api.update_ticket(DEMO, key, {"status": status})
    _fill_to_capacity(cell, current, people, planning, made)
    sprints_api.start(
        DEMO,
        cell,
        current.number,
        override=True,
        now=datetime.combine(current.start, time(8), UTC),
    )
    for n in range(12, 16):
        ticket(upcoming.number, n, tentative_assignee=people[(n + 2) % len(people)])
    if today < upcoming.start - timedelta(days=3):
        sprints_api.open_estimation(
            DEMO, cell, upcoming.number, now=datetime.combine(today, time(7), UTC)
        )
    _maintenance(cell, people, actors, today, made)


def _fill_to_capacity(cell: str, current, people: list[str], planning, made) -> None:
    """SP-6: each member's support and small requests fill their sprint to a share of
    their hours between 80 and 100 % (`COMMITMENT`); one member is given more than
    their hours (`OVERCOMMITTED`). Set before the sprint starts, so the start's snapshot
    and the live figures agree."""
    accounts = FILLER_ACCOUNTS[cell]
    fillers = {}
    for n, person in enumerate(people):
        fillers[person] = sprints_api.create_ticket(
            DEMO,
            title=f"Support and small requests ({accounts[n % len(accounts)]})",
            cell=cell,
            account=accounts[n % len(accounts)],
            sprint=current.number,
            assignee=person,
            reviewer=people[(n + 2) % len(people)],
            story_points=3,
            remaining_hours=Decimal(1),
            review_hours=Decimal(1),
            now=planning,
        ).key
        made["tickets"] += 1
    over, extra = OVERCOMMITTED
    for n, load in enumerate(sprints_api.capacity(cell, current.number)):
        if load.member not in fillers:
            continue
        if load.member == over:
            target = load.available_hours + extra
        else:
            target = (load.available_hours * COMMITMENT[n % len(COMMITMENT)]).quantize(Decimal(1))
        left = max(target - load.committed_hours + Decimal(1), Decimal(1))
        sprints_api.update_ticket(DEMO, fillers[load.member], {"remaining_hours": left})


def _retrospective(cell: str, previous, people: list[str], made) -> list[int]:
    """SP-13: the previous sprint's retrospective, filled in before it ended; the ids of
    its items to improve."""
    retro_day = datetime.combine(previous.end - timedelta(days=3), time(14), UTC)
    to_improve = []
    for n, (kind, text) in enumerate(RETRO_ITEMS):
        item = rituals_api.add_retro_item(
            org_api.actor_named(people[n % len(people)]),
            cell,
            previous.number,
            kind,
            text,
            now=retro_day,
        )
        made["retro_items"] += 1
        if kind == "to improve":
            to_improve.append(item.id)
    return to_improve


def _social_chat(cell: str, current, people: list[str], today: date, made) -> None:
    """SP-14: the firefighters of this sprint and the next; this sprint's social chat,
    organised by its first week's firefighter, with capped time logged on its ticket."""
    rotation = rituals_api.rotate(DEMO, cell, current.start, 4)
    organiser = rotation[0].members[0]
    chat_at = datetime.combine(current.start + timedelta(days=3), time(15), UTC)
    chat = rituals_api.organise_social_chat(
        org_api.actor_named(organiser),
        cell,
        current.number,
        SOCIAL_CHAT_TOPICS.get(cell, "Games night"),
        chat_at,
    )
    made["tickets"] += 1
    if chat_at.date() <= today:
        for person in people[:3]:
            billing_api.log_work(  # each logs their own time
                org_api.actor_named(person),
                ticket=chat.ticket,
                member=person,
                day=chat_at.date(),
                hours=Decimal("0.5"),
            )
            made["worklogs"] += 1


def _maintenance(cell: str, people: list[str], actors, today: date, made) -> None:
    """Six months of worklogs, one a week per person, on their cell's long-running work
    (its client's account, no epic)."""
    backlog = sprints_api.create_ticket(
        DEMO,
        title=f"{cell}: ongoing maintenance",
        cell=cell,
        account=MAINTENANCE_ACCOUNT[cell],
    )
    made["tickets"] += 1
    for week in range(26, 0, -1):
        day = today - timedelta(weeks=week)
        day -= timedelta(days=day.weekday())
        for i, person in enumerate(people):
            billing_api.log_work(
                actors[person],  # each logs their own time
                ticket=backlog.key,
                member=person,
                day=day + timedelta(days=i % 5),
                hours=Decimal((2, 3, 4, 6)[i % 4]),
                note="maintenance and support",
            )
            made["worklogs"] += 1


# (username, weeks from this Monday, first weekday, last weekday (0 = Mon), kind, hours)
