"""Pages of the organisation: see and edit cells, members, roles, clients, accounts,
epics, and the sprint calendar. Each view parses a form, calls `org.api`, renders."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cellops.kernel.violations import InvalidInput, NotFound
from cellops.org import api, forms
from cellops.org.data import CellKind, EpicStatus, MemberStatus, Role
from cellops.web.forms import refuse_on


def _apply(form: django_forms.Form, call: Callable[[dict], object]) -> object | None:
    """Run a use case with a valid form's data; put its refusal on the named field."""
    if not form.is_valid():
        return None
    try:
        return call(form.cleaned_data)
    except (InvalidInput, NotFound) as exc:
        refuse_on(form, exc)
        return None


def _can_edit(request: HttpRequest) -> bool:
    return api.may_edit_organisation(api.actor_for(request.user))


def _cell_names() -> list[str]:
    return [c.name for c in api.list_cells()]


@login_required
def cells(request: HttpRequest) -> HttpResponse:
    viewer = api.view_organisation(api.actor_for(request.user))
    form = forms.CellForm(request.POST or None)
    if request.method == "POST":
        actor = api.actor_for(request.user)  # the use case decides (EDIT_ORGANISATION)
        made = _apply(form, lambda d: api.create_cell(actor, d["name"], CellKind(d["kind"])))
        if made:
            messages.success(request, f"Cell {made.name} created.")
            return redirect("org:cells")
    return render(
        request,
        "org/cells.html",
        {
            "page_title": "Organisation",
            "cells": api.cells_seen_by(viewer),
            "form": form,
            "can_edit": _can_edit(request),
        },
    )


@login_required
def cell(request: HttpRequest, name: str) -> HttpResponse:
    viewer = api.view_organisation(api.actor_for(request.user))
    try:
        found = api.get_cell(name)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    members, _ = api.list_members(cell=name, viewer=viewer)
    today = date.today()
    roles = [
        r
        for role in (Role.SPRINT_PLANNING_MANAGER, Role.SPRINT_MANAGER, Role.FIREFIGHTER)
        for r in api.role_holders(role, today, cell=name)
    ]
    return render(
        request,
        "org/cell.html",
        {
            "page_title": f"Cell {found.name}",
            "cell": found,
            "members": members,
            "cell_roles": roles,
        },
    )


@login_required
def members(request: HttpRequest) -> HttpResponse:
    viewer = api.view_organisation(api.actor_for(request.user))
    form = forms.MemberForm(request.POST or None, cells=_cell_names())
    if request.method == "POST":
        actor = viewer  # the use case decides (EDIT_ORGANISATION)
        made = _apply(
            form,
            lambda d: api.create_member(
                actor,
                username=d["username"],
                first_name=d["first_name"],
                last_name=d["last_name"],
                email=d["email"],
                cell=d["cell"],
                status=MemberStatus(d["status"]),
                weekly_hours=d["weekly_hours"],
                working_days=tuple(d["working_days"]),
                timezone=d["timezone"],
                start_date=d["start_date"],
            ),
        )
        if made:
            messages.success(
                request,
                f"{made.full_name} joined {made.cell}; they can log in once they have a password or a token.",
            )
            return redirect("org:member", username=made.username)
    everyone, count = api.list_members(viewer=viewer)
    return render(
        request,
        "org/members.html",
        {
            "page_title": "Members",
            "members": everyone,
            "count": count,
            "form": form,
            "can_edit": _can_edit(request),
        },
    )


@login_required
def member(request: HttpRequest, username: str) -> HttpResponse:
    viewer = api.actor_for(request.user)
    try:
        found = api.get_member(username, viewer=viewer)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    can_edit = _can_edit(request)
    form = forms.MemberForm(
        request.POST or None, initial=_member_initial(found), cells=_cell_names(), editing=True
    )
    role_form = forms.RoleForm(
        cells=_cell_names(), newcomers=_newcomers(), initial={"start": date.today()}
    )
    if request.method == "POST":
        actor = viewer  # the use case decides (EDIT_ORGANISATION)
        changed = _apply(
            form,
            lambda d: api.update_member(
                actor,
                username,
                **{
                    **d,
                    "status": MemberStatus(d["status"]),
                    "working_days": tuple(d["working_days"]),
                },
            ),
        )
        if changed:
            messages.success(request, f"{changed.full_name}'s details are saved.")
            return redirect("org:member", username=username)
    return _member_page(request, found, form, role_form, can_edit)


def _member_initial(found) -> dict:
    return {
        **found.__dict__,
        "status": found.status.value,
        "working_days": list(found.working_days),
    }


