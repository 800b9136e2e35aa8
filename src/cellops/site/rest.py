"""JSON door of the core app: who am I, and the audit log as CSV."""

from __future__ import annotations

import csv
import io
import json

from django.http import HttpResponse
from ninja import Field, Query, Router, Schema

from cellops.org import api as org_api
from cellops.web.schemas import Text

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
    type: Text(100) | None = Field(None, description="object type, as the audit page's filter")


@router.get(
    "/audit.csv",
    tags=["audit"],
    summary="The audit log as CSV, filtered as the audit page (administrators)",
    openapi_extra={"responses": {200: {"description": "text/csv", "content": {"text/csv": {}}}}},
)
def export_audit_csv(request, query: Query[AuditQuery]):
    entries = org_api.audit_log_seen_by(org_api.actor_for(request.user), query.type or None)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["at", "actor", "action", "object_type", "object_id", "changes"])
    # The page's entries: the same filter and the same most recent writes, newest first.
    for e in entries:
        changes = json.dumps(e.changes, sort_keys=True, default=str)
        writer.writerow([e.at.isoformat(), e.actor, e.action, e.object_type, e.object_id, changes])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    return response
