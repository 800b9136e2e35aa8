"""Clients, accounts and epics (ORG-4), with money shown only to who may see it."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Q

from cellops.kernel.violations import InvalidInput, NotFound
from cellops.org import data, models, rules
from cellops.org.api.actors import check, editor
from cellops.org.data import Actor
from cellops.org.policy import Permission
from cellops.platform.api import record_audit

# --- clients, accounts, epics --------------------------------------------


def _client(c: models.Client, show_money: bool) -> data.Client:
    return data.Client(name=c.name, hourly_rate=c.hourly_rate if show_money else None)


def list_clients(show_money: bool) -> list[data.Client]:
    return [_client(c, show_money) for c in models.Client.objects.all()]


def create_client(actor: data.Actor, name: str, hourly_rate: Decimal | None = None) -> data.Client:
    by = editor(actor)  # EDIT_ORGANISATION, before anything else
    name = rules.check_name("name", name, 120)
    rules.check_not_negative("hourly_rate", hourly_rate)
    with transaction.atomic():
        if models.Client.objects.filter(name=name).exists():
            raise InvalidInput("name", f"a client called {name!r} already exists")
        client = models.Client.objects.create(name=name, hourly_rate=hourly_rate)
        record_audit(by, "client.create", "client", name, {"hourly_rate": hourly_rate})
    return _client(client, True)


def _account(a: models.Account, show_money: bool) -> data.Account:
    return data.Account(
        name=a.name,
        client=a.client.name if a.client else None,
        monthly_budget_hours=a.monthly_budget_hours if show_money else None,
    )


def list_accounts(show_money: bool, client: str | None = None) -> list[data.Account]:
    """Accounts; budgets only for those the policy lets see them (VIEW_CLIENT_BUDGETS)."""
    accounts = models.Account.objects.select_related("client")
    if client is not None:
        accounts = accounts.filter(client__name=client)
    return [_account(a, show_money) for a in accounts]


def create_account(
    actor: data.Actor,
    name: str,
    client: str | None = None,
    monthly_budget_hours: Decimal | None = None,
) -> data.Account:
    by = editor(actor)  # EDIT_ORGANISATION, before anything else
    name = rules.check_name("name", name, 120)
    rules.check_not_negative("monthly_budget_hours", monthly_budget_hours)
    with transaction.atomic():
        client_row = None
        if client:
            client_row = models.Client.objects.filter(name=client).first()
            if client_row is None:
                raise NotFound("client", f"no client is called {client!r}")
        if models.Account.objects.filter(name=name).exists():
            raise InvalidInput("name", f"an account called {name!r} already exists")
        account = models.Account.objects.create(
            name=name, client=client_row, monthly_budget_hours=monthly_budget_hours
        )
        record_audit(
            by,
            "account.create",
            "account",
            name,
            {"client": client, "monthly_budget_hours": monthly_budget_hours},
        )
    return _account(account, True)


def _epic(e: models.Epic, show_money: bool) -> data.Epic:
    return data.Epic(
        key=e.key,
        title=e.title,
        account=e.account.name,
        owner=e.owner.user.username,
        reviewer=e.reviewer.user.username,
        status=data.EpicStatus(e.status),
        budget_hours=e.budget_hours if show_money else None,
    )


ACTIVE_EPIC_STATUSES = (data.EpicStatus.ACCEPTED, data.EpicStatus.IN_PROGRESS)


def active_epics_of(username: str) -> list[data.Epic]:
    """Epics `username` owns or reviews that are accepted or in progress (budgets hidden)."""
    epics = models.Epic.objects.select_related("account", "owner__user", "reviewer__user").filter(
        Q(owner__user__username=username) | Q(reviewer__user__username=username),
        status__in=[s.value for s in ACTIVE_EPIC_STATUSES],
    )
    return [_epic(e, show_money=False) for e in epics]


def list_epics(show_money: bool, owner: str | None = None) -> list[data.Epic]:
    epics = models.Epic.objects.select_related("account", "owner__user", "reviewer__user")
    if owner is not None:
        epics = epics.filter(owner__user__username=owner)
    return [_epic(e, show_money) for e in epics]


def create_epic(
    actor: data.Actor,
    *,
    key: str,
    title: str,
    account: str,
    owner: str,
    reviewer: str,
    status: data.EpicStatus = data.EpicStatus.PROSPECTIVE,
    budget_hours: Decimal | None = None,
) -> data.Epic:
    """ORG-4: an epic of an account, with an owner, a reviewer and an optional budget."""
    by = editor(actor)  # EDIT_ORGANISATION, before anything else
    key = rules.check_name("key", key, 30)
    title = rules.check_name("title", title, 200)
    rules.check_not_negative("budget_hours", budget_hours)
    status = data.EpicStatus(status)
    with transaction.atomic():
        account_row = models.Account.objects.filter(name=account).first()
        if account_row is None:
            raise NotFound("account", f"no account is called {account!r}")
        people = {}
        for field, username in (("owner", owner), ("reviewer", reviewer)):
            row = models.Member.objects.filter(user__username=username).first()
            if row is None:
                raise NotFound(field, f"no member has the username {username!r}")
            people[field] = row
        if models.Epic.objects.filter(key=key).exists():
            raise InvalidInput("key", f"an epic with the key {key!r} already exists")
        epic = models.Epic.objects.create(
            key=key,
            title=title,
            account=account_row,
            owner=people["owner"],
            reviewer=people["reviewer"],
            status=status.value,
            budget_hours=budget_hours,
        )
        record_audit(
            by,
            "epic.create",
            "epic",
            key,
            {
                "title": title,
                "account": account,
                "owner": owner,
                "reviewer": reviewer,
                "status": status.value,
                "budget_hours": budget_hours,
            },
        )
    return _epic(epic, True)


def accept_epic(
    actor: Actor, key: str, budget_hours: Decimal, monthly_budget_hours: Decimal | None = None
) -> data.Epic:
    """SL-5: the work epic `key` moves to `Accepted` with `budget_hours` (the proposal's
    selected quote lines); with `monthly_budget_hours`, its account's monthly budget is set
    up too. Whoever may work on leads (SCORE_LEADS) accepts a proposal; call inside the
    accepting use case's transaction."""
    check(actor, Permission.SCORE_LEADS)
    rules.check_not_negative("budget_hours", budget_hours)
    if monthly_budget_hours is not None:
        rules.check_not_negative("monthly_budget_hours", monthly_budget_hours)
    with transaction.atomic():
        epic = (
            models.Epic.objects.select_for_update()
            .select_related("account", "owner__user", "reviewer__user")
            .filter(key=key)
            .first()
        )
        if epic is None:
            raise NotFound("epic", f"no epic has the key {key!r}")
        epic.status = data.EpicStatus.ACCEPTED.value
        epic.budget_hours = budget_hours
        epic.save(update_fields=["status", "budget_hours"])
        if monthly_budget_hours is not None:
            epic.account.monthly_budget_hours = monthly_budget_hours
            epic.account.save(update_fields=["monthly_budget_hours"])
        record_audit(
            actor.username,
            "epic.accept",
            "epic",
            key,
            {
                "status": epic.status,
                "budget_hours": budget_hours,
                "monthly_budget_hours": monthly_budget_hours,
            },
        )
    return _epic(epic, show_money=True)
