"""The demo's sprints: tickets, estimates, rituals and worklogs of each dev cell."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from cellops.billing import api as billing_api
from cellops.org import api as org_api
from cellops.org.data import EpicStatus
from cellops.rituals import api as rituals_api
from cellops.site.demo.people import DEMO
from cellops.sprints import api as sprints_api

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


def load_sprints_season(today: date, made: dict[str, int]) -> None:
    """Per dev cell: a completed previous sprint with spillover, a live current sprint, the next in planning;
    its rituals: a published retrospective with a poll, video updates, firefighters, a social chat;
    one tech talk for everyone (SP-13 to SP-16)."""
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
    if all(t.title != talk for t in rituals_api.tech_talks(DEMO, date(1970, 1, 1))):
        rituals_api.schedule_tech_talk(
            DEMO, title=talk, cell="Falcon", sprint=upcoming.number, speaker="ines"
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
    actors = {person: org_api.actor_named(person) for person in people}
    planning = datetime.combine(previous.start - timedelta(days=7), time(9), UTC)

    def ticket(number: int, n: int, **fields) -> str:
        account, epic = work[n % len(work)]
        made["tickets"] += 1
        return sprints_api.create_ticket(
            DEMO,
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
        DEMO,
        cell,
        previous.number,
        override=True,
        now=datetime.combine(previous.start, time(8), UTC),
    )
    for key in done_before[:4]:
        sprints_api.update_ticket(DEMO, key, {"status": "Done", "remaining_hours": Decimal(0)})
    sprints_api.update_ticket(DEMO, done_before[4], {"status": "Under review"})
    # SP-13: the previous sprint's retrospective, filled in before it ended.
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
    done = sprints_api.complete(
        DEMO, cell, previous.number, now=datetime.combine(previous.end, time(20), UTC)
    )
    # SP-10: the first member whose tickets spilled over said why; the other has not yet.
    spilled = [m.member for m in done.members if m.spillover]
    if spilled:
        sprints_api.give_spillover_reason(
            org_api.actor_named(spilled[0]),
            cell,
            previous.number,
            spilled[0],
            "The review waited on the client's staging access for three days.",
        )
    # SP-13: published after rollover; four items to improve open a poll.
    rituals_api.publish_retrospective(
        DEMO, cell, previous.number, now=datetime.combine(current.start, time(10), UTC)
    )
    for n, person in enumerate(people):
        for item in to_improve[n % 2 :: 2] + to_improve[:1]:
            rituals_api.approve(org_api.actor_named(person), cell, previous.number, item)
    # SP-15: two video updates of the sprint that ended.
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
    # SP-14: the firefighters of this sprint and the next; this sprint's social chat,
    # organised by its first week's firefighter, with capped time logged on its ticket.
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
                actors[person],
                ticket=chat.ticket,
                member=person,
                day=chat_at.date(),
                hours=Decimal("0.5"),
            )
            made["worklogs"] += 1
    for n in range(6, 12):
        key = ticket(current.number, n)
        status = ("In progress", "Under review", "Backlog", "Merged", "In progress", "Done")[n % 6]
        sprints_api.update_ticket(DEMO, key, {"status": status})
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
    # six months of worklogs, one a week per person on their cell's long-running work
    backlog = sprints_api.create_ticket(
        DEMO,
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
                actors[person],  # each logs their own time
                ticket=backlog.key,
                member=person,
                day=day + timedelta(days=i % 5),
                hours=Decimal((2, 3, 4, 6)[i % 4]),
                note="maintenance and support",
            )
            made["worklogs"] += 1


# (username, weeks from this Monday, first weekday, last weekday (0 = Mon), kind, hours)
