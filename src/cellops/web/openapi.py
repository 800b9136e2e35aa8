"""Documents in the OpenAPI schema the problem+json answers every operation can give.

django-ninja only writes the responses an endpoint declares, and our errors
are produced generically (`cellops/rest.py`, `core/middleware.py`), so each
operation gains here the 4xx it can answer, all with the `Problem` shape
(API.md § Conventions, decision 0003):

- 401 and 403 when the operation needs authentication;
- 404 when it has path parameters (an unknown object in the path);
- 409 on writes (a write based on a stale version);
- 413 when it takes a body (over the size limits, README § Limits);
- 422 when it takes parameters or a body (malformed input, rule refusals).

Only responses and their component schemas are added; nothing else of the
document changes (tests/badinput/test_openapi_schema.py checks it).
"""

from __future__ import annotations

import copy
from http import HTTPStatus
from typing import Any

PROBLEM = "Problem"
FIELD_ERROR = "ProblemFieldError"
VIOLATION = "ProblemViolation"
WRITES = {"post", "put", "patch", "delete"}
METHODS = WRITES | {"get", "head", "options"}

COMPONENTS: dict[str, dict[str, Any]] = {
    PROBLEM: {
        "title": PROBLEM,
        "description": "An error (RFC 9457). `detail` names the field or the rule.",
        "type": "object",
        "required": ["type", "title", "status", "detail"],
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer", "minimum": 400, "maximum": 599},
            "detail": {"type": "string"},
            "errors": {"type": "array", "items": {"$ref": f"#/components/schemas/{FIELD_ERROR}"}},
            "violations": {
                "type": "array",
                "items": {"$ref": f"#/components/schemas/{VIOLATION}"},
            },
        },
    },
    FIELD_ERROR: {
        "title": FIELD_ERROR,
        "type": "object",
        "required": ["field", "message"],
        "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
    },
    VIOLATION: {
        "title": VIOLATION,
        "description": "One handbook rule that refused, e.g. TO-4, with its extra fields.",
        "type": "object",
        "required": ["rule", "message"],
        "properties": {"rule": {"type": "string"}, "message": {"type": "string"}},
    },
}


def problem_statuses(method: str, operation: dict[str, Any]) -> list[int]:
    """The 4xx `operation` can answer, from its shape alone."""
    params = operation.get("parameters", [])
    body = "requestBody" in operation
    statuses = []
    if operation.get("security"):
        statuses += [401, 403]
    if any(p.get("in") == "path" for p in params):
        statuses.append(404)
    if method in WRITES:
        statuses.append(409)
    if body:
        statuses.append(413)
    if params or body:
        statuses.append(422)
    return statuses


def _problem_response(status: int) -> dict[str, Any]:
    return {
        "description": HTTPStatus(status).phrase,
        "content": {
            "application/problem+json": {"schema": {"$ref": f"#/components/schemas/{PROBLEM}"}}
        },
    }


def document_problems(schema: dict[str, Any]) -> dict[str, Any]:
    """A copy of `schema` where every operation documents its problem+json answers."""
    schema = copy.deepcopy(dict(schema))
    for path_item in schema.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for status in problem_statuses(method, operation):
                # django-ninja keys responses by int; JSON makes them strings.
                existing = responses.get(status, responses.get(str(status)))
                if existing is None:
                    responses[status] = _problem_response(status)
                elif "content" not in existing:  # described by its endpoint, shape added here
                    existing["content"] = _problem_response(status)["content"]
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for name, component in COMPONENTS.items():
        components.setdefault(name, copy.deepcopy(component))
    return schema
