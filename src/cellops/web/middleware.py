"""Makes every error under /api/ a problem+json answer, whoever produced it.

django-ninja handles errors raised inside endpoints; this catches the rest:
Django's own 404 for an unknown path, 405 from a wrong method, CSRF 403s and
a body over the size limits (413, README § Limits) and unexpected exceptions
(a 500 that never shows a traceback to a client).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from http import HTTPStatus

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cellops.web import limits
from cellops.web.problems import PROBLEM_JSON, invalid, problem

logger = logging.getLogger(__name__)
API_PREFIX = "/api/"


class ProblemJsonMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX) or response.status_code < 400:
            return response
        content_type = response.get("Content-Type", "")
        if content_type.startswith(PROBLEM_JSON):
            return response
        detail = _detail_of(response, content_type)
        converted = problem(response.status_code, detail)
        for header in ("Allow", "WWW-Authenticate", "Retry-After"):
            if header in response:
                converted[header] = response[header]
        return converted

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not request.path.startswith(API_PREFIX) or database_down(exception):
            return None  # DatabaseUnavailableMiddleware answers 503
        if isinstance(exception, limits.TOO_LARGE):
            # Read by django-ninja inside the endpoint: the client sent too much (413).
            return invalid("body", limits.reason(exception), status=413)
        if isinstance(exception, SuspiciousOperation):
            return problem(400, f"Bad request: {exception}")
        logger.exception("Unhandled error on %s %s", request.method, request.path)
        return problem(500, "Something went wrong on our side; nothing was changed.")


def _detail_of(response: HttpResponse, content_type: str) -> str:
    status = response.status_code
    if content_type.startswith("application/json") and not getattr(response, "streaming", False):
        try:
            body = json.loads(response.content)
        except ValueError:
            body = None
        if isinstance(body, dict) and isinstance(body.get("detail"), str):
            return body["detail"]
    if status == 404:
        return "No such endpoint or object. The API lives under /api/v1/ (see /api/v1/docs)."
    if status == 405:
        allowed = response.get("Allow", "")
        return f"This endpoint does not accept that method. Allowed: {allowed}."
    if status == 413:
        return f"body: {limits.reason(RequestDataTooBig())}"
    if status == 403:
        return "Forbidden: you are not allowed to do this (or the CSRF check failed)."
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


class RefuseNulMiddleware:
    """Refuses a NUL character in the path or the query before any view runs.

    PostgreSQL cannot store or even compare a string holding NUL, so one in a
    path parameter (`/api/v1/cells/a%00b`) or a query value reached the
    database as a 500. No object's name holds NUL, so nothing is lost: the API
    answers 422 naming the parameter, pages a 400 page saying what to remove.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[object, ...],
        view_kwargs: dict[str, object],
    ) -> HttpResponse | None:
        field = next((k for k, v in view_kwargs.items() if isinstance(v, str) and NUL in v), None)
        if field is None:
            field = next((k for k, vs in request.GET.lists() if any(NUL in v for v in vs)), None)
        if field is None and any(NUL in k for k in request.GET):
            field = "query"
        if field is None:
            return None
        message = "must not contain NUL characters"
        if request.path.startswith(API_PREFIX):
            return invalid(field, message)
        context = {
            "page_title": "Bad request",
            "status": 400,
            "message": f"This address is not valid: {field} {message}. Remove it and try again.",
        }
        return render(request, "core/error.html", context, status=400)


NUL = "\x00"


# --- the database is unavailable (issue #13) --------------------------------------


RETRY_AFTER_SECONDS = 5
UNAVAILABLE = (
    "The database is unavailable for a moment; nothing was changed. Try again in a few seconds."
)


def database_down(exception: BaseException) -> bool:
    """Whether `exception` says the database cannot be reached (not a bad query)."""
    from django.db import InterfaceError, OperationalError

    return isinstance(exception, (OperationalError, InterfaceError))


class DatabaseUnavailableMiddleware:
    """A database that stops answering (restarted, failed over, unreachable) gives a clean
    503 with `Retry-After`, never a 500: problem+json under /api/, a friendly page
    elsewhere (rendered without the database). A write in flight is rolled back by its
    transaction; Django drops the broken connection at the end of the request, so the
    next request connects afresh and the app recovers by itself.

    First in MIDDLEWARE: it also covers the session and login middlewares' queries."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            return self.get_response(request)
        except Exception as exc:
            if database_down(exc):
                return self._unavailable(request, exc)
            raise

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return self._unavailable(request, exception) if database_down(exception) else None

    def _unavailable(self, request: HttpRequest, exception: BaseException) -> HttpResponse:
        from django.db import connections
        from django.template.loader import render_to_string

        logger.warning("database unavailable on %s %s: %s", request.method, request.path, exception)
        for connection in connections.all(initialized_only=True):
            connection.close_if_unusable_or_obsolete()
        if request.path.startswith(API_PREFIX):
            response = problem(503, UNAVAILABLE)
        else:
            html = render_to_string("core/unavailable.html", {"message": UNAVAILABLE})
            response = HttpResponse(html, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
