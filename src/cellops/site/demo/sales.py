"""The demo's sales leads: the handbook's three examples."""

from __future__ import annotations

from cellops.sales import api as sales_api
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
