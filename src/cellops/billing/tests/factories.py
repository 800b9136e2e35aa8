"""factory-boy factories for billing's tests: tickets to log on, and worklogs.

Like the org factories they build through the apps' `api`, so a worklog made
here passes the same checks (hours, day, who logs for whom, SP-14) as one
logged on a page.

    WorklogFactory(ticket=TicketFactory(key="FALC-1"), member="ada", hours=Decimal(2))
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory

from cellops.billing import api
from cellops.org import api as org_api
from cellops.org.data import Actor
from cellops.org.tests.factories import AccountFactory, ThroughApi, name_of
from cellops.sprints import api as sprints_api


class TicketFactory(ThroughApi):
    """A backlog ticket of Falcon on a new account, keyed by the api unless told."""

    class Meta:
        model = dict

    key = None
    title = factory.Sequence(lambda n: f"Ticket {n}")
    cell = "Falcon"
    account = factory.SubFactory(AccountFactory)
    epic = None

    @classmethod
    def _make(cls, account, epic, **fields):
        return sprints_api.create_ticket(
            Actor.system("test"), account=name_of(account), epic=name_of(epic), **fields
        )


class WorklogFactory(ThroughApi):
    """An hour of a member's own work on a new ticket, on Monday 2 March 2026."""

    class Meta:
        model = dict

    ticket = factory.SubFactory(TicketFactory)
    member = "ada"
    actor = factory.LazyAttribute(lambda o: name_of(o.member))
    day = date(2026, 3, 2)
    hours = Decimal(1)
    note = ""

    @classmethod
    def _make(cls, actor, ticket, member, **fields):
        if isinstance(actor, str):  # a username, or "system" for `Actor.system()`
            actor = Actor.system() if actor == "system" else org_api.actor_named(actor)
        return api.log_work(actor, ticket=name_of(ticket), member=name_of(member), **fields)
