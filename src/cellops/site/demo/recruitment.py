"""The demo's recruitment round: candidatures that arrived over the last fortnight, claimed
by the two recruitment managers and at every step of the flow (RC-1 to RC-5).

One candidate waits for the CEO interview; one was hired by the CEO and joins Falcon as a
newcomer on the next sprint's day 0 (their trial, reviews and onboarding checklist made
by the software). The second manager's review is the other manager's, the CEO's steps
the CEO's (decision 0059). Everything goes through `recruitment.api`, as real use would.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from cellops.org import api as org_api
from cellops.org.data import Actor
from cellops.recruitment import api as recruitment_api
from cellops.recruitment.data import Application, CellNeed, Clarity, Contribution, Preselection

DEMO = Actor.system("demo")

# name, e-mail, years, python, django, react, has a contribution
CANDIDATES = [
    ("Ana Lima", "ana.lima@mail.example", 6, "Eight years", "Six years", "Two years", True),
    ("Kenji Sato", "kenji@mail.example", 4, "Five years", "Three years", "Some", True),
    ("Olu Adeyemi", "olu@mail.example", 3, "Four years", "A little", "Three years", True),
    ("Hamid Karimi", "hamid@mail.example", 2, "Three years", "Two years", "One year", False),
    ("Diego Ruiz", "diego@mail.example", 7, "Ten years", "Eight years", "Four years", True),
    ("Sofia Berg", "sofia.b@mail.example", 5, "Five years", "Four years", "Some", True),
    ("Marta Kowal", "marta.k@mail.example", 1, "Two years", "One year", "None", True),
    ("Lena Fischer", "lena.f@mail.example", 9, "Nine years", "Seven years", "Five years", True),
    ("Tariq Aziz", "tariq@mail.example", 4, "Four years", "Four years", "Two years", True),
    ("Nora Haddad", "nora.h@mail.example", 3, "Three years", "Two years", "Some", True),
    ("Ivan Petrov", "ivan.p@mail.example", 5, "Six years", "Five years", "Some", True),
    ("Grace Obi", "grace.obi@mail.example", 8, "Eight years", "Six years", "Three years", True),
]

#: Where each claimed candidature got to (RC-5), by its index; the last one stays `new`.
PATHS = {
    0: (
        "interview scheduled",
        "interviewed",
        "accepted by interviewer",
        "reviewed",
        "CEO interview",
    ),
    1: (
        "interview scheduled",
        "interviewed",
        "accepted by interviewer",
        "reviewed",
        "CEO interview",
        "hired",
    ),
    9: ("interview scheduled", "interviewed", "accepted by interviewer", "reviewed"),
    2: ("interview scheduled", "interviewed", "accepted by interviewer"),
    4: ("interview scheduled", "interviewed"),
    5: ("interview scheduled",),  # scheduled with its .ics invitation (RC-6)
    8: ("interview scheduled", "interviewed", "refused"),
}
#: Claimed, but still to pre-select.
WAITING = {6}
#: The other recruitment manager, who reviews (RC-5: a second manager agrees).
SECOND = {"tomasz": "fatima", "fatima": "tomasz"}
#: Who the hired candidate joins, and their mentor.
HIRED_INTO = ("Falcon", "ines")

PR = Contribution(
    "https://github.com/openedx/edx-platform/pull/31415", True, True, True, 7000, 3900
)


def _check(years: int, *, contribution: bool = True, react: Clarity = Clarity.CLEAR):
    return Preselection(
        contribution=PR if contribution else None,
        writing_ok=True,
        python=Clarity.CLEAR,
        django=Clarity.CLEAR,
        react=react,
        years_experience=years,
        notes="Read the PR discussion: constructive, patient with review comments.",
    )


def load_round(today: date, made: dict[str, int]) -> None:
    """One open round with candidatures at many statuses (nothing if a round exists)."""
    made.setdefault("candidatures", 0)
    if recruitment_api.rounds(DEMO):
        return
    xavier = org_api.actor_named("xavier")
    found = recruitment_api.open_round(
        xavier, f"Autumn {today.year}", [CellNeed("Falcon", 1, 1), CellNeed("Otter", 1, 0)]
    )
    start = datetime.combine(today - timedelta(days=14), time(9), tzinfo=UTC)
    ids = []
    for i, (name, email, years, python, django, react, has_pr) in enumerate(CANDIDATES):
        app = Application(
            name=name,
            email=email,
            years_experience=years,
            python=f"{python} of Python, mostly web back ends.",
            django=f"{django} of Django.",
            react=f"{react} of React." if react != "None" else "Not yet.",
            motivation="I would like to work on open source education software full time.",
            timezone="UTC",
            contributions=("https://github.com/openedx/edx-platform/pull/31415",) if has_pr else (),
            no_contribution=not has_pr,
        )
        received = recruitment_api.submit(
            app, found.id, address="demo", now=start + timedelta(hours=20 * i)
        )
        ids.append(received.id)
        made["candidatures"] += 1
    # two managers claim their share (RC-2): tomasz ceil(12 / 2) = 6, fatima ceil(6 / 2) = 3
    first = recruitment_api.claim(
        org_api.actor_named("tomasz"), found.id, now=start + timedelta(days=9, hours=1)
    )
    second = recruitment_api.claim(
        org_api.actor_named("fatima"), found.id, now=start + timedelta(days=10)
    )
    # two days later tomasz may claim again: ceil(3 / 2) = 2, the last one stays new
    third = recruitment_api.claim(
        org_api.actor_named("tomasz"), found.id, now=start + timedelta(days=11, hours=2)
    )
    for manager, claimed in (
        ("tomasz", first.claimed + third.claimed),
        ("fatima", second.claimed),
    ):
        actor = org_api.actor_named(manager)
        for cid in claimed:
            n = ids.index(cid)
            years, has_pr = CANDIDATES[n][2], CANDIDATES[n][6]
            if n in WAITING:
                continue
            react = Clarity.DOUBT if n in (2, 8) else Clarity.CLEAR
            recruitment_api.preselect(actor, cid, _check(years, contribution=has_pr, react=react))
            for step in PATHS.get(n, ()):
                note = (
                    "Good skills, but not the async habits we need yet."
                    if step == "refused"
                    else ""
                )
                if n == 5 and step == "interview scheduled":
                    # RC-6: a real interview, two working days ahead, with its invitation
                    recruitment_api.schedule_interview(actor, cid, _interview_time(today), manager)
                    continue
                by = actor
                if step == "reviewed":
                    by = org_api.actor_named(SECOND[manager])
                elif step in ("CEO interview", "hired"):
                    by = xavier
                if step == "hired":
                    cell, mentor = HIRED_INTO
                    recruitment_api.change_status(
                        by, cid, step, cell=cell, start_date=_next_day_0(today), mentor=mentor
                    )
                    made["hired"] = made.get("hired", 0) + 1
                    continue
                recruitment_api.change_status(by, cid, step, note)


def _interview_time(today: date) -> datetime:
    """15:00 UTC on the second working day after `today` (a time most zones can make)."""
    day, left = today, 2
    while left:
        day += timedelta(days=1)
        left -= day.weekday() < 5
    return datetime.combine(day, time(15), tzinfo=UTC)


def _next_day_0(today: date) -> date:
    """The first sprint's day 0 after `today`: when the hired candidate starts."""
    return org_api.sprint_calendar().for_date(today).end + timedelta(days=1)
