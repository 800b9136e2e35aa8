"""Bad input at every JSON API operation, generated from the OpenAPI schema.

For each operation of /api/v1/openapi.json: every path and query parameter
gets each class of bad value; a body, when the operation takes one, is sent
whole as non-UTF-8 bytes, raw NUL bytes, deeply nested JSON, a body over the
size limit, the wrong JSON type, no body, a form instead of JSON and keys in
odd Unicode; then, starting from a plausible body, each field (nested ones
too) gets each class of bad value. A new endpoint is covered without being
listed here.

Every answer must be below 500; a 4xx must be problem+json with the status
and a `detail`, with a status the schema documents; a value the schema itself
forbids (wrong type, too long, out of bounds, not in the enum) must be a 422
naming the field.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest

from cellops.site.api_v1 import api
from cellops.time_off import api as time_off_api
from tests.badinput.conftest import THROWN

SCHEMA = json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/")))  # as served
COMPONENTS = SCHEMA.get("components", {}).get("schemas", {})
OPERATIONS = [
    (method, path, operation)
    for path, item in SCHEMA["paths"].items()
    for method, operation in item.items()
]
PROBLEM_JSON = "application/problem+json"

# Path and query values, as the characters a client types (percent-encoded when sent).
PARAMETER_VALUES: dict[str, str] = {
    "huge": "9" * 5000,
    "negative": "-1",
    "out of range": "99999999999999999999",
    "far future date": "9999-12-31",
    "year one": "0001-01-01",
    "impossible date": "2026-02-30",
    "malformed": "not a value",
    "NUL": "a\x00b",
    "odd Unicode": "LYNX-²\u202e🦄\ufeff",
    "slash": "EVIL/1",
    "empty": "",
}
# Raw bytes that are not UTF-8, already percent-encoded.
NON_UTF8_PARAMETER = "%ff%fe%c3%28"


def _deep_list(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = [value]
    return value


# Field values, as JSON.
FIELD_VALUES: dict[str, Any] = {
    "huge text": "x" * 100_000,
    "huge integer": 10**30,
    "negative": -1,
    "fraction": 1.5,
    "far future date": "9999-12-31",
    "NUL": "a\x00b",
    "odd Unicode": "LYNX-²\u202e🦄\ufeff\u0301",
    "lone surrogate": "\ud800",
    "object": {"a": {"b": 1}},
    "null": None,
    "deeply nested": _deep_list(200),
}


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = COMPONENTS[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _alternatives(schema: dict[str, Any]) -> list[dict[str, Any]]:
    schema = _resolve(schema)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return [alt for sub in schema[key] for alt in _alternatives(sub)]
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return _alternatives(schema["allOf"][0])
    return [schema]


KNOWN_NAMES = {
    "cell": "Falcon",
    "member": "ada",
    "username": "ada",
    "owner": "ada",
    "reviewer": "ada",
    "assignee": "ada",
    "covered_by": "ada",
    "author": "ada",
}


def example(schema: dict[str, Any], name: str = "") -> Any:
    """A plausible value for `schema`: the shape right, the content ordinary."""
    alternatives = [a for a in _alternatives(schema) if a.get("type") != "null"]
    schema = alternatives[0] if alternatives else {}
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    if "default" in schema and schema["default"] is not None:
        return schema["default"]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        required = schema.get("required", list(props))
        return {key: example(sub, key) for key, sub in props.items() if key in required}
    if kind == "array":
        return [example(schema.get("items", {}), name)] if schema.get("minItems") else []
    if kind == "string":
        if schema.get("format") == "date":
            return "2026-03-09"
        if name in KNOWN_NAMES:
            return KNOWN_NAMES[name]
        return "x" * max(1, schema.get("minLength", 1))
    if kind == "integer":
        return max(int(schema.get("minimum", 1)), 1) if "maximum" not in schema else 1
    if kind == "number":
        return 1
    if kind == "boolean":
        return False
    return "x"


def _forbids(schema: dict[str, Any], value: Any) -> bool:
    """True when the schema alone rules `value` out (so a 422 must name the field)."""
    return all(_one_forbids(alt, value) for alt in _alternatives(schema))


def _one_forbids(schema: dict[str, Any], value: Any) -> bool:
    kind = schema.get("type")
    if "enum" in schema:
        return value not in schema["enum"] or isinstance(value, bool)
    if kind == "null":
        return value is not None
    if value is None:
        return kind is not None
    if kind == "string":
        if not isinstance(value, str):
            return True
        return len(value) > schema.get("maxLength", len(value))
    if kind in ("integer", "number"):
        if isinstance(value, (dict, list, bool)):
            return isinstance(value, (dict, list))
        if not isinstance(value, (int, float)):
            return False  # a numeric string may be accepted: no claim
        if kind == "integer" and isinstance(value, float) and not value.is_integer():
            return True
        too_low = "minimum" in schema and value < schema["minimum"]
        too_high = "maximum" in schema and value > schema["maximum"]
        return too_low or too_high
    if kind == "boolean":
        return isinstance(value, (dict, list))
    if kind == "array":
        return not isinstance(value, list)
    if kind == "object":
        return not isinstance(value, dict)
    return False


def _fields(schema: dict[str, Any], body: Any, prefix: tuple = ()):
    """(path, field schema) for every field of an object body, nested ones included."""
    alternatives = [a for a in _alternatives(schema) if a.get("type") != "null"]
    if not alternatives or not isinstance(body, dict):
        return
    schema = alternatives[0]
    for key, sub in schema.get("properties", {}).items():
        path = (*prefix, key)
        yield path, sub
        item = [a for a in _alternatives(sub) if a.get("type") != "null"]
        if len(prefix) < 3 and item:
            if item[0].get("type") == "object" or "properties" in item[0]:
                yield from _fields(sub, body.get(key) or example(sub), path)
            elif item[0].get("type") == "array" and isinstance(body.get(key), list):
                items = item[0].get("items", {})
                if body[key]:
                    yield from _fields(items, body[key][0], (*path, 0))


def _with(body: Any, path: tuple, value: Any) -> Any:
    body = json.loads(json.dumps(body))
    target = body
    for step in path[:-1]:
        target = target[step] if isinstance(step, int) else target.setdefault(step, {})
    target[path[-1]] = value
    return body


def _url(path: str, operation: dict, overrides: dict[str, str] | None = None) -> str:
    overrides = overrides or {}
    query = []
    for param in operation.get("parameters", []):
        name = param["name"]
        value = overrides.get(name)
        if value is None:
            raw = example(param.get("schema", {}), name)
            value = quote(str(raw).lower() if isinstance(raw, bool) else str(raw), safe="")
        if param["in"] == "path":
            path = path.replace("{" + name + "}", value)
        elif param["in"] == "query" and (param.get("required") or name in overrides):
            query.append(f"{quote(name)}={value}")
    return path + ("?" + "&".join(query) if query else "")


class Thrower:
    def __init__(self, client, method: str, path: str, operation: dict):
        self.client = client
        self.method = method
        self.path = path
        self.operation = operation
        self.failures: list[str] = []

    def send(self, what: str, url: str, body: bytes | None = None, content_type: str = ""):
        THROWN["api"] += 1
        response = self.client.generic(
            self.method.upper(),
            url,
            body if body is not None else b"",
            content_type=content_type or "application/json",
        )
        label = f"{self.method.upper()} {self.path} with {what}"
        status = response.status_code
        if status >= 500:
            self.failures.append(f"{label}: {status} {response.content[:300]!r}")
            return response
        if status >= 400:
            ctype = response.get("Content-Type", "")
            if not ctype.startswith(PROBLEM_JSON):
                self.failures.append(f"{label}: {status} is {ctype}, not problem+json")
                return response
            problem = response.json()
            if problem.get("status") != status or not problem.get("detail"):
                self.failures.append(f"{label}: problem without status/detail: {problem}")
            if str(status) not in self.operation.get("responses", {}):
                self.failures.append(f"{label}: {status} is not documented in the schema")
        return response

    def expect_named(self, what: str, response, field: str):
        if response.status_code == 404 and "{" in self.path:
            return  # the object in the path is looked up first: unknown, it is a 404
        if response.status_code != 422:
            self.failures.append(
                f"{self.method.upper()} {self.path} with {what}: {response.status_code}, "
                "expected 422 naming the field"
            )
            return
        problem = response.json()
        named = {e.get("field", "") for e in problem.get("errors", [])}
        if field not in problem["detail"] and not any(field in n for n in named):
            self.failures.append(
                f"{self.method.upper()} {self.path} with {what}: 422 does not name {field!r}: "
                f"{problem['detail'][:200]}"
            )


def _body_schema(operation: dict) -> tuple[str, dict] | None:
    content = operation.get("requestBody", {}).get("content", {})
    for content_type, media in content.items():
        return content_type, media.get("schema", {})
    return None


def _ids():
    return [f"{m.upper()} {p}" for m, p, _ in OPERATIONS]


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS, ids=_ids())
def test_bad_input_never_a_server_error_and_always_a_named_problem(
    admin_client, method, path, operation
):
    thrower = Thrower(admin_client, method, path, operation)
    body_schema = _body_schema(operation)
    content_type, schema = body_schema or ("", {})
    good_body = example(schema) if body_schema else None

    def body_bytes(value: Any) -> bytes | None:
        if not body_schema:
            return None
        if content_type == "application/json":
            return json.dumps(value, ensure_ascii=True).encode()
        return b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"

    # Every path and query parameter, each class of bad value.
    for param in operation.get("parameters", []):
        name = param["name"]
        values = {k: quote(v, safe="") for k, v in PARAMETER_VALUES.items()}
        values["non-UTF-8 bytes"] = NON_UTF8_PARAMETER
        if param["in"] == "path":
            values.pop("empty")  # an empty segment is another URL (404 from the router)
        for what, value in values.items():
            url = _url(path, operation, {name: value})
            thrower.send(f"{param['in']} {name}={what}", url, body_bytes(good_body), content_type)

    url = _url(path, operation)
    if body_schema:
        # The whole body.
        whole = {
            "non-UTF-8 bytes": b"\xff\xfe\xfa\xc3\x28",
            "non-UTF-8 inside a string": b'{"name": "\xff\xfe"}',
            "raw NUL bytes": b'{"name": "a\x00b"}\x00',
            "deeply nested arrays": b"[" * 100_000 + b"]" * 100_000,
            "deeply nested objects": b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
            "a JSON array": b"[]",
            "a JSON string": b'"x"',
            "JSON null": b"null",
            "a JSON number": b"1e999999",
            "no body": b"",
            "truncated JSON": b'{"name": ',
            "odd Unicode keys": json.dumps(
                {
                    **(good_body if isinstance(good_body, dict) else {}),
                    "\u202e": 1,
                    "ключ\x00": 2,
                    "🦄" * 1000: 3,
                    "": None,
                }
            ).encode(),
        }
        for what, raw in whole.items():
            thrower.send(what, url, raw, content_type)
        thrower.send("a form instead of JSON", url, b"name=x&kind=dev", "multipart/form-data")
        # JSON bodies are held to Django's 2.5 MB; a calendar upload to the import's own
        # documented limit (time_off README), read in pieces.
        over = time_off_api.MAX_IMPORT_BYTES + 1 if content_type == "text/calendar" else 2_700_000
        if content_type == "text/csv":  # the Jira backlog import's limit (issue #15)
            from cellops.sprints import api as sprints_api

            over = sprints_api.MAX_BACKLOG_BYTES + 1
            if path.endswith("/worklogs/import"):  # the worklog CSV's own limit, as the CLI's
                from cellops.billing import api as billing_api

                over = billing_api.MAX_FILE_BYTES + 1
        big = thrower.send("a body over the size limit", url, b" " * over, content_type)
        if big.status_code != 413:
            thrower.failures.append(
                f"{method.upper()} {path}: {over / 1e6:.1f} MB body gave {big.status_code}"
            )
        # Each field, each class of bad value.
        if content_type == "application/json":
            for field_path, field_schema in _fields(schema, good_body):
                field = ".".join(str(p) for p in field_path)
                for what, value in FIELD_VALUES.items():
                    sent = _with(good_body, field_path, value)
                    response = thrower.send(f"{field}={what}", url, body_bytes(sent), content_type)
                    if response.status_code < 500 and _forbids(field_schema, value):
                        thrower.expect_named(f"{field}={what}", response, str(field_path[-1]))
    else:
        thrower.send("a stray body", url, b"\xff\x00" * 1000, "application/json")

    assert not thrower.failures, "\n".join(thrower.failures)
