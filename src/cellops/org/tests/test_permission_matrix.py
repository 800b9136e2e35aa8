"""The permission matrix (issue #8, decision 0022): every page and endpoint of the URL
configuration, as each kind of person, allowed or denied as `org.policy` says.

Each route must have a rule in `PAGES` or `ENDPOINTS`: a new page or endpoint without one
fails `test_every_route_has_a_rule`. Reads (GET) are tried as every role below; writes as
anonymous visitors only (their bodies are each app's own tests' business).
The rules and helpers are in `permission_matrix.py` beside this file."""

from __future__ import annotations

from datetime import date

import pytest

from cellops.org import api as org_api
from cellops.org.data import Actor, MemberStatus, Role
from cellops.org.tests.permission_matrix import (
    ACTOR_READS,
    ENDPOINTS,
    INACTIVE,
    PAGES,
    POLICY_CHECKS,
    PUBLIC_ENDPOINTS,
    READ_RULES,
    ROLES,
    _client,
    _fill,
    _operations,
    _page_routes,
    _takes_an_actor,
    _write_bodies,
    _write_use_cases,
)
from cellops.recruitment import api as recruitment_api
from cellops.recruitment.data import Application, CellNeed
from cellops.sprints import api as sprints_api

pytestmark = pytest.mark.django_db


def test_every_route_has_a_rule():
    """A page or endpoint without a rule here is a page nobody decided who may open."""
    missing = sorted(set(_page_routes()) - set(PAGES)) + sorted(set(_operations()) - set(ENDPOINTS))
    assert not missing, "\n".join(map(str, missing))
    gone = sorted(set(PAGES) - set(_page_routes())) + sorted(set(ENDPOINTS) - set(_operations()))
    assert not gone, "\n".join(map(str, gone))


@pytest.fixture
def world(make_member, admin_user):
    """Falcon (a developer, its sprint planning manager, one who left, a candidate), Otter's
    sprint planning manager, the CEO in Board; a ticket in a future sprint of Falcon."""
    make_member("developer", cell="Falcon")
    make_member("manager", cell="Falcon", roles=(Role.SPRINT_PLANNING_MANAGER,))
    make_member("other_manager", cell="Otter", roles=(Role.SPRINT_PLANNING_MANAGER,))
    make_member("ceo", cell="Board", roles=(Role.CEO,))
    make_member("left", cell="Falcon", status=MemberStatus.LEFT)
    make_member("candidate", cell="Falcon", status=MemberStatus.CANDIDATE)
    org_api.create_account(Actor.system("test"), "Hedera LMS")
    number = org_api.sprint_calendar().for_date(date.today()).number + 2
    ticket = sprints_api.create_ticket(
        org_api.actor_named("manager"),
        title="A ticket",
        cell="Falcon",
        account="Hedera LMS",
        sprint=number,
    )
    sprints_api.open_estimation(org_api.actor_named("manager"), "Falcon", number)
    # RC-7: a real round with a real candidature, so a 404 is the policy's, not a missing id
    recruiting = recruitment_api.open_round(
        org_api.actor_named("ceo"), "Spring", [CellNeed("Falcon", 1)]
    )
    applied = recruitment_api.submit(
        Application(
            name="Ana Lima",
            email="ana@example.com",
            years_experience=5,
            python="Python",
            django="Django",
            react="React",
            motivation="Open edX",
            no_contribution=True,
        ),
        recruiting.id,
    )
    params = {
        "cell": "Falcon",
        "name": "Falcon",
        "number": str(number),
        "key": ticket.key,
        "username": "developer",
        "member": "developer",
        "kind": "account",
        "lead_id": "999999",
        "invoice_id": "999999",
        "worklog_id": "999999",
        "request_id": "999999",
        "run_id": "999999",
        "review_id": "999999",
        "round_id": str(recruiting.id),
        "candidature_id": str(applied.id),
        "post_id": "999999",
        "decision_id": "999999",
        "comment_id": "999999",
        "test_id": "999999",
        "pr_id": "999999",
        "item_id": "999999",
        "which": "onboarding",
        "item": "999999",
        "token_id": "999999",
        "uidb64": "MTIz",
        "token": "not-a-token",
    }
    query = {
        "/api/v1/budgets": "?month=2026-03",
        "/api/v1/budgets.csv": "?month=2026-03",
        "/api/v1/time-off.csv": "?cell=Falcon&from=2026-03-02",
        "/api/v1/invoices": "?month=2026-03",
        "/api/v1/tickets.csv": "?cell=Falcon",
        "/api/v1/sprints/for-date": f"?date={date.today()}",
        "/api/v1/trial/schedule": "?start=2026-03-02",
        "/api/v1/trial/extension": "?date_of_121=2026-03-02&sprints=2",
        "/api/v1/trial/clean-sprints": "?sprints=1&kind=initial",
    }
    return params, query, admin_user


@pytest.mark.parametrize("role", (*ROLES, "anonymous"))
def test_every_page_opens_or_refuses_as_the_policy_says(world, role, django_user_model):
    params, _, admin_user = world
    client = _client(role, admin_user, django_user_model)
    wrong = []
    for route, rule in PAGES.items():
        if rule == "write":
            continue
        url = "/" + _fill(route, params)
        status = client.get(url).status_code
        allowed = role in READ_RULES[rule]
        if "<int:" in route and allowed:
            ok = status in (200, 404)  # an id that does not exist
        elif allowed:
            ok = status in (200, 302) and not (
                status == 302 and "/login/" in client.get(url)["Location"]
            )
        elif role == "anonymous":
            ok = status == 302 and "/login/" in client.get(url)["Location"]
        else:
            ok = status in (403, 404)
        if not ok:
            wrong.append((url, rule, status))
    assert not wrong, "\n".join(map(str, wrong))


