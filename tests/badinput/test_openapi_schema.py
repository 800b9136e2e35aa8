"""The OpenAPI schema documents every 4xx as problem+json, and gains nothing else."""

from __future__ import annotations

import copy
import json
from http import HTTPStatus

from ninja import NinjaAPI

from cellops.site.api_v1 import api
from cellops.web.openapi import COMPONENTS

PREFIX = "/api/v1/"


def _as_json(schema: dict) -> dict:
    """As served: response statuses become strings."""
    return json.loads(json.dumps(schema))


def _strip_problems(schema: dict) -> dict:
    schema = copy.deepcopy(schema)
    for item in schema["paths"].values():
        for operation in item.values():
            kept = {}
            for status, response in operation["responses"].items():
                content = dict(response.get("content", {}))
                if content.pop("application/problem+json", None) is None:
                    kept[status] = response
                elif response["description"] != HTTPStatus(int(status)).phrase:
                    # described by its endpoint: only the problem shape was added
                    kept[status] = {k: v for k, v in response.items() if k != "content"}
            operation["responses"] = kept
    for name in COMPONENTS:
        schema["components"]["schemas"].pop(name)
    return schema


def test_the_schema_only_gains_problem_responses():
    documented = _as_json(api.get_openapi_schema(path_prefix=PREFIX))
    plain = _as_json(NinjaAPI.get_openapi_schema(api, path_prefix=PREFIX))
    assert documented != plain
    assert _strip_problems(documented) == plain


def test_every_operation_documents_the_4xx_it_can_answer_as_problem_json():
    schema = _as_json(api.get_openapi_schema(path_prefix=PREFIX))
    problem = {"$ref": "#/components/schemas/Problem"}
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            expected = set()
            if operation.get("security"):
                expected |= {"401", "403"}
            if "{" in path:
                expected.add("404")
            if method != "get":
                expected.add("409")
            if "requestBody" in operation:
                expected |= {"413", "422"}
            if operation.get("parameters"):
                expected.add("422")
            assert expected <= set(responses), (method, path, sorted(responses))
            for status in expected:
                media = responses[status]["content"]["application/problem+json"]
                assert media["schema"] == problem
    assert schema["components"]["schemas"]["Problem"]["required"] == [
        "type",
        "title",
        "status",
        "detail",
    ]


def test_the_budgets_endpoint_documents_its_answer():
    schema = _as_json(api.get_openapi_schema(path_prefix=PREFIX))
    ok = schema["paths"]["/api/v1/budgets"]["get"]["responses"]["200"]
    ref = ok["content"]["application/json"]["schema"]["$ref"]
    budgets = schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    assert sorted(budgets["properties"]) == ["items", "month"]
    items = budgets["properties"]["items"]["items"]["anyOf"]
    kinds = {
        next(
            k
            for k in ("account", "epic")
            if k in schema["components"]["schemas"][i["$ref"].rsplit("/", 1)[-1]]["properties"]
        )
        for i in items
    }
    assert kinds == {"account", "epic"}


def _schemas(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_schemas(sub)]
    return found


def test_no_two_schemas_of_the_api_share_a_name():
    """OpenAPI names a component by its class name: two classes called alike (the tickets'
    and the decisions' `CommentOut`) made one endpoint document the other's answer."""
    from collections import defaultdict

    from ninja import Schema

    schema = _as_json(api.get_openapi_schema(path_prefix=PREFIX))
    components = schema["components"]["schemas"]
    shapes = defaultdict(dict)
    for cls in _schemas(Schema):
        if cls.__module__.startswith("cellops.") and cls.__name__ in components:
            shape = json.dumps(cls.model_json_schema(), sort_keys=True)
            shapes[cls.__name__].setdefault(shape, f"{cls.__module__}.{cls.__qualname__}")
    # two classes of one name and one shape document the same thing: harmless
    assert {name: sorted(s.values()) for name, s in shapes.items() if len(s) > 1} == {}
    comments = schema["paths"]["/api/v1/tickets/{key}/comments"]["post"]["responses"]["201"]
    ref = comments["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert sorted(schema["components"]["schemas"][ref]["properties"]) == [
        "at",
        "author",
        "id",
        "source",
        "text",
    ]
