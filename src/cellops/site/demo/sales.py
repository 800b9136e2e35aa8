"""The demo's sales leads: the handbook's three examples and a healthy pipeline, a lead or
two in every stage of the lifecycle (SL-3), one lost, one accepted into its epic (SL-5);
intro meetings held and prepared (SL-4) and two leads with their own chance of winning."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from cellops.org import api as org_api
from cellops.org.data import EpicStatus
from cellops.sales import api as sales_api
from cellops.sales.data import CloseSteps, FollowUpTask
from cellops.site.demo.people import DEMO

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


#: (name, contact, source, the stage it reaches, scores given in stage 2 and 3, epic)
HIGH = dict(
    people_profile=2,
    need=2,
    budget=2,
    contract_type=1,
    prestige=2,
    market_niche=2,
    internal_positive_bias=2,
)
MEDIUM = dict(
    people_profile=1,
    need=2,
    budget=1,
    contract_type=1,
    prestige=1,
    market_niche=1,
    internal_positive_bias=1,
)
PIPELINE = [
    ("Lakeside Public Library", "Dana, digital services", "inquiry", 1, None, ""),
    ("Riverbend Community College", "Omar, e-learning lead", "referral", 2, MEDIUM, ""),
    ("Orchard Schools Trust", "Priya, IT director", "conference", 3, HIGH, ""),
    ("Pinecrest Science Museum", "Leo, exhibitions", "rfp", 4, HIGH, ""),
    ("Granite Foundation", "Mina, programmes", "referral", 5, MEDIUM, ""),
    ("Summit Nursing School", "Ruth, dean's office", "inquiry", 6, HIGH, ""),
    ("Kestrel Labs", "Ivo, CTO", "referral", 7, HIGH, "KES-2"),
    ("Northwind Academy", "Ada, academic board", "inquiry", 8, HIGH, "NWA-2"),
]
LOST = ("Cobalt Coding Camp", "Sam, founder", "outreach", "chose to build it in-house")
#: the prospective epics the accepted leads become (key, title, account, owner, reviewer)
PIPELINE_EPICS = [
    ("KES-2", "Lab booking portal", "Kestrel Hosting", "maria.santos", "aiko"),
    ("NWA-2", "Alumni mentoring space", "Northwind Platform", "maria.santos", "aiko"),
]


def _walk(lead_id: int, to: int, scores: dict | None, epic: str, today: date) -> None:
    """Take a new lead to stage `to`, meeting each gate as the handbook's process would."""
    start = datetime.combine(today - timedelta(days=10 * to + 30), time(9), UTC)

    def at(step: int) -> datetime:
        return start + timedelta(days=10 * step)

    for stage in range(1, to):
        if stage == 2:
            sales_api.score_lead(DEMO, lead_id, scores or MEDIUM)
            sales_api.update_lead(DEMO, lead_id, {"responsive": True})
        elif stage == 3:
            sales_api.update_lead(
                DEMO,
                lead_id,
                {
                    "challenges": "courses spread over three tools nobody maintains",
                    "needs": "one catalogue with enrolment and progress",
                    "value_proposition": "a single platform the staff can run themselves",
                },
            )
            sales_api.score_lead(DEMO, lead_id, scores or MEDIUM)
        elif stage == 4:
            sales_api.save_blueprint(
                DEMO,
                lead_id,
                solution="A catalogue with enrolment, progress and reports",
                acceptance_criteria="A learner enrols and finishes a course without help",
                tasks=[{"title": "Catalogue", "hours": "60"}, {"title": "Reports", "hours": "24"}],
                timeline="Ten weeks from kickoff, a demo every sprint",
            )
        elif stage == 5:
            sales_api.make_proposal(
                DEMO,
                lead_id,
                [
                    {"feature": "Catalogue and enrolment", "hours": "60", "rate": "130"},
                    {"feature": "Progress reports", "hours": "24", "rate": "130"},
                    {"feature": "Single sign-on", "hours": "16", "rate": "130"},
                ],
            )
            sales_api.deliver_proposal(DEMO, lead_id, now=at(stage))
        elif stage == 6:
            sales_api.update_lead(DEMO, lead_id, {"epic": epic, "deposit_required": True})
            lines = sales_api.lead_detail(lead_id).facts.proposal.lines  # type: ignore[union-attr]
            sales_api.accept_proposal(DEMO, lead_id, [line.id for line in lines[:2]], now=at(stage))
            sales_api.set_close_steps(DEMO, lead_id, CloseSteps(True, True, True, True, True))
        # stage 7 → 8: an hourly project, a month of work since it entered Development
        sales_api.advance(DEMO, lead_id, now=at(stage) if stage < 7 else None)
    if to == 6:  # the close is under way: onboarding done, kickoff booked
        sales_api.update_lead(DEMO, lead_id, {"deposit_required": True})
        sales_api.set_close_steps(DEMO, lead_id, CloseSteps(onboarding_done=True))


