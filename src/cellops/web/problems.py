"""problem+json responses (RFC 9457), the one error shape of the JSON API.

A refusal by handbook rules is 422 with `violations` listing every rule that
failed; malformed input is 422 with a `detail` naming the field; unknown
objects in the path are 404; missing credentials 401; missing permission 403.
"""

from __future__ import annotations

import json
from http import HTTPStatus

from django.http import HttpResponse

from cellops.kernel.violations import Violation

PROBLEM_JSON = "application/problem+json"


def problem(status: int, detail: str, **extra: object) -> HttpResponse:
    try:
        title = HTTPStatus(status).phrase
    except ValueError:
        title = "Error"
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return HttpResponse(json.dumps(body, default=str), status=status, content_type=PROBLEM_JSON)


def refusal(violations: list[Violation]) -> HttpResponse:
    """422 listing every violated rule, each with its ID and what to do instead."""
    rules = ", ".join(dict.fromkeys(v.rule for v in violations))
    return problem(
        422,
        f"Refused by the handbook rules {rules}: " + " ".join(v.message for v in violations),
        violations=[v.as_dict() for v in violations],
    )


def invalid(field: str, message: str, status: int = 422) -> HttpResponse:
    return problem(status, f"{field}: {message}", errors=[{"field": field, "message": message}])
