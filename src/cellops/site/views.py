"""Pages of the core app: home "what needs me now", my account and tokens, audit log,
the paused-login page and the password change and reset pages."""

from __future__ import annotations

import math
from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_POST

from cellops.billing import api as billing_api
from cellops.checklists import api as checklists_api
from cellops.kernel.violations import NotFound
from cellops.org import api as org_api
from cellops.platform import api
from cellops.sales import api as sales_api
from cellops.site.forms import AuditFilterForm
from cellops.sprints import api as sprints_api
from cellops.time_off import api as time_off_api
from cellops.trial import api as trial_api
from cellops.web import limits


@login_required
def home(request: HttpRequest) -> HttpResponse:
    today = date.today()
    actor = org_api.actor_for(request.user, today)
    needs = [
        *trial_api.needs_of(actor, today),
        *sales_api.needs_of(actor, today),
        *sprints_api.needs_of(actor, today),
        *checklists_api.needs_of(
            actor, today, current_sprint=lambda cell: sprints_api.current_sprint(cell, today)
        ),
        *time_off_api.needs_of(actor, today),
    ]
    context = {"page_title": "What needs me now", "needs": needs, "today": today}
    cells = sprints_api.cell_loads(actor, today)  # None: not for this person
    if cells is not None:
        names = {m.username: m.full_name or m.username for m in org_api.list_members()[0]}
        away = time_off_api.upcoming(actor, today) or []
        reviews = trial_api.open_reviews(actor) or []
        context["overview"] = {
            "cells": cells,
            "budgets": billing_api.budgets_at_risk(actor, today),  # None: VIEW_CLIENT_BUDGETS
            "reviews": [(r, names.get(r.newcomer, r.newcomer)) for r in reviews],
            "time_off": [
                (t, names.get(t.member, t.member), time_off_api.kind_words(t.kind)) for t in away
            ],
            "time_off_days": time_off_api.OVERVIEW_DAYS,
        }
    return render(request, "core/home.html", context)


@login_required
def account(request: HttpRequest) -> HttpResponse:
    actor = org_api.actor_for(request.user)
    new_token = None
    if request.method == "POST":
        # NUL cannot be stored (PostgreSQL): dropped, like the surrounding spaces.
        name = request.POST.get("name", "").replace("\x00", "").strip()[:100]
        new_token = api.create_token(actor, name)
    return render(
        request,
        "core/account.html",
        {
            "page_title": "My account",
            "member": org_api.member_for(actor),
            "roles": org_api.roles_of(actor.username),
            "tokens": api.tokens_of(actor),
            "new_token": new_token,
        },
    )


@login_required
@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        token = api.revoke_token(org_api.actor_for(request.user), token_id)
    except NotFound as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Token {token.prefix}… is revoked; it no longer opens the API.")
    return redirect("core:account")


@login_required
def audit(request: HttpRequest) -> HttpResponse:
    """The audit log, a page at a time, filtered by person, object and days (issue #14
    item 16); each change reads "field: before → after"."""
    actor = org_api.actor_for(request.user)
    zone = org_api.zone_for(actor)
    actors, types = org_api.audit_choices_seen_by(actor)  # VIEW_AUDIT_LOG
    names = org_api.full_names()  # for the person filter and the page's names: read once
    form = AuditFilterForm(request.GET, actors=actors, types=types, names=names)
    page = org_api.audit_page_seen_by(actor, form.which(), form.number(), zone=zone)
    return render(
        request,
        "core/audit.html",
        {
            "page_title": "Audit log",
            "people_names": names,
            "form": form,
            "page": page,
            "entries": page.entries,
            "query": form.query(),
            "previous": form.query(page=page.number - 1) if page.number > 1 else None,
            "next": form.query(page=page.number + 1) if page.number < page.pages else None,
        },
    )


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """The login page, saying logins are paused after too many failures, and until when.

    django-axes calls this (AXES_LOCKOUT_CALLABLE) instead of logging in, even
    when the password was right.
    """
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    until = api.login_paused_until(
        username,
        getattr(request, "axes_ip_address", "") or "",
        limit=settings.AXES_FAILURE_LIMIT,
        cool_off=settings.AXES_COOLOFF_TIME,
    ) or (timezone.now() + settings.AXES_COOLOFF_TIME)
    minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
    form = AuthenticationForm(request, initial={"username": username})
    return render(
        request,
        "registration/login.html",
        {
            "form": form,
            "next": request.POST.get("next", request.GET.get("next", "")),
            "paused_until": until,
            "paused_minutes": minutes,
            "failure_limit": settings.AXES_FAILURE_LIMIT,
        },
        status=429,
    )


class MemberPasswordResetForm(PasswordResetForm):
    def get_users(self, email):
        return api.users_for_password_reset(email)


class PasswordReset(auth_views.PasswordResetView):
    """Ask for a reset link by email; the answer is the same whether the address is known."""

    form_class = MemberPasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("core:password_reset_done")
    extra_context = {"page_title": "Reset my password"}

    def form_valid(self, form):
        # Links in emails start where people reach the pages, not at this request's host.
        self.extra_email_context = {
            "base_url": settings.CELLOPS_BASE_URL,
            "timeout_days": settings.PASSWORD_RESET_TIMEOUT // 86400,
        }
        return super().form_valid(form)


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("core:password_reset_complete")
    extra_context = {"page_title": "Choose a new password"}

    def form_valid(self, form):
        api.save_password(form, "password.reset")
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


class PasswordChange(auth_views.PasswordChangeView):
    success_url = reverse_lazy("core:password_change_done")
    extra_context = {"page_title": "Change my password"}

    def form_valid(self, form):
        api.save_password(form, "password.change")
        update_session_auth_hash(self.request, form.user)
        return HttpResponseRedirect(self.get_success_url())


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


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: our layout instead of Django's page (whose inline style CSP blocks)."""
    return render(
        request,
        "core/error.html",
        {
            "page_title": "Not allowed",
            "status": 403,
            "message": "The form was not sent: its security token is missing or out of date. "
            "Reload the page and try again.",
        },
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
