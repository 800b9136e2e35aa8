"""The ticket page and the new-ticket page (issue #3 items 1 and 5)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cellops.kernel import clock
from cellops.kernel.calendar import format_day
from cellops.kernel.violations import Conflict, InvalidInput, NotFound, RuleRefusal
from cellops.org import api as org_api
from cellops.sprints import api, extensions, rules
from cellops.sprints import forms as ritual_forms
from cellops.sprints.data import Ticket, TicketChange
from cellops.sprints.views._common import _base, _people, _record, _worker, _zone

# --- the ticket page and the new-ticket page (issue #3 items 1 and 5) ------------------
#
# `/sprints/tickets/<key>/` shows everything about one ticket: its facts, its
# description (plain text), comments (SP-3 vote comments among them), history
# and worklogs, with forms to edit it (version sent: a stale edit is a 409
# that keeps what was typed), comment on it and log time on it. Each form
# posts to its own URL and comes back to the page; a refusal is shown on the
# form it concerns, every violation with its rule ID. Budgets and rates are
# never shown here.

TICKET = "sprints/ticket.html"
NEW_TICKET = "sprints/ticket_new.html"
HISTORY_LABELS = {
    "created": "Created",
    "title": "Title",
    "description": "Description",
    "status": "Status",
    "story_points": "Story points",
    "assignee": "Assignee",
    "reviewer": "Reviewer",
    "tentative_assignee": "Tentative assignee",
    "remaining_hours": "Remaining hours",
    "review_hours": "Review hours",
    "due_date": "Due date",
    "epic": "Epic",
    "stretch": "Stretch goal",
    "sprint": "Sprint",
    "awaiting_confirmation": "Awaiting confirmation",
}
PEOPLE_FIELDS = ("assignee", "reviewer", "tentative_assignee")


def _ticket_or_404(key: str) -> Ticket:
    try:
        return api.get_ticket(key)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _shown(value: Any, field: str, names: dict[str, str]) -> str:
    if value is None or value == "":
        return "none"
    if field in PEOPLE_FIELDS and isinstance(value, str):
        return names.get(value, value)
    if field == "description":
        return "changed"
    return str(value)


def _history_lines(history: Sequence[TicketChange], names: dict[str, str]) -> list[dict[str, Any]]:
    """Each recorded change as who, when and a sentence per field ("Status: Backlog → Merged")."""
    lines = []
    for entry in reversed(history):
        what = []
        for change in entry.changes:
            field = change.field
            label = HISTORY_LABELS.get(field, field.replace("_", " ").capitalize())
            if field == "created":
                what.append("Created the ticket")
            elif field == "description":
                what.append("Changed the description")
            elif change.paired:
                before, after = (_shown(v, field, names) for v in (change.before, change.after))
                what.append(f"{label}: {before} → {after}")
            else:
                what.append(f"{label}: {_shown(change.note, field, names)}")
        lines.append({"at": entry.at, "actor": names.get(entry.actor, entry.actor), "what": what})
    return lines


def _people_choices(cell: str, also: Iterable[str | None] = ()) -> list[tuple[str, str]]:
    """The cell's active members, and anyone else already on the ticket, as (username, name)."""
    people = {m.username: m.full_name or m.username for m in _people(cell)}
    for username in also:
        if username and username not in people:
            try:
                member = org_api.get_member(username)
                people[username] = member.full_name or username
            except NotFound:
                people[username] = username
    return sorted(people.items(), key=lambda p: p[1].lower())


def _may_log_for_others(request: HttpRequest, cell: str) -> bool:
    """Whether the worklog form offers a choice of member: billing decides who may log
    for someone else (and refuses it again when the worklog is written)."""
    return extensions.billing().may_log_for_others(org_api.actor_for(request.user), cell)


def _worklog_people(request: HttpRequest, cell: str) -> list[tuple[str, str]] | None:
    if not _may_log_for_others(request, cell):
        return None
    members = org_api.list_members(active_only=True)[0]
    return sorted(
        ((m.username, m.full_name or m.username) for m in members), key=lambda p: p[1].lower()
    )


