"""The JSON API at /api/v1/: one NinjaAPI gathering each app's router.

Authentication is the browser session or a personal bearer token; every
endpoint needs one unless it says otherwise. Errors are problem+json.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError

from cellops.billing.rest import router as billing_router
from cellops.checklists.rest import router as checklists_router
from cellops.kernel.violations import Conflict, InvalidInput, NotFound, RuleRefusal
from cellops.org.rest import router as org_router
from cellops.recruitment.rest import router as recruitment_router
from cellops.rituals.rest import router as rituals_router
from cellops.sales.rest import router as sales_router
from cellops.site.rest import router as core_router
from cellops.sprints.rest import router as sprints_router
from cellops.time_off.rest import router as time_off_router
from cellops.trial.rest import router as trial_router
from cellops.web.auth import BearerToken, Session
from cellops.web.openapi import document_problems
from cellops.web.problems import invalid, problem, refusal
from cellops.workflows.rest import router as workflows_router

_PARAM_SOURCES = {"body", "query", "path", "form", "header", "cookie", "file"}

# Operation ids are part of the published schema (clients are generated from
# it): an endpoint whose module moved keeps the id it had (decision 0023).
FORMER_MODULES = {
    "cellops.site.rest.me": "cellops.core.rest",
    "cellops.billing.rest.budgets": "cellops.sprints.rest",
    # The rituals' endpoints were sprints' until decision 0028.
    **{
        f"cellops.rituals.rest.{name}": "cellops.sprints.rest"
        for name in (
            "add_retro_item",
            "get_retrospective",
            "publish_retrospective",
            "approve",
            "withdraw_approval",
            "retrospective_thread",
            "get_firefighters",
            "set_firefighters",
            "rotate_firefighters",
            "organise_social_chat",
            "get_social_chat",
            "get_video_updates",
            "post_video_update",
            "schedule_tech_talk",
            "list_tech_talks",
        )
    },
}
#: Doors split into packages (decision 0024): their endpoints keep the package's ids.
FORMER_SINGLE_MODULES = ("cellops.sprints.rest",)


class CellopsAPI(NinjaAPI):
    """Keeps moved endpoints' operation ids (decision 0023) and documents the problem+json
    answers of every operation (`web/openapi.py`, decision 0020)."""

    def get_openapi_operation_id(self, operation) -> str:
        name = operation.view_func.__name__
        module = operation.view_func.__module__
        module = FORMER_MODULES.get(f"{module}.{name}", module)
        module = next((m for m in FORMER_SINGLE_MODULES if module.startswith(f"{m}.")), module)
        return f"{module}_{name}".replace(".", "_")

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        base = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return document_problems(base)


api = CellopsAPI(
    title="cellops",
    version="1",
    description="Operations for remote agencies organised in cells. Errors are problem+json.",
    urls_namespace="api-v1",
    auth=[BearerToken(), Session()],
    # Swagger UI from ninja's own static files ("ninja" is an installed app), its
    # settings in a JSON block read by a static script: no CDN, no inline script.
    # No online validator badge either (it would load an image from elsewhere).
    docs=Swagger(settings={"validatorUrl": None}),
)


def _field_of(loc: list) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in _PARAM_SOURCES:
        source = parts.pop(0)
        if source == "body" and len(parts) > 1:
            parts.pop(0)  # the schema parameter's own name
    return ".".join(parts) or "body"


@api.exception_handler(ValidationError)
def _validation_error(request, exc: ValidationError):
    errors = [
        {"field": _field_of(e.get("loc", [])), "message": str(e.get("msg", "is invalid"))}
        for e in exc.errors
    ]
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors) or "Invalid input"
    return problem(422, detail, errors=errors)


@api.exception_handler(RuleRefusal)
def _rule_refusal(request, exc: RuleRefusal):
    return refusal(exc.violations)


@api.exception_handler(InvalidInput)
def _invalid_input(request, exc: InvalidInput):
    return invalid(exc.field, exc.message)


@api.exception_handler(NotFound)
def _not_found(request, exc: NotFound):
    # An unknown object in the path is 404; one named in the body or query is bad input.
    status = (
        404
        if exc.field in (request.resolver_match.kwargs if request.resolver_match else {})
        else 422
    )
    return invalid(exc.field, exc.message, status=status)


@api.exception_handler(Conflict)
def _conflict(request, exc: Conflict):
    return problem(409, exc.message)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc: AuthenticationError):
    response = problem(
        401, "Authentication required: log in, or send 'Authorization: Bearer <token>'."
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc: PermissionDenied):
    return problem(403, str(exc) or "You are not allowed to do this.")


@api.exception_handler(Http404)
def _http404(request, exc: Http404):
    return problem(404, str(exc) or "Not found.")


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    if exc.status_code == 400:
        # django-ninja's answer to a body that is not JSON: malformed input is 422 (API.md).
        return invalid("body", f"{exc}: send a JSON object")
    return problem(exc.status_code, str(exc))


api.add_router("", core_router)
api.add_router("", org_router)
api.add_router("/trial", trial_router)
api.add_router("/recruitment", recruitment_router)
api.add_router("/leads", sales_router)
api.add_router("/time-off", time_off_router)
api.add_router("", sprints_router)
api.add_router("", rituals_router)
api.add_router("", billing_router)
api.add_router("", checklists_router)
api.add_router("", workflows_router)