def load_pipeline(today: date, made: dict[str, int]) -> None:
    """A lead or two in every stage, one lost; only leads the demo has not made yet."""
    existing = {lead.name for lead in sales_api.list_leads()}
    epics = {e.key for e in org_api.list_epics(show_money=False)}
    for key, title, account, owner, reviewer in PIPELINE_EPICS:
        if key not in epics:
            org_api.create_epic(
                DEMO,
                key=key,
                title=title,
                account=account,
                owner=owner,
                reviewer=reviewer,
                status=EpicStatus.PROSPECTIVE,
            )
            made["epics"] += 1
    for name, contact, source, stage, scores, epic in PIPELINE:
        if name in existing:
            continue
        lead = sales_api.create_lead(DEMO, name, contact, source)
        made["leads"] += 1
        _walk(lead.id, stage, scores, epic, today)
    name, contact, source, reason = LOST
    if name not in existing:
        lead = sales_api.create_lead(DEMO, name, contact, source)
        made["leads"] += 1
        sales_api.advance(DEMO, lead.id)
        sales_api.mark_lost(DEMO, lead.id, reason)
    load_meetings(today, made)


def load_leads(made: dict[str, int]) -> None:
    """The handbook's leads, scored where the handbook scores them."""
    existing_leads = {lead.name for lead in sales_api.list_leads()}
    for name, contact, scores in LEADS:
        if name in existing_leads:
            continue
        lead = sales_api.create_lead(DEMO, name, contact)
        made["leads"] += 1
        if scores is not None:
            sales_api.score_lead(DEMO, lead.id, scores)
        if name == "Hedera University":  # responsive and qualified: assessing its needs
            sales_api.advance(DEMO, lead.id)
            sales_api.update_lead(DEMO, lead.id, {"responsive": True})
            sales_api.advance(DEMO, lead.id)
        elif name == "Affogato International":
            sales_api.advance(DEMO, lead.id)


#: SL-4: the intro meetings of the demo: (lead, days ago it was held or None while only
#: prepared, discovery payment, follow-ups as (task, days from today)), run by Gabriel
MEETINGS = [
    (
        "Hedera University",
        3,
        "deferred",
        [("Send Jimmy the requirements template", 4), ("Book the discovery call", 9)],
    ),
    ("Orchard Schools Trust", 12, "paid", [("Chase Priya for the signed discovery", -2)]),
    ("Riverbend Community College", None, "", []),
]
NOTES = {
    "situation": "{name} runs its courses on tools several teams built over the years",
    "problem": "Learners cannot find the courses they need, and staff re-enter enrolments",
    "implications": "Courses start late and the staff spend hours a week on data entry",
    "need_payoff": "One Open edX catalogue with enrolment, contributed upstream",
}
#: the leads whose chance of winning the business developer set himself (percent)
OWN_PROBABILITY = {"Granite Foundation": 65, "Summit Nursing School": 90}
BIZDEV = "gabriel"


def load_meetings(today: date, made: dict[str, int]) -> None:
    """The intro meetings (SL-4) and the per-lead probabilities of the forecast; only for
    leads that have none yet."""
    gabriel = org_api.actor_named(BIZDEV)
    leads = {lead.name: lead for lead in sales_api.list_leads()}
    for name, held_ago, payment, follow_ups in MEETINGS:
        lead = leads.get(name)
        if lead is None or sales_api.meeting(gabriel, lead.id).agenda_run is not None:
            continue
        sales_api.prepare_meeting(
            gabriel, lead.id, {k: v.format(name=name) for k, v in NOTES.items()}
        )
        agenda = sales_api.agenda(gabriel, lead.id)
        for item in agenda.items[:2] if agenda else ():
            sales_api.tick_agenda(gabriel, lead.id, item.id, True)
        made["meetings"] = made.get("meetings", 0) + 1
        if held_ago is None:
            continue
        latest = sales_api.lead_history(lead.id).scores
        scores = {b.factor: b.score for b in latest[0].breakdown} if latest else dict(HIGH)
        sales_api.record_meeting(
            gabriel,
            lead.id,
            held_on=today - timedelta(days=held_ago),
            next_steps="Send the requirements list\nAgree on the discovery's scope",
            follow_ups=[
                FollowUpTask(task, today + timedelta(days=days)) for task, days in follow_ups
            ],
            discovery_payment=payment,
            scores=scores,
        )
    for name, percent in OWN_PROBABILITY.items():
        lead = leads.get(name)
        if lead is not None and sales_api.lead_detail(lead.id).probability is None:
            sales_api.update_lead(gabriel, lead.id, {"probability": percent})
