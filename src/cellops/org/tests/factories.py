"""factory-boy factories for the organisation's tests.

They build through `cellops.org.api`, never the models, so every row they make
obeys the ORG rules as real data does; each gives the handbook-like defaults a
test does not care about, and a test names only what it checks.

    member = MemberFactory(username="ada", cell="Bebop")
    epic = EpicFactory(account=AccountFactory(name="Hedera LMS"), owner=member)
"""

from __future__ import annotations

from decimal import Decimal

import factory

from cellops.org import api
from cellops.org.data import Actor, CellKind, EpicStatus, MemberStatus

ACTOR = "test"


def name_of(value) -> str | None:
    """A factory's answer or a plain name: the name the api takes."""
    if value is None or isinstance(value, str):
        return value
    return getattr(value, "username", None) or getattr(value, "key", None) or value.name


class ThroughApi(factory.Factory):
    """Builds with an org use case: `_make(**fields)` returns its plain value."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return cls._make(**kwargs)


class CellFactory(ThroughApi):
    class Meta:
        model = dict

    name = factory.Sequence(lambda n: f"Cell{n}")
    kind = CellKind.DEV

    @classmethod
    def _make(cls, name, kind):
        return api.create_cell(Actor.system(ACTOR), name, kind)


class MemberFactory(ThroughApi):
    """A core member of Falcon (made if missing) working 40 h over Monday to Friday."""

    class Meta:
        model = dict

    username = factory.Sequence(lambda n: f"member{n}")
    first_name = factory.LazyAttribute(lambda o: o.username.capitalize())
    last_name = "Tester"
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    cell = "Falcon"
    status = MemberStatus.CORE

    @classmethod
    def _make(cls, cell, **fields):
        cell = name_of(cell)
        if not any(c.name == cell for c in api.list_cells()):
            api.create_cell(Actor.system(ACTOR), cell, CellKind.DEV)
        return api.create_member(Actor.system(ACTOR), cell=cell, **fields)


class ClientFactory(ThroughApi):
    class Meta:
        model = dict

    name = factory.Sequence(lambda n: f"Client {n}")
    hourly_rate = Decimal(100)

    @classmethod
    def _make(cls, name, hourly_rate):
        return api.create_client(Actor.system(ACTOR), name, hourly_rate)


class AccountFactory(ThroughApi):
    """An internal account (no client, no budget) unless told otherwise."""

    class Meta:
        model = dict

    name = factory.Sequence(lambda n: f"Account {n}")
    client = None
    monthly_budget_hours = None

    @classmethod
    def _make(cls, name, client, monthly_budget_hours):
        return api.create_account(Actor.system(ACTOR), name, name_of(client), monthly_budget_hours)


class EpicFactory(ThroughApi):
    """A prospective epic of a new account, owned and reviewed by two new members."""

    class Meta:
        model = dict

    key = factory.Sequence(lambda n: f"EP-{n}")
    title = factory.LazyAttribute(lambda o: f"Epic {o.key}")
    account = factory.SubFactory(AccountFactory)
    owner = factory.SubFactory(MemberFactory)
    reviewer = factory.SubFactory(MemberFactory)
    status = EpicStatus.PROSPECTIVE
    budget_hours = None

    @classmethod
    def _make(cls, account, owner, reviewer, **fields):
        return api.create_epic(
            Actor.system(ACTOR),
            account=name_of(account),
            owner=name_of(owner),
            reviewer=name_of(reviewer),
            **fields,
        )