def _ticket_context(request: HttpRequest, ticket: Ticket, **forms: Any) -> dict[str, Any]:
    key = ticket.key
    history = api.ticket_history(key)
    notes = api.comments(key)
    worklogs = extensions.billing().worklogs_of(key)
    people = {ticket.assignee, ticket.reviewer, ticket.tentative_assignee} - {None}
    people |= {h.actor for h in history} | {c.author for c in notes}
    for entry in history:
        for change in entry.changes:
            if change.field in PEOPLE_FIELDS and change.paired:
                people |= {v for v in (change.before, change.after) if isinstance(v, str)}
    names = api.member_names(ticket.cell, people)
    choices = _people_choices(
        ticket.cell, (ticket.assignee, ticket.reviewer, ticket.tentative_assignee)
    )
    worklog_people = _worklog_people(request, ticket.cell)
    me = request.user.get_username()
    if ticket.sprint is None:
        placement = "Backlog"
    elif ticket.stretch:
        placement = f"Stretch goal of sprint {ticket.sprint}"
    else:
        placement = f"Sprint {ticket.sprint}"
    return {
        "page_title": f"{key} {ticket.title}",
        "ticket": ticket,
        "placement": placement,
        "zone": _zone(request),
        "person": {f: names.get(getattr(ticket, f)) or getattr(ticket, f) for f in PEOPLE_FIELDS},
        "history": _history_lines(history, names),
        "comments": [{"comment": c, "name": names.get(c.author, c.author)} for c in notes],
        "worklogs": worklogs,
        "worklog_total": sum((w.hours for w in worklogs), Decimal(0)),
        "edit_form": forms.get("edit_form")
        or ritual_forms.TicketEditForm(
            initial=ritual_forms.TicketEditForm.initial_of(ticket), people=choices
        ),
        "comment_form": forms.get("comment_form") or ritual_forms.CommentForm(),
        "worklog_form": forms.get("worklog_form")
        or ritual_forms.WorklogForm(
            initial={"date": clock.today(), "member": me}, people=worklog_people
        ),
        "conflict": forms.get("conflict", ""),
        "remaining_offer": _remaining_offer(request, ticket, forms.get("remaining_form")),
    }


def _remaining_offer(
    request: HttpRequest, ticket: Ticket, form: ritual_forms.RemainingForm | None
) -> dict[str, Any] | None:
    """Issue #14 item 15: right after time is logged (``?logged=2.5``), or when the offered
    form was refused, offer to set the remaining hours, prefilled with remaining − logged."""
    logged = _logged(request.GET.get("logged", ""))
    if form is None and logged is None:
        return None
    if form is None:
        suggestion = rules.remaining_after_log(ticket.remaining_hours, logged or Decimal(0))
        form = ritual_forms.RemainingForm(
            initial={"remaining_hours": suggestion, "version": ticket.version}
        )
        # Focus lands on the offered value: Enter takes it, Tab reaches the button.
        form.fields["remaining_hours"].widget.attrs["autofocus"] = True
    return {"logged": logged, "form": form, "remaining": ticket.remaining_hours}


def _logged(raw: str) -> Decimal | None:
    """The hours just logged, read from the redirect's query (None when absent or garbled)."""
    try:
        hours = Decimal(raw)
    except ArithmeticError:
        return None
    return hours if hours.is_finite() and 0 < hours <= 24 else None


def _ticket_page(request: HttpRequest, ticket: Ticket, status: int = 200, **forms: Any):
    return render(request, TICKET, _ticket_context(request, ticket, **forms), status=status)


def _back_to_ticket(key: str, anchor: str) -> HttpResponse:
    return redirect(f"{reverse('sprints:ticket', args=[key])}#{anchor}")


@login_required
def ticket(request: HttpRequest, key: str) -> HttpResponse:
    """A ticket with its description, comments, history and worklogs, and its forms."""
    _worker(request)
    return _ticket_page(request, _ticket_or_404(key))


@login_required
@require_POST
def ticket_edit(request: HttpRequest, key: str) -> HttpResponse:
    """SP-2, SP-5, SP-9: change a ticket; a stale version changes nothing and keeps the input."""
    actor = _worker(request)
    current = _ticket_or_404(key)
    choices = _people_choices(
        current.cell, (current.assignee, current.reviewer, current.tentative_assignee)
    )
    form = ritual_forms.TicketEditForm(request.POST, people=choices)
    if not form.is_valid():
        return _ticket_page(request, current, status=422, edit_form=form)
    changes = form.changes(current)
    sent = form.cleaned_data["version"]
    try:
        if sent != current.version:
            raise Conflict(f"{key} changed meanwhile")
        if not changes:
            messages.info(request, f"Nothing to save: {key} already has these values.")
            return _back_to_ticket(key, "edit-heading")
        api.update_ticket(actor, key, changes, version=sent)
    except Conflict:
        current = _ticket_or_404(key)
        history = api.ticket_history(key)
        by = history[-1].actor if history else "someone"
        name = api.member_names(current.cell, {by}).get(by, by)
        data = request.POST.copy()
        data["version"] = str(current.version)
        form = ritual_forms.TicketEditForm(data, people=choices)
        conflict = (
            f"{key} was changed meanwhile by {name}, so your changes were not saved. "
            "They are kept in the form below; the ticket as it is now is shown above. "
            "Reload the page to start again from the current ticket, or check the fields "
            "and press Save changes to apply yours over it."
        )
        return _ticket_page(request, current, status=409, edit_form=form, conflict=conflict)
    except (InvalidInput, NotFound, RuleRefusal) as error:
        form.refuse(error)
        return _ticket_page(request, current, status=422, edit_form=form)
    messages.success(request, f"{key} is saved.")
    return _back_to_ticket(key, "edit-heading")


