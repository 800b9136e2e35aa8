"""Pages of time off (TO-1 … TO-6): book, a request and its announcement, the cell's calendar.

Each view parses a form, calls `time_off.api`, renders. The booking page
works without JavaScript (the form posts; "Check the days without booking" shows the panel
without booking); with htmx every change asks `check` for the live panel
alone: the working days, the TO-3 deadline, every refusal and the cell's
weeks (TO-4), all computed by `api.book(..., dry_run=True)` and
`api.day_loads`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cellops.kernel.violations import InvalidInput, NotFound, RuleRefusal, Violation
from cellops.org import api as org_api
from cellops.org.data import Actor, Member
from cellops.time_off import api
from cellops.time_off.data import Kind, Status, TimeOff
from cellops.time_off.forms import AnnounceForm, BookingForm, CellChoiceForm
from cellops.web.forms import sentence

BOOK_TEMPLATE = "time_off/book.html"
DETAIL_TEMPLATE = "time_off/detail.html"
CALENDAR_TEMPLATE = "time_off/calendar.html"
#: The booking panel shows at most this many weeks of the cell's calendar.
PANEL_WEEKS = 6
#: The cell calendar page shows this many weeks from the current one.
CALENDAR_WEEKS = 6
#: … in tables of this many weeks each.
CALENDAR_BLOCK_WEEKS = 2
FEED_PATH = "/api/v1/time-off/calendar.ics"


def _day(day: date) -> str:
    """A date as the pages write it, e.g. 'Thu 12 Mar 2026'."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def _viewer_zone(me: Member | None) -> ZoneInfo:
    try:
        return ZoneInfo(me.timezone) if me and me.timezone else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


# --- the booking page ----------------------------------------------------


@dataclass
class DayCell:
    day: date
    away: int
    cap: int
    overlap: bool
    in_request: bool
    names: list[str] = field(default_factory=list)

    @property
    def used(self) -> bool:
        """An overlap day this request would use (TO-4)."""
        return self.in_request and self.overlap


def _instead(parsed: dict, start: date, end: date, text: str) -> dict:
    """A "use these dates instead" link that fills the form with the same request on other days."""
    query = {
        "member": parsed["member"],
        "kind": parsed["kind"].value,
        "start": start.isoformat(),
        "end": end.isoformat(),
    }
    if parsed.get("hours_per_day") is not None:
        query["hours_per_day"] = str(parsed["hours_per_day"])
    if parsed.get("scope"):
        query["scope"] = parsed["scope"]
    span = _day(start) if start == end else f"{_day(start)} to {_day(end)}"
    return {
        "text": text.format(span=span),
        "link": f"{reverse('time_off:book')}?{urlencode(query)}",
        "link_text": f"Use {span} instead",
    }


def _accepted(viewer: Actor, parsed: dict, start: date, end: date) -> bool:
    """Would the same request on these days be booked now (a dry run)?"""
    try:
        api.book(viewer, **{**parsed, "start": start, "end": end}, dry_run=True)
    except (RuleRefusal, InvalidInput, NotFound, PermissionDenied):
        return False
    return True


def _suggestion(violation: Violation, parsed: dict, viewer: Actor | None = None) -> dict | None:
    """What would be accepted instead, as words and a link that fills the form."""
    extra = violation.extra
    if violation.rule == "TO-2" and extra.get("request"):
        return {
            "text": "",
            "link": reverse("time_off:detail", kwargs={"request_id": extra["request"]}),
            "link_text": f"Change or cancel request {extra['request']}",
        }
    if violation.rule == "TO-3" and extra.get("earliest_start"):
        start = date.fromisoformat(extra["earliest_start"])
        end = date.fromisoformat(extra.get("earliest_end", extra["earliest_start"]))
        return _instead(parsed, start, end, "The earliest accepted now: {span}.")
    if violation.rule == "TO-4" and extra.get("fits_start"):
        start = date.fromisoformat(extra["fits_start"])
        end = date.fromisoformat(extra["fits_end"])
        if viewer is not None and _accepted(viewer, parsed, start, end):
            return _instead(parsed, start, end, "These days would be accepted: {span}.")
    return None


