"""Fixtures shared by every test: people with roles, API clients with tokens."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from cellops.org import api as org_api
from cellops.org.data import Actor, CellKind, MemberStatus, Role
from cellops.platform import api as core_api

#: who sets the tests' world up: the system, recorded as "test" (decision 0022)
SETUP = Actor.system("test")


@pytest.fixture
def make_member(db):
    """Create a member (and their cell if needed) through the org api."""
    counter = {"n": 0}

    def make(
        username: str | None = None,
        *,
        cell: str = "Falcon",
        first_name: str | None = None,
        last_name: str = "Tester",
        status: MemberStatus = MemberStatus.CORE,
        roles: tuple[Role, ...] = (),
        start_date: date | None = None,
        password: str | None = None,
        **fields,
    ):
        counter["n"] += 1
        username = username or f"member{counter['n']}"
        if not any(c.name == cell for c in org_api.list_cells()):
            org_api.create_cell(SETUP, cell, CellKind.DEV)
        member = org_api.create_member(
            SETUP,
            username=username,
            first_name=first_name or username.capitalize(),
            last_name=last_name,
            email=f"{username}@example.com",
            cell=cell,
            status=status,
            start_date=start_date,
            **fields,
        )
        for role in roles:
            org_api.assign_role(
                SETUP,
                member=username,
                role=role,
                start=date(2020, 1, 1),
                cell=cell
                if role in {Role.SPRINT_PLANNING_MANAGER, Role.SPRINT_MANAGER, Role.FIREFIGHTER}
                else None,
            )
        if password:
            from django.contrib.auth import get_user_model

            user = get_user_model().objects.get(username=username)
            user.set_password(password)
            user.save()
        return member

    return make


@pytest.fixture
def api_client_for(db):
    """A Django test client that sends a personal bearer token of `username`."""

    def build(username: str) -> Client:
        token = core_api.create_token(Actor.system(), username=username, name="test").secret
        return Client(headers={"Authorization": f"Bearer {token}"})

    return build


@pytest.fixture
def admin_api(admin_user, api_client_for) -> Client:
    """An API client authenticated as an administrator."""
    return api_client_for(admin_user.username)


@pytest.fixture
def member_api(make_member, api_client_for) -> Client:
    """An API client authenticated as a plain core member without roles."""
    make_member("plain")
    return api_client_for("plain")
