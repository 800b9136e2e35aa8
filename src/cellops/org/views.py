"""Pages of the organisation: see and edit cells, members, roles, clients, accounts, epics."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from cellops.kernel.violations import NotFound
from cellops.org import api
from cellops.org.policy import Permission


@login_required
def cells(request: HttpRequest) -> HttpResponse:
    api.require(request.user, Permission.VIEW_ORGANISATION)
    return render(
        request, "org/cells.html", {"page_title": "Organisation", "cells": api.list_cells()}
    )


@login_required
def cell(request: HttpRequest, name: str) -> HttpResponse:
    api.require(request.user, Permission.VIEW_ORGANISATION)
    try:
        found = api.get_cell(name)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    members, _ = api.list_members(cell=name)
    return render(
        request,
        "org/cell.html",
        {"page_title": f"Cell {found.name}", "cell": found, "members": members},
    )
