"""JSON door of the core app: who am I, and the audit log as CSV."""

from __future__ import annotations

import csv
import io
import json

from django.http import HttpResponse
from ninja import Field, Query, Router, Schema

from cellops.kernel.violations import InvalidInput
from cellops.org import api as org_api
from cellops.platform.data import AuditFilter
from cellops.web.schemas import Day, Text, Username

router = Router(tags=["identity"])


class MeOut(Schema):
    username: str
    is_admin: bool
    roles: list[str]
    cell: str | None


@router.get("/me", response=MeOut, summary="The authenticated person and the roles they hold today")
def me(request):
    actor = org_api.actor_for(request.user)
    return MeOut(
        username=actor.username,
        is_admin=actor.is_admin,
        roles=sorted(r.value for r in actor.roles),
        cell=actor.cell,
    )


class AuditQuery(Schema):
    person: Username | None = Field(None, description="who wrote, as the audit page's filter")
    type: Text(100) | None = Field(None, description="object type, as the audit page's filter")
    object: Text(200) | None = Field(None, description="object key or number, as the page's")
    start: Day | None = Field(None, alias="from", description="first day (default: all)")
    end: Day | None = Field(None, alias="to", description="last day (default: no end)")


#: The most rows one export holds; a longer history is exported a date range at a time.
AUDIT_CSV_LIMIT = 10_000


@router.get(
    "/audit.csv",
    tags=["audit"],
    summary="The audit log as CSV, filtered as the audit page (administrators): every "
    "matching write, newest first, at most 10 000",
    openapi_extra={"responses": {200: {"description": "text/csv", "content": {"text/csv": {}}}}},
)
def export_audit_csv(request, query: Query[AuditQuery]):
    if query.start and query.end and query.end < query.start:
        raise InvalidInput("to", "give a day on or after the first one (from)")
    which = AuditFilter(
        actor=query.person or None,
        object_type=query.type or None,
        object_id=query.object or None,
        since=query.start,
        until=query.end,
    )
    actor = org_api.actor_for(request.user)
    entries = org_api.audit_log_seen_by(
        actor, limit=AUDIT_CSV_LIMIT, which=which, zone=org_api.zone_for(actor)
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["at", "actor", "action", "object_type", "object_id", "changes"])
    # The page's entries: the same filters, every page of them, newest first.
    for e in entries:
        changes = json.dumps(e.changes, sort_keys=True, default=str)
        writer.writerow([e.at.isoformat(), e.actor, e.action, e.object_type, e.object_id, changes])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    return response