def _weeks(parsed: dict, person: Member, viewer: Actor) -> tuple[list[dict], list[int], bool]:
    """The cell's weeks around the request: per working day, away against the cap (TO-4)."""
    start, end = parsed["start"], max(parsed["start"], parsed["end"])
    first = _monday(start)
    last = _monday(end) + timedelta(days=6)
    truncated = (last - first).days + 1 > PANEL_WEEKS * 7
    if truncated:
        last = first + timedelta(days=PANEL_WEEKS * 7 - 1)
    loads = {load.day: load for load in api.day_loads(person.username, parsed["kind"], first, last)}
    names = api.away_by_day(viewer, person, first, last)
    columns = sorted(set(person.working_days))
    weeks = []
    monday = first
    while monday <= last:
        cells = []
        for weekday in columns:
            day = monday + timedelta(days=weekday)
            load = loads.get(day)
            if load is None:
                cells.append(None)
                continue
            cells.append(
                DayCell(
                    day,
                    load.away,
                    load.cap,
                    load.overlap,
                    parsed["start"] <= day <= parsed["end"],
                    names.get(day, []),
                )
            )
        weeks.append({"monday": monday, "cells": cells})
        monday += timedelta(days=7)
    return weeks, columns, truncated


def _panel(parsed: dict | None, viewer: Actor, zone: ZoneInfo) -> dict | None:
    """Everything the live panel shows, from a dry run and the cell's day loads."""
    if parsed is None:
        return None
    panel: dict[str, Any] = {"parsed": parsed, "problem": "", "violations": []}
    try:
        person = org_api.get_member(parsed["member"])
        notice = api.notice(parsed["member"], parsed["kind"], parsed["start"], parsed["end"])
    except (InvalidInput, NotFound) as exc:
        panel["problem"] = sentence(exc.message)
        return panel
    panel["person"] = person
    panel["notice"] = notice
    panel["notice_rule"] = api.notice_rule(notice.working_days)
    if notice.due is not None:
        local = notice.due.astimezone(zone)
        if local.utcoffset() != notice.due.utcoffset():
            panel["due_local"] = f"{local:%a} {local.day} {local:%b %H:%M} {zone.key} time"
    try:
        panel["result"] = api.book(viewer, **parsed, dry_run=True)
    except PermissionDenied as exc:
        panel["problem"] = str(exc)
        return panel
    except RuleRefusal as refusal:
        panel["result"] = None
        panel["violations"] = [
            {"rule": v.rule, "message": v.message, "suggestion": _suggestion(v, parsed, viewer)}
            for v in refusal.violations
        ]
    except (InvalidInput, NotFound) as exc:
        panel["problem"] = sentence(exc.message)
        return panel
    weeks, columns, truncated = _weeks(parsed, person, viewer)
    cells = [c for w in weeks for c in w["cells"] if c is not None]
    panel["weeks"] = weeks
    panel["columns"] = [("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[d] for d in columns]
    panel["truncated"] = truncated
    panel["cap"] = cells[0].cap if cells else api.cap_of(person.cell)
    panel["used"] = [c for c in cells if c.used]
    panel["working_days"] = notice.working_days
    return panel


def _booking_form(request: HttpRequest, data: QueryDict | None = None, **kwargs) -> BookingForm:
    actor = org_api.actor_for(request.user)
    me = org_api.member_for(actor)
    choose = api.can_book_for_others(actor)
    members = api.bookable_members(actor) if choose else []
    return BookingForm(
        data,
        members=members,
        me=me.username if me else None,
        choose_member=choose,
        **kwargs,
    )


def _book_context(request: HttpRequest, form: BookingForm, panel: dict | None, **more) -> dict:
    me = org_api.member_for(org_api.actor_for(request.user))
    return {
        "page_title": "Book time off",
        "form": form,
        "panel": panel,
        "me": me,
        "no_member": me is None and not form.choose_member,
        "show_errors": False,
        **more,
    }


def _parse(request: HttpRequest, data: QueryDict) -> tuple[BookingForm, dict | None]:
    form = _booking_form(request, data)
    form.is_valid()
    return form, form.parsed()


@login_required
def book(request: HttpRequest) -> HttpResponse:
    """TO-1 … TO-4: the booking form, its live panel, and booking for real."""
    actor = org_api.actor_for(request.user)
    api.require_viewer(actor)
    zone = _viewer_zone(org_api.member_for(actor))
    if request.method != "POST":
        typed = {k: v for k, v in request.GET.items() if k in BookingForm.base_fields}
        panel = None
        if typed:
            _, parsed = _parse(request, request.GET)
            panel = _panel(parsed, actor, zone)
        form = _booking_form(request, initial={"kind": Kind.OFF.value, **typed})
        return render(request, BOOK_TEMPLATE, _book_context(request, form, panel))
    form, parsed = _parse(request, request.POST)
    checking = request.POST.get("action") == "check"
    if form.member_username is None and not form.choose_member:
        form.add_error(None, "Only members book time off: ask an administrator to add you.")
    elif form.is_valid() and parsed and not checking:
        with form.refusals():  # the use case decides who may (org.policy)
            result = api.book(actor, **parsed, source="web")
            messages.success(
                request,
                f"Booked: {result.working_days} working day"
                f"{'' if result.working_days == 1 else 's'}. It stays pending until you "
                "announce it with who covers you (TO-6).",
            )
            return redirect("time_off:detail", request_id=result.id)
    panel = _panel(parsed, actor, zone)
    context = _book_context(request, form, panel, show_errors=bool(form.errors))
    return render(request, BOOK_TEMPLATE, context)


@login_required
def check(request: HttpRequest) -> HttpResponse:
    """The live panel alone, for htmx: what booking these dates would do."""
    actor = org_api.actor_for(request.user)
    api.require_viewer(actor)
    zone = _viewer_zone(org_api.member_for(actor))
    _, parsed = _parse(request, request.GET)
    panel = _panel(parsed, actor, zone)
    return render(request, f"{BOOK_TEMPLATE}#panel", {"panel": panel})


# --- a request and its announcement (TO-6) ---------------------------------


def _get(request_id: int) -> TimeOff:
    try:
        return api.get_time_off(request_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _announce_form(item: TimeOff, data: QueryDict | None = None) -> AnnounceForm:
    return AnnounceForm(
        data,
        duties=api.duties_of(item.member, item.start, item.end),
        members=org_api.list_members(active_only=True)[0],
        member=item.member,
        chosen={c.duty: c.covered_by for c in item.coverage},
    )


def _may_act(request: HttpRequest, item: TimeOff) -> bool:
    return api.may_book_for(org_api.actor_for(request.user), item.member, item.cell)


def _render_detail(request: HttpRequest, item: TimeOff, form: AnnounceForm) -> HttpResponse:
    people = {m.username: m for m in org_api.list_members()[0]}
    labels = {d.key: d.label for d in form.duties}
    coverage = [
        {
            "duty": labels.get(c.duty, c.duty),
            "who": people[c.covered_by].full_name if c.covered_by in people else c.covered_by,
        }
        for c in item.coverage
    ]
    person = people.get(item.member)
    actor = org_api.actor_for(request.user)
    return render(
        request,
        DETAIL_TEMPLATE,
        {
            "page_title": f"Time off of {person.full_name if person else item.member}",
            "item": api.shown(actor, item),
            "person": person,
            "events": api.events_of(item),
            "form": form,
            "coverage": coverage,
            "may_act": _may_act(request, item),
            "cancelled": item.status is Status.CANCELLED,
            "confirmed": item.status is Status.CONFIRMED,
            "zone": _viewer_zone(org_api.member_for(actor)),
        },
    )


@login_required
def detail(request: HttpRequest, request_id: int) -> HttpResponse:
    """One request: dates, kind, status, its calendar titles, the announcement form."""
    api.require_viewer(org_api.actor_for(request.user))
    item = _get(request_id)
    return _render_detail(request, item, _announce_form(item))


@login_required
@require_POST
def announce(request: HttpRequest, request_id: int) -> HttpResponse:
    """TO-6: announce with who covers each duty; the request becomes confirmed."""
    item = _get(request_id)
    actor = org_api.actor_for(request.user)  # the use case decides who may (org.policy)
    form = _announce_form(item, request.POST)
    if form.is_valid():
        with form.refusals():
            api.announce(actor, request_id, form.coverage())
            messages.success(request, "Announced: the time off is confirmed (TO-6).")
            return redirect("time_off:detail", request_id=request_id)
    return _render_detail(request, item, form)


@login_required
@require_POST
def cancel(request: HttpRequest, request_id: int) -> HttpResponse:
    """Cancel a request: it stays in the history and its days count no more (TO-4)."""
    _get(request_id)
    api.cancel(org_api.actor_for(request.user), request_id)
    messages.success(
        request, "Cancelled. It stays in the history; its days no longer count against the cap."
    )
    return redirect("time_off:detail", request_id=request_id)


# --- the cell's calendar (TO-5) ---------------------------------------------


def _calendar_grid(cell: str, members: list[Member], today: date) -> dict:
    """The next weeks as rows of members and columns of working days, with TO-5 titles.

    Split in tables of two weeks each, so every day fits on the screen.
    """
    first = _monday(today)
    last = first + timedelta(days=CALENDAR_WEEKS * 7 - 1)
    weekdays = sorted({d for m in members for d in m.working_days}) or [0, 1, 2, 3, 4]
    titles: dict[tuple[str, date], list[dict]] = {}
    for item in api.list_time_off(cell=cell, start=first, end=last):
        for event in api.events_of(item):
            shown = {"title": event.title, "id": item.id, "pending": item.status is Status.PENDING}
            day = max(event.start, first)
            while day <= min(event.end, last):
                titles.setdefault((item.member, day), []).append(shown)
                day += timedelta(days=1)
    cap = api.cap_of(cell)
    blocks = []
    for block_start in range(0, CALENDAR_WEEKS, CALENDAR_BLOCK_WEEKS):
        start = first + timedelta(weeks=block_start)
        end = start + timedelta(days=CALENDAR_BLOCK_WEEKS * 7 - 1)
        days = [
            start + timedelta(days=n)
            for n in range((end - start).days + 1)
            if (start + timedelta(days=n)).weekday() in weekdays
        ]
        away = dict.fromkeys(days, 0)
        rows = []
        for member in members:
            cells = []
            for day in days:
                working = day.weekday() in member.working_days
                here = titles.get((member.username, day), []) if working else []
                away[day] += bool(here)
                cells.append({"day": day, "working": working, "titles": here})
            rows.append({"member": member, "cells": cells})
        totals = [
            {"day": d, "away": away[d], "at_cap": cap > 0 and away[d] == cap, "over": away[d] > cap}
            for d in days
        ]
        blocks.append({"start": start, "end": end, "days": days, "rows": rows, "totals": totals})
    return {"first": first, "last": last, "weeks": CALENDAR_WEEKS, "blocks": blocks, "cap": cap}


def _calendar_page(request: HttpRequest, secret: str | None = None) -> HttpResponse:
    actor = org_api.actor_for(request.user)
    api.require_viewer(actor)
    cells = [c.name for c in org_api.list_cells()]
    me = org_api.member_for(actor)
    name = request.POST.get("cell") or request.GET.get("cell")
    if not name:
        name = me.cell if me else (cells[0] if cells else None)
    if name is None:
        return render(
            request,
            CALENDAR_TEMPLATE,
            {"page_title": "Cell calendar", "cell": None, "cells": cells},
        )
    if name not in cells:
        raise Http404(f"no cell is called {name!r}")
    members = org_api.list_members(cell=name)[0]
    active = [m for m in members if m.status.value in org_api.ACTIVE_STATUS_VALUES]
    people = {m.username: m.full_name for m in members}
    today = date.today()
    grid = _calendar_grid(name, active, today)
    listed = api.list_time_off(cell=name, start=grid["first"], include_cancelled=True)
    requests = [
        {"item": item, "who": people.get(item.member, item.name)}
        for item in api.shown_to(actor, listed)
    ]
    cells_of = {m.username: m.cell for m in members}
    refused = api.refusals_shown_to(actor, api.refusals(cell=name, limit=20), cells_of)
    refused_rows = [{"name": people.get(r.member, r.member), "refusal": r} for r in refused]
    feed = request.build_absolute_uri(FEED_PATH) + "?" + urlencode({"cell": name})
    context = {
        "page_title": f"Time off calendar of {name}",
        "cell": name,
        "cells": cells,
        "cell_form": CellChoiceForm({"cell": name}, cells=cells),
        "grid": grid,
        "requests": requests,
        "refused": refused_rows,
        "feed_url": feed,
        "personal_url": f"{feed}&{urlencode({'key': secret})}" if secret else None,
        "has_secret": api.has_feed_secret(actor),
        "zone": _viewer_zone(me),
    }
    response = render(request, CALENDAR_TEMPLATE, context)
    if secret:
        response["Cache-Control"] = "no-store"
    return response


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    """The cell's next weeks, its requests, refused requests, and the subscribe links."""
    return _calendar_page(request)


@login_required
@require_POST
def feed_link(request: HttpRequest) -> HttpResponse:
    """Make my personal feed link; its secret is shown once, on this answer only."""
    secret = api.new_feed_secret(org_api.actor_for(request.user))
    return _calendar_page(request, secret=secret)


@login_required
@require_POST
def revoke_feed_link(request: HttpRequest) -> HttpResponse:
    api.revoke_feed_secret(org_api.actor_for(request.user))
    messages.success(request, "Your personal feed link is revoked: it no longer works.")
    url = reverse("time_off:calendar")
    cell = request.POST.get("cell")
    return redirect(f"{url}?{urlencode({'cell': cell})}" if cell else url)
