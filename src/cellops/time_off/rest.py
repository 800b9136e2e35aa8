"""JSON door of time off (API.md § Time off): parse, call api, render."""

import csv
import io
from dataclasses import asdict
from datetime import date
from decimal import Decimal
from typing import Literal

from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status
from ninja.security import APIKeyQuery

from cellops.kernel.violations import InvalidInput
from cellops.org import api as org_api
from cellops.time_off import api
from cellops.time_off.data import CoverageEntry, Kind
from cellops.web.auth import BearerToken, Session
from cellops.web.problems import problem
from cellops.web.schemas import Day, Name, Text, Username

router = Router(tags=["time off"])
#: Endpoints beside `/time-off` rather than under it (`/time-off.csv`), mounted at the root.
exports_router = Router(tags=["time off"])

KindName = Literal["off", "reduced", "scoped", "sick"]
Duty = Text(200, 1)
Scope = Text(200)


class FeedKey(APIKeyQuery):
    """`?key=<secret>` from a personal feed link, for calendar apps that cannot send headers."""

    param_name = "key"

    def authenticate(self, request: HttpRequest, key: str | None):
        username = api.user_for_feed_secret(key) if key else None
        if username is None:
            return None
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is not None:
            request.user = user
        return user


class CoverageIn(Schema):
    duty: Duty
    covered_by: Username


class TimeOffIn(Schema):
    member: Username
    kind: KindName
    start: Day
    end: Day
    hours_per_day: Decimal | None = Field(None, ge=-100, le=100, max_digits=5, decimal_places=2)
    scope: Scope | None = None
    coverage: list[CoverageIn] | None = Field(None, max_length=100)
    dry_run: bool = False


class EventOut(Schema):
    title: str
    start: date
    end: date


class BookingOut(Schema):
    id: int | None
    status: str
    working_days: int
    overlap_days: list[date]
    calendar_events: list[EventOut]
    deadline: date | None


class CoverageOut(Schema):
    duty: str
    covered_by: str


class TimeOffOut(Schema):
    id: int
    member: str
    name: str
    cell: str
    kind: str
    start: date
    end: date
    hours_per_day: float | None
    scope: str
    status: str
    working_days: int
    overlap_days: list[date]
    requested_by: str
    source: str
    coverage: list[CoverageOut]


class TimeOffPage(Schema):
    items: list[TimeOffOut]
    count: int


class ListQuery(Schema):
    cell: Name | None = None
    member: Username | None = None
    start: Day | None = None
    end: Day | None = None


def _coverage(items: list[CoverageIn] | None) -> list[CoverageEntry] | None:
    return None if items is None else [CoverageEntry(c.duty, c.covered_by) for c in items]


@router.post(
    "",
    response={201: BookingOut, 200: BookingOut},
    summary="Book time off (TO-1 … TO-4; TO-6 with coverage); dry_run only checks",
)
def book(request, payload: TimeOffIn):
    result = api.book(
        org_api.actor_for(request.user),
        member=payload.member,
        kind=Kind(payload.kind),
        start=payload.start,
        end=payload.end,
        hours_per_day=payload.hours_per_day,
        scope=payload.scope,
        coverage=_coverage(payload.coverage),
        dry_run=payload.dry_run,
    )
    return Status(200 if payload.dry_run else 201, asdict(result))


@router.get("", response=TimeOffPage, summary="Time off, by cell, member and dates")
def list_time_off(request, query: Query[ListQuery]):
    api.require_viewer(org_api.actor_for(request.user))
    items = api.shown_to(
        org_api.actor_for(request.user),
        api.list_time_off(cell=query.cell, member=query.member, start=query.start, end=query.end),
    )
    return {"items": [asdict(i) for i in items], "count": len(items)}


