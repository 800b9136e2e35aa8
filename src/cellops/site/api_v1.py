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
from cellops.time_off.rest import exports_router as time_off_exports_router
from cellops.time_off.rest import router as time_off_router
from cellops.trial.rest import router as trial_router
from cellops.web.auth import BearerToken, Session
from cellops.web.openapi import document_problems
from cellops.web.problems import invalid, problem, refusal
from cellops.workflows.rest import router as workflows_router

_PARAM_SOURCES = {"body", "query", "path", "form", "header", "cookie", "file"}

# Operation ids are part of the published schema: clients generated from it name
# their functions after them (`create_cell`, `book_time_off`). An id is the view
# function's own name when that reads as a verb and is unique (new endpoints such
# as `import_tickets` need nothing here); otherwise it is named below, keyed by
# `<app>.<view function>` (decision 0043; ids were `<module>_<function>` before).
OPERATION_IDS = {
    "workflows.merged": "mark_pull_request_merged",
    "workflows.deployed": "mark_pull_request_deployed",
    "workflows.revise": "revise_decision",
    "recruitment.grades": "record_interview_grades",
    "site.me": "get_me",
    "org.member_roles": "list_member_roles",
    "org.sprint_for_date": "get_sprint_for_date",
    "trial.schedule": "get_trial_schedule",
    "trial.extension": "get_trial_extension",
    "trial.clean_sprints": "get_clean_sprints",
    "trial.reviews": "list_trial_reviews",
    "trial.review": "get_trial_review",
    "trial.vote": "vote_in_trial_review",
    "trial.decide": "decide_trial_review",
    "recruitment.apply": "submit_candidature",
    "recruitment.candidatures": "list_candidatures",
    "recruitment.candidature": "get_candidature",
    "recruitment.erase": "erase_candidature",
    "recruitment.claim": "claim_candidatures",
    "recruitment.preselection": "preselect_candidature",
    "recruitment.change_status": "change_candidature_status",
    "recruitment.export": "export_candidature",
    "sales.score": "score_factors",
    "sales.handbook_check": "check_handbook",
    "sales.advance": "advance_lead",
    "sales.move_back": "move_lead_back",
    "sales.mark_lost": "mark_lead_lost",
    "time_off.book": "book_time_off",
    "time_off.calendar": "get_time_off_calendar",
    "time_off.announce": "announce_time_off",
    "time_off.cancel": "cancel_time_off",
    "sprints.vote": "vote_estimate",
    "sprints.capacity": "get_capacity",
    "sprints.start": "start_sprint",
    "sprints.complete": "complete_sprint",
    "sprints.reassignments": "list_reassignments",
    "rituals.approve": "approve_retro_item",
    "rituals.retrospective_thread": "get_retrospective_thread",
    "billing.worklogs_of": "list_ticket_worklogs",
    "billing.budgets": "list_budgets",
    "billing.invoice_csv": "get_invoice_csv",
    "billing.invoice_pdf": "get_invoice_pdf",
    "checklists.mine": "list_my_checklists",
    "checklists.get_run": "get_checklist",
    "checklists.tick": "tick_checklist_item",
    "workflows.check_title": "check_pull_request_title",
    "workflows.propose": "propose_decision",
    "workflows.comment": "comment_on_decision",
    "workflows.resolve": "resolve_decision_comment",
    "workflows.agree": "agree_to_decision",
    "workflows.decide": "decide_decision",
    "workflows.start_test": "start_instance_test",
    "workflows.get_test": "get_instance_test",
    "workflows.record": "record_instance_test_item",
}


def operation_id(view_func) -> str:
    """The verb-named operation id of an endpoint's view function (see `OPERATION_IDS`)."""
    name = view_func.__name__
    app = view_func.__module__.split(".")[1]
    return OPERATION_IDS.get(f"{app}.{name}", name)


class CellopsAPI(NinjaAPI):
    """Names operations with verbs (`operation_id`, decision 0043) and documents the
    problem+json answers of every operation (`web/openapi.py`, decision 0020)."""

    def get_openapi_operation_id(self, operation) -> str:
        return operation_id(operation.view_func)

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
api.add_router("", time_off_exports_router)
api.add_router("", sprints_router)
api.add_router("", rituals_router)
api.add_router("", billing_router)
api.add_router("", checklists_router)
api.add_router("", workflows_router)
