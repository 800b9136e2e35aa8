"""Makes every error under /api/ a problem+json answer, whoever produced it.

django-ninja handles errors raised inside endpoints; this catches the rest:
Django's own 404 for an unknown path, 405 from a wrong method, CSRF 403s and
unexpected exceptions (a 500 that never shows a traceback to a client).
"""

from __future__ import annotations

import json
import logging
from http import HTTPStatus

from django.http import HttpRequest, HttpResponse

from cellops.web.problems import PROBLEM_JSON, problem

logger = logging.getLogger(__name__)
API_PREFIX = "/api/"


class ProblemJsonMiddleware:
    def __init__(self, get_response):
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
        if not request.path.startswith(API_PREFIX):
            return None
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
    if status == 403:
        return "Forbidden: you are not allowed to do this (or the CSRF check failed)."
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