@router.get(
    "/calendar.ics",
    auth=[BearerToken(), Session(), FeedKey()],
    summary="iCalendar feed of the organisation's, a cell's or a member's time off (TO-5)",
    openapi_extra={
        "responses": {200: {"description": "text/calendar", "content": {"text/calendar": {}}}}
    },
)
def calendar(request, cell: Name | None = None, member: Username | None = None):
    api.require_viewer(org_api.actor_for(request.user))
    body = api.feed(
        cell=cell,
        member=member,
        base_url=request.build_absolute_uri("/").rstrip("/"),
        viewer=org_api.actor_for(request.user),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="time-off.ics"'
    # A feed may be fetched with a secret key in its address: never keep a copy.
    response["Cache-Control"] = "no-store"
    return response


class ExportQuery(Schema):
    cell: Name
    start: Day | None = Field(None, alias="from", description="first day (default: all)")
    end: Day | None = Field(None, alias="to", description="last day (default: no end)")


@exports_router.get(
    "/time-off.csv",
    summary="A cell's time off overlapping a range as CSV, the requests of the calendar page",
    openapi_extra={"responses": {200: {"description": "text/csv", "content": {"text/csv": {}}}}},
)
def export_time_off_csv(request, query: Query[ExportQuery]):
    actor = org_api.actor_for(request.user)
    api.require_viewer(actor)
    if query.cell not in {c.name for c in org_api.list_cells()}:
        raise InvalidInput("cell", f"no cell is called {query.cell!r}")
    # The calendar page's requests: cancelled ones included, sick leave as `actor` may see it.
    items = api.shown_to(
        actor,
        api.list_time_off(
            cell=query.cell, start=query.start, end=query.end, include_cancelled=True
        ),
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [
            "id",
            "member",
            "name",
            "cell",
            "kind",
            "start",
            "end",
            "hours_per_day",
            "scope",
            "working_days",
            "status",
        ]
    )
    for i in items:
        hours = "" if i.hours_per_day is None else float(i.hours_per_day)
        writer.writerow(
            [
                i.id,
                i.member,
                i.name,
                i.cell,
                i.kind.value,
                i.start,
                i.end,
                hours,
                i.scope,
                i.working_days,
                i.status.value,
            ]
        )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="time-off-{query.cell}.csv"'
    return response


class ImportLineOut(Schema):
    title: str
    start: date | None
    end: date | None
    member: str | None
    reason: str | None


class ImportOut(Schema):
    imported: list[ImportLineOut]
    skipped: list[ImportLineOut]


@router.post(
    "/import",
    response=ImportOut,
    summary="Import a shared calendar's export: '<Name>: off' / '<Name>: available <N>h' (TO-5)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"text/calendar": {"schema": {"type": "string"}}},
        },
        "responses": {
            413: {"description": "Larger than the import limit (10 MiB): problem+json naming it"}
        },
    },
)
def import_calendar(request):
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0) or None
    except ValueError:
        declared = None
    try:
        data = api.read_upload(request.read, declared)
    except api.UploadTooLarge as exc:
        return problem(
            413,
            f"{exc.field}: {exc.message}",
            errors=[{"field": exc.field, "message": exc.message}],
        )
    report = api.import_calendar(org_api.actor_for(request.user), data)
    return api.import_report_dict(report)


@router.get("/{request_id}", response=TimeOffOut, summary="One time-off request")
def get_time_off(request, request_id: int):
    api.require_viewer(org_api.actor_for(request.user))
    return asdict(
        api.shown(org_api.actor_for(request.user), api.get_time_off(request_id, field="request_id"))
    )


class AnnounceIn(Schema):
    coverage: list[CoverageIn] = Field([], max_length=100)


@router.post(
    "/{request_id}/announce",
    response=TimeOffOut,
    summary="Announce with coverage: the request becomes confirmed (TO-6)",
)
def announce(request, request_id: int, payload: AnnounceIn):
    actor = org_api.actor_for(request.user)
    announced = api.announce(actor, request_id, _coverage(payload.coverage), field="request_id")
    return asdict(api.shown(org_api.actor_for(request.user), announced))


@router.post("/{request_id}/cancel", response=TimeOffOut, summary="Cancel (kept in history)")
def cancel(request, request_id: int):
    actor = org_api.actor_for(request.user)
    return asdict(
        api.shown(
            org_api.actor_for(request.user), api.cancel(actor, request_id, field="request_id")
        )
    )
