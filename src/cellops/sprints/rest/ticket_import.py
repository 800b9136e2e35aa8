"""Issue #15: a Jira backlog CSV imported into a cell, and a cell's tickets exported the same way.

Registered before `tickets`, so ``/tickets/import`` is not read as the ticket ``{key}``.
"""

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Schema

from cellops.kernel.violations import InvalidInput
from cellops.sprints import api
from cellops.sprints.data import TicketImport
from cellops.sprints.rest._common import _actor, router
from cellops.web.problems import problem
from cellops.web.schemas import Name, Text

_CHUNK = 1 << 16


class TicketImportQuery(Schema):
    cell: Name
    dry_run: bool = False
    skip_bad: bool = False
    account: Name | None = None
    status_map: list[Text(200, 1)] = Field([], max_length=100)


class BadRowOut(Schema):
    line: int
    column: str
    message: str


class TicketImportOut(Schema):
    imported: list[str]
    unchanged: list[str]
    bad: list[BadRowOut]
    bad_count: int
    dry_run: bool
    skipped_bad: bool


class TicketsCsvQuery(Schema):
    cell: Name


def _report(report: TicketImport) -> dict:
    return {
        "imported": list(report.imported),
        "unchanged": list(report.unchanged),
        "bad": [{"line": b.line, "column": b.column, "message": b.message} for b in report.bad],
        "bad_count": report.bad_count,
        "dry_run": report.dry_run,
        "skipped_bad": report.skipped_bad,
    }


def _too_large(limit: int) -> HttpResponse:
    message = f"the file is larger than the import limit of {limit // 1_000_000} MB"
    return problem(413, f"body: {message}", errors=[{"field": "body", "message": message}])


def _read(request: HttpRequest, limit: int) -> bytes | None:
    """The body read by pieces, or None past `limit` (a declared length over it first)."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        return None
    read: Callable[[int], bytes] = request.read
    chunks, size = [], 0
    while chunk := read(_CHUNK):
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


@router.post(
    "/tickets/import",
    response=TicketImportOut,
    summary="Import a Jira backlog CSV into a cell (SP-9 statuses mapped; dry run, skip bad)",
    openapi_extra={
        "requestBody": {"required": True, "content": {"text/csv": {"schema": {"type": "string"}}}},
        "responses": {413: {"description": "Larger than the import limit (20 MB)"}},
    },
)
def import_tickets(request, query: Query[TicketImportQuery]):
    data = _read(request, api.MAX_BACKLOG_BYTES)
    if data is None:
        return _too_large(api.MAX_BACKLOG_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput("body", "not UTF-8 text; export the CSV as UTF-8") from None
    report = api.import_tickets(
        _actor(request),
        query.cell,
        text,
        dry_run=query.dry_run,
        skip_bad=query.skip_bad,
        status_map=query.status_map,
        account=query.account,
    )
    return _report(report)


@router.get(
    "/tickets.csv",
    summary="A cell's tickets as a Jira backlog CSV, in the columns the import reads",
    openapi_extra={"responses": {200: {"description": "text/csv", "content": {"text/csv": {}}}}},
)
def export_tickets_csv(request, query: Query[TicketsCsvQuery]):
    body = api.tickets_csv(_actor(request), query.cell)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", query.cell).strip("-") or "cell"
    response["Content-Disposition"] = f'attachment; filename="{name}-tickets.csv"'
    return response
