"""Pages of the core app: home "what needs me now", my account and tokens, audit log."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cellops.checklists import api as checklists_api
from cellops.core import api, limits
from cellops.kernel.violations import NotFound
from cellops.org import api as org_api
from cellops.org.policy import Permission
from cellops.sales import api as sales_api
from cellops.sprints import api as sprints_api
from cellops.time_off import api as time_off_api
from cellops.trial import api as trial_api


@login_required
def home(request: HttpRequest) -> HttpResponse:
    today = date.today()
    needs = [
        *trial_api.needs_of(request.user, today),
        *sales_api.needs_of(request.user, today),
        *sprints_api.needs_of(request.user, today),
        *checklists_api.needs_of(request.user, today),
        *time_off_api.needs_of(request.user, today),
    ]
    return render(request, "core/home.html", {"page_title": "What needs me now", "needs": needs})


@login_required
def account(request: HttpRequest) -> HttpResponse:
    new_token = None
    if request.method == "POST":
        # NUL cannot be stored (PostgreSQL): dropped, like the surrounding spaces.
        name = request.POST.get("name", "").replace("\x00", "").strip()[:100]
        new_token = api.create_token(request.user.username, name=name, actor=request.user.username)
    return render(
        request,
        "core/account.html",
        {
            "page_title": "My account",
            "member": org_api.member_of_user(request.user),
            "roles": org_api.roles_of(request.user.username),
            "tokens": api.tokens_of(request.user.username),
            "new_token": new_token,
        },
    )


@login_required
@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        token = api.revoke_token(request.user.username, token_id, actor=request.user.username)
    except NotFound as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Token {token.prefix}… is revoked; it no longer opens the API.")
    return redirect("core:account")


@login_required
def audit(request: HttpRequest) -> HttpResponse:
    org_api.require(request.user, Permission.VIEW_AUDIT_LOG)
    object_type = request.GET.get("type") or None
    return render(
        request,
        "core/audit.html",
        {
            "page_title": "Audit log",
            "entries": api.audit_log(object_type=object_type),
            "object_type": object_type,
        },
    )


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(
        request,
        "core/error.html",
        {
            "page_title": "Page not found",
            "status": 404,
            "message": "There is no page at this address. Use the navigation to find your way.",
        },
        status=404,
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400 for a request Django refused before any view; 413 when it was too big."""
    if isinstance(exception, limits.TOO_LARGE):
        return render(
            request,
            "core/error.html",
            {
                "page_title": "Too much data",
                "status": 413,
                "message": (
                    "What you sent is larger than this site accepts "
                    f"({limits.describe()}). Nothing was saved: go back, shorten the text "
                    "or split it into several entries, and send it again."
                ),
            },
            status=413,
        )
    return render(
        request,
        "core/error.html",
        {
            "page_title": "Bad request",
            "status": 400,
            "message": "This request could not be understood. Go back and try again.",
        },
        status=400,
    )


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = (
        str(exception)
        if isinstance(exception, PermissionDenied) and str(exception)
        else "You are not allowed to see this page."
    )
    return render(
        request,
        "core/error.html",
        {"page_title": "Not allowed", "status": 403, "message": message},
        status=403,
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/error.html",
        {
            "page_title": "Something went wrong",
            "status": 500,
            "message": "Something went wrong on our side; nothing you entered was changed. Please try again.",
        },
        status=500,
    )
