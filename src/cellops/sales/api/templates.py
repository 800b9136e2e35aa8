"""The checklist templates of sales, stored through the checklists api when first needed:
the intro meeting's agenda (SL-4) and the client's onboarding and offboarding (SL-7),
each the handbook's steps in our own words. They use the checklists' `onboarding` kind
(a client's way in and out; decision 0056)."""

from __future__ import annotations

from cellops.checklists import api as checklists_api
from cellops.checklists.data import ItemInfo, Kind, TemplateInfo
from cellops.kernel.violations import InvalidInput, NotFound
from cellops.org.data import Actor

AGENDA = TemplateInfo(
    key="sales-intro-agenda",
    title="Intro meeting agenda",
    kind=Kind.ONBOARDING,
    items=tuple(
        ItemInfo(text)
        for text in (
            "Offer a short introduction of the agency if they want one: our Open edX "
            "experience, the Core Committers program, open source, our clients, our "
            "contributions upstream",
            "Ask about their organisation, with the questions the research raised",
            "Ask which problem they want solved",
            "Explain that we contribute our work upstream, and gauge how they feel about it",
            "If they have not tried Open edX, suggest the trial, or show the demo instance",
            "Agree on the next steps (a list of requirements, a discovery) and who pays "
            "for the discovery",
        )
    ),
)

ONBOARDING = TemplateInfo(
    key="sales-client-onboarding",
    title="Client onboarding",
    kind=Kind.ONBOARDING,
    items=tuple(
        ItemInfo(text)
        for text in (
            "Contract, pricing and terms agreed and signed",
            "Statement of work sent, when the deal has one",
            "Deposit invoiced and received, when the deal has one",
            "Client and account set up with the hourly rate and the monthly budget",
            "Work epic accepted with the budget and timeline of the selected quote lines",
            "Client owner and epic reviewer named",
            "Communication channel with the client opened and shared with the cell",
            "Kickoff meeting held with the client and the developers",
            "Budget tracking and regular project updates set up",
        )
    ),
)

OFFBOARDING = TemplateInfo(
    key="sales-client-offboarding",
    title="Client offboarding",
    kind=Kind.ONBOARDING,
    items=tuple(
        ItemInfo(text)
        for text in (
            "Last work delivered and the client told the end date",
            "Final invoice sent and every worklog of the account invoiced",
            "Open tickets closed or handed over; the epic marked Done",
            "Client data handled as the technical guideline says: exported to the client "
            "on request, then deleted from our servers, backups and tools",
            "Access to the client's systems and ours removed, credentials rotated",
            "Account closed to new time, and the client's history kept for the records",
            "Feedback asked for and a final note added to the lead",
        )
    ),
)

TEMPLATES = (AGENDA, ONBOARDING, OFFBOARDING)
CLIENT_CHECKLISTS = {"onboarding": ONBOARDING, "offboarding": OFFBOARDING}


def template_for(which: str) -> TemplateInfo:
    try:
        return CLIENT_CHECKLISTS[which]
    except KeyError:
        raise InvalidInput("which", "choose onboarding or offboarding") from None


def ensure_templates() -> list[str]:
    """Store the sales templates that are missing; the keys stored (none the second time)."""
    stored = []
    for template in TEMPLATES:
        try:
            checklists_api.template(template.key)
        except NotFound:
            checklists_api.create_template(Actor.system("sales"), template)
            stored.append(template.key)
    return stored