def _member_page(
    request, found, form, role_form, can_edit: bool, status: int = 200
) -> HttpResponse:
    context = {
        "page_title": found.full_name,
        "member": found,
        "roles": api.roles_of(found.username),
        "form": form,
        "role_form": role_form,
        "can_edit": can_edit,
        "today": date.today(),
    }
    return render(request, "org/member.html", context, status=status)


def _newcomers() -> list[str]:
    return [m.username for m in api.list_members()[0] if m.status == MemberStatus.NEWCOMER]


@login_required
@require_POST
def assign_role(request: HttpRequest, username: str) -> HttpResponse:
    actor = api.actor_for(request.user)  # the use case decides (EDIT_ORGANISATION)
    form = forms.RoleForm(request.POST, cells=_cell_names(), newcomers=_newcomers())
    made = _apply(
        form,
        lambda d: api.assign_role(
            actor,
            member=username,
            role=Role(d["role"]),
            start=d["start"],
            end=d["end"],
            cell=d["cell"] or None,
            mentee=d["mentee"] or None,
        ),
    )
    if made:
        messages.success(request, f"{username} is {made.role.label} from {made.start}.")
        return redirect("org:member", username=username)
    found = api.get_member(username)
    member_form = forms.MemberForm(
        initial=_member_initial(found), cells=_cell_names(), editing=True
    )
    return _member_page(request, found, member_form, form, _can_edit(request), status=422)


@login_required
def clients(request: HttpRequest) -> HttpResponse:
    show_money = api.shows_money(api.actor_for(request.user))
    client_names = [c.name for c in api.list_clients(show_money)]
    client_form = forms.ClientForm(
        request.POST if request.POST.get("form") == "client" else None, prefix="client"
    )
    account_form = forms.AccountForm(
        request.POST if request.POST.get("form") == "account" else None,
        prefix="account",
        clients=client_names,
    )
    if request.method == "POST":
        actor = api.actor_for(request.user)  # the use case decides (EDIT_ORGANISATION)
        if request.POST.get("form") == "client":
            made = _apply(
                client_form, lambda d: api.create_client(actor, d["name"], d["hourly_rate"])
            )
        else:
            made = _apply(
                account_form,
                lambda d: api.create_account(
                    actor, d["name"], d["client"] or None, d["monthly_budget_hours"]
                ),
            )
        if made:
            messages.success(request, f"{made.name} created.")
            return redirect("org:clients")
    return render(
        request,
        "org/clients.html",
        {
            "page_title": "Clients and accounts",
            "clients": api.list_clients(show_money),
            "accounts": api.list_accounts(show_money),
            "show_money": show_money,
            "client_form": client_form,
            "account_form": account_form,
            "can_edit": _can_edit(request),
        },
    )


@login_required
def epics(request: HttpRequest) -> HttpResponse:
    show_money = api.shows_money(api.actor_for(request.user))
    usernames = [m.username for m in api.list_members(active_only=True)[0]]
    form = forms.EpicForm(
        request.POST or None, accounts=[a.name for a in api.list_accounts(False)], members=usernames
    )
    if request.method == "POST":
        actor = api.actor_for(request.user)  # the use case decides (EDIT_ORGANISATION)
        made = _apply(
            form, lambda d: api.create_epic(actor, **{**d, "status": EpicStatus(d["status"])})
        )
        if made:
            messages.success(request, f"Epic {made.key} created.")
            return redirect("org:epics")
    return render(
        request,
        "org/epics.html",
        {
            "page_title": "Epics",
            "epics": api.list_epics(show_money),
            "show_money": show_money,
            "form": form,
            "can_edit": _can_edit(request),
        },
    )


@login_required
def sprints(request: HttpRequest) -> HttpResponse:
    viewer = api.view_organisation(api.actor_for(request.user))
    form = forms.SprintLookupForm(request.GET or None)
    found = found_business = None
    if form.is_bound:
        found = _apply(form, lambda d: api.sprint_for_date_seen_by(viewer, d["date"]))
    if found:
        found_business = api.sprint_for_date_seen_by(
            viewer, form.cleaned_data["date"], kind=CellKind.BUSINESS
        )
    today = date.today()
    kinds = (
        (CellKind.DEV, "Dev cells (two-week sprints)"),
        (CellKind.BUSINESS, "Business cells (one-week sprints)"),
    )
    calendars = [
        {
            "kind": kind.value,
            "caption": caption,
            "policy": api.calendar_policy(kind=kind),
            "rows": api.sprint_overview_seen_by(viewer, today, kind=kind),
        }
        for kind, caption in kinds
    ]
    return render(
        request,
        "org/sprints.html",
        {
            "page_title": "Sprint calendar",
            "calendars": calendars,
            "form": form,
            "found": found,
            "found_business": found_business,
            "today": today,
        },
    )
