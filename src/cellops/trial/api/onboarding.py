"""Issue #10 (trial item 4): a newcomer's onboarding checklist, made when they are created.

The checklist comes from the `onboarding` template of `cellops.checklists` (one floor
below), through its public `start_run`: one run per newcomer (subject `onboarding`),
items due from their start date. Made again, it makes nothing new.
"""

from __future__ import annotations

from cellops.checklists import api as checklists_api
from cellops.checklists.data import RunInfo
from cellops.kernel.violations import NotFound
from cellops.org import api as org_api
from cellops.org.data import Actor, MemberStatus
from cellops.org.policy import Permission

ONBOARDING_TEMPLATE = "onboarding"
ONBOARDING_SUBJECT = "onboarding"


def ensure_onboarding(actor: Actor, username: str) -> RunInfo | None:
    """The newcomer's onboarding checklist, made from the `onboarding` template if missing.

    None for someone who is not a newcomer, has no start date, or when an administrator
    removed the template. For the software and administrators (org's saves call it).
    """
    org_api.check(actor, Permission.EDIT_ORGANISATION)
    member = org_api.get_member(username, "username")
    if member.status != MemberStatus.NEWCOMER or member.start_date is None:
        return None
    try:
        checklists_api.template(ONBOARDING_TEMPLATE)
    except NotFound:
        return None
    return checklists_api.start_run(
        actor, ONBOARDING_TEMPLATE, ONBOARDING_SUBJECT, username, anchor=member.start_date
    )