@pytest.mark.parametrize("role", (*ROLES, "anonymous"))
def test_every_endpoint_answers_or_refuses_as_the_policy_says(world, role, django_user_model):
    params, query, admin_user = world
    client = _client(role, admin_user, django_user_model)
    wrong = []
    for (method, path), rule in ENDPOINTS.items():
        if rule == "write" and role != "anonymous":
            continue
        url = _fill(path, params) + query.get(path, "")
        if method == "get":
            status = client.get(url).status_code
        else:
            status = getattr(client, method)(url, {}, content_type="application/json").status_code
        allowed = role in READ_RULES[rule] and rule != "write"
        if (method, path) in PUBLIC_ENDPOINTS:
            allowed = True
        if (method, path) in PUBLIC_ENDPOINTS and method != "get":
            ok = status not in (401, 403)  # open to all: an empty body is bad input, no more
        elif role == "anonymous" and not allowed:
            ok = status == 401
        elif allowed:
            ok = status in ((200, 404) if "999999" in url else (200,))
        else:
            ok = status in (403, 404)
        if not ok:
            wrong.append((method, url, rule, status))
    assert not wrong, "\n".join(map(str, wrong))


@pytest.mark.parametrize("role", INACTIVE)
def test_ORG_2_inactive_members_write_nothing_in_the_organisation_or_sprints(
    world, role, django_user_model
):
    """ORG-2: a member who left, or a candidate, is refused (403) every write of the
    organisation and of sprints, even in their own name (`member` is themself)."""
    params, _, admin_user = world
    params = {**params, "member": role, "username": role}
    client = _client(role, admin_user, django_user_model)
    wrong = []
    for (method, path), body in _write_bodies(params).items():
        assert ENDPOINTS[(method, path)] == "write"
        url = _fill(path, params)
        response = getattr(client, method)(url, body, content_type="application/json")
        if response.status_code != 403:
            wrong.append((method, url, response.status_code, response.content[:200]))
    assert not wrong, "\n".join(map(str, wrong))
    # the same body from an active member goes through: the 403 above is the policy's
    active = _client("developer", admin_user, django_user_model)
    body = _write_bodies(params)[("post", "/api/v1/tickets")]
    assert active.post("/api/v1/tickets", body, content_type="application/json").status_code == 201


def test_every_write_use_case_takes_an_actor_and_has_a_rule():
    """Generated from the api packages' `__all__`: a use case whose first parameter is
    `actor` must have a row in `_write_use_cases` and take an `Actor`, never a name."""
    import inspect

    from cellops.time_off import api as time_off_api

    found = {
        f"{app}.{name}": getattr(module, name)
        for app, module in (("org", org_api), ("time_off", time_off_api))
        for name in module.__all__
        if inspect.isfunction(getattr(module, name)) and _takes_an_actor(getattr(module, name))
    }
    for check in POLICY_CHECKS | ACTOR_READS:
        del found[check]
    assert sorted(found) == sorted(_write_use_cases(0))
    wrong = {
        name: str(inspect.signature(f).parameters["actor"].annotation)
        for name, f in found.items()
        if not str(inspect.signature(f).parameters["actor"].annotation).endswith("Actor")
    }
    assert not wrong


@pytest.mark.parametrize("role", ROLES)
def test_every_write_use_case_allows_or_refuses_as_the_policy_says(world, role, admin_user):
    """Each write use case called directly as each role (not through a door): allowed
    means the policy let the call through (it may still refuse the input, e.g. a cell
    that exists), denied means PermissionDenied, with nothing written."""
    from django.core.exceptions import PermissionDenied

    from cellops.kernel.violations import InvalidInput, NotFound, RuleRefusal
    from cellops.org.data import Actor
    from cellops.time_off import api as time_off_api
    from cellops.time_off.data import Kind
    from cellops.time_off.tests.calendar_files import monday_in

    monday = monday_in(8)
    booked = time_off_api.book(
        Actor.system("developer"), member="developer", kind=Kind.OFF, start=monday, end=monday
    )
    actor = org_api.actor_for(admin_user) if role == "admin" else org_api.actor_named(role)
    wrong = []
    for name, (allowed, call) in _write_use_cases(booked.id).items():
        try:
            call(actor)
            refused = False
        except PermissionDenied:
            refused = True
        except (InvalidInput, NotFound, RuleRefusal):
            refused = False  # the policy let it through; the input is the rules' business
        if refused == (role in allowed):
            wrong.append((name, role, "refused" if refused else "allowed"))
    assert not wrong, "\n".join(map(str, wrong))


#: Decision 0040: who imports a Jira backlog into Falcon: its sprint planning manager
#: (`MANAGE_SPRINTS` held for the cell), administrators; not Otter's manager, not the CEO.
TICKET_IMPORTERS = frozenset({"manager", "admin"})


@pytest.mark.parametrize("role", ROLES)
def test_sprints_import_tickets_allows_or_refuses_as_the_policy_says(world, role, admin_user):
    """Issue #15: the backlog import, called directly as each role, dry run."""
    from django.core.exceptions import PermissionDenied

    actor = org_api.actor_for(admin_user) if role == "admin" else org_api.actor_named(role)
    text = "Issue key,Summary,Account\nFALC-900,A,Hedera LMS\n"
    try:
        report = sprints_api.import_tickets(actor, "Falcon", text, dry_run=True)
        refused = False
    except PermissionDenied:
        refused = True
    assert refused != (role in TICKET_IMPORTERS)
    if not refused:
        assert report.imported == ("FALC-900",)