@login_required
@require_POST
def ticket_comment(request: HttpRequest, key: str) -> HttpResponse:
    """Add my comment to the ticket."""
    actor = _worker(request)
    current = _ticket_or_404(key)
    form = ritual_forms.CommentForm(request.POST)
    if form.is_valid():
        try:
            api.add_comment(actor, key, form.cleaned_data["text"])
        except (InvalidInput, NotFound, RuleRefusal) as error:
            ritual_forms.refuse_on(form, error)
    if form.errors:
        return _ticket_page(request, current, status=422, comment_form=form)
    messages.success(request, f"Your comment is on {key}.")
    return _back_to_ticket(key, "comments-heading")


@login_required
@require_POST
def ticket_worklog(request: HttpRequest, key: str) -> HttpResponse:
    """Log time on the ticket: mine, or anyone's for those who may log for others (SP-14 cap)."""
    actor = _worker(request)
    current = _ticket_or_404(key)
    form = ritual_forms.WorklogForm(request.POST, people=_worklog_people(request, current.cell))
    if form.is_valid():
        data = form.cleaned_data
        member = data.get("member") or actor.username
        try:
            extensions.billing().log_work(
                actor,
                ticket=key,
                member=member,
                day=data["date"],
                hours=data["hours"],
                note=data["note"],
            )
        except (InvalidInput, NotFound, RuleRefusal) as error:
            ritual_forms.refuse_on(form, error)
    if form.errors:
        return _ticket_page(request, current, status=422, worklog_form=form)
    whose = "" if member == actor.username else f" for {member}"
    messages.success(
        request, f"Logged {data['hours']} h on {key}{whose} on {format_day(data['date'])}."
    )
    # No fragment: a page opened at one skips autofocus, and focus is what brings the offer
    # into view (and lets Enter take it).
    return redirect(f"{reverse('sprints:ticket', args=[key])}?logged={data['hours']}")


@login_required
@require_POST
def ticket_remaining(request: HttpRequest, key: str) -> HttpResponse:
    """Issue #14 item 15: set the remaining hours offered after logging time."""
    actor = _worker(request)
    current = _ticket_or_404(key)
    form = ritual_forms.RemainingForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["version"] != current.version:
                raise Conflict(f"{key} changed meanwhile")
            api.update_ticket(
                actor,
                key,
                {"remaining_hours": form.cleaned_data["remaining_hours"]},
                version=form.cleaned_data["version"],
            )
        except Conflict:
            data = request.POST.copy()
            data["version"] = str(_ticket_or_404(key).version)
            form = ritual_forms.RemainingForm(data)
            form.is_valid()
            form.add_error(
                None,
                f"{key} was changed meanwhile, so the remaining hours were not saved; "
                "check the ticket above and send them again.",
            )
        except (InvalidInput, NotFound, RuleRefusal) as error:
            ritual_forms.refuse_on(form, error)
    if form.errors:
        return _ticket_page(request, _ticket_or_404(key), status=422, remaining_form=form)
    hours = rules.hours_in_words(form.cleaned_data["remaining_hours"])
    messages.success(request, f"{key} has {hours} h remaining.")
    return _back_to_ticket(key, "worklogs-heading")


def _new_ticket_form(cell: str, number: int, data=None) -> ritual_forms.NewTicketForm:
    return ritual_forms.NewTicketForm(
        data,
        people=_people_choices(cell),
        epics=[(e.key, f"{e.key} {e.title}") for e in org_api.list_epics(show_money=False)],
        accounts=[a.name for a in org_api.list_accounts(show_money=False)],
        number=number,
    )


@login_required
def ticket_new(request: HttpRequest, cell: str, number: int) -> HttpResponse:
    """A new ticket in this sprint or its stretch goals; SP-8 after the cut-off."""
    actor = _worker(request)
    record = _record(cell, number)
    form = _new_ticket_form(cell, number, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                created = api.create_ticket(actor, cell=cell, sprint=number, **form.values())
            except (InvalidInput, NotFound, RuleRefusal) as error:
                form.refuse(error)
            else:
                where = (
                    f"at the top of sprint {number}'s stretch goals"
                    if created.stretch
                    else f"in sprint {number}"
                )
                waits = (
                    f" It replaces {created.replaces} and waits for the sprint planning "
                    "manager's confirmation (SP-8)."
                    if created.awaiting_confirmation
                    else ""
                )
                messages.success(request, f"{created.key} is created {where}.{waits}")
                return redirect("sprints:ticket", key=created.key)
        status = 422
    context = {
        **_base(request, record, "ticket_new", "New ticket"),
        "form": form,
        "cutoff": api.insertion_cutoff(cell, number),
    }
    return render(request, NEW_TICKET, context, status=status)
