"""The rules of the permission matrix (issue #8, decision 0022): who may open each page
and endpoint, which write use case each role may call, and the helpers that try them.

`test_permission_matrix.py` runs them; a new page, endpoint or use case without a rule here
fails it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from cellops.org import api as org_api
from cellops.org.data import Role

ROLES = ("developer", "manager", "other_manager", "ceo", "left", "candidate", "admin")
MEMBERS = ("developer", "manager", "other_manager", "ceo", "admin")
INACTIVE = ("left", "candidate")

#: Who may read, by rule: the roles allowed; every other role is denied (403, or 404
#: where the policy hides that the thing exists).
READ_RULES: dict[str, frozenset[str]] = {
    "public": frozenset(ROLES) | {"anonymous"},
    # any logged-in login, even an inactive one: their own account and who they are
    "self": frozenset(ROLES),
    "member": frozenset(MEMBERS),
    # SP-7 and client budgets: VIEW_CLIENT_BUDGETS
    "budgets": frozenset({"manager", "other_manager", "ceo", "admin"}),
    # SP-13: the cell's active members, its managers, administrators (the cell is Falcon)
    "falcon_private": frozenset({"developer", "manager", "admin"}),
    "admin": frozenset({"admin"}),
    # API.md: a newcomer's reviews (here the developer's own: `username` is developer) are
    # for the newcomer, their reviewers and mentor, the cell's managers, the CEO, admins
    "trial_reviews": frozenset({"developer", "manager", "ceo", "admin"}),
    # RC-7: a round and its candidatures: its recruitment managers (none in this world),
    # the CEO and administrators; anyone else 404 (or an empty list)
    "candidates": frozenset({"ceo", "admin"}),
    # SL-6 (issue #11): invoices, rates and amounts: admin specialist, CEO, CTO, business
    # development, administrators; not the planners who see budget hours
    "invoices": frozenset({"ceo", "admin"}),
    # SL-1…SL-7 (decision 0055): leads and the sales reports: business development (none
    # in this world), the CEO, administrators
    "sales": frozenset({"ceo", "admin"}),
    "write": frozenset(),  # not tried as a read
}

#: Page routes (Django URL patterns outside the API and the admin) → rule of their GET.
PAGES = {
    "": "self",
    "login/": "public",
    "logout/": "write",
    "account/": "self",
    # Django's password flows (issue #9, finding 4): change for any login, reset for anyone
    "password_change/": "self",
    "password_change/done/": "self",
    "password_reset/": "public",
    "password_reset/done/": "public",
    "reset/<uidb64>/<token>/": "public",  # an invalid link is a page that says so
    "reset/done/": "public",
    "account/tokens/<int:token_id>/revoke": "write",
    "audit/": "admin",
    "org/": "member",
    "org/cells/<str:name>/": "member",
    "org/members/": "member",
    "org/members/<str:username>/": "member",
    "org/members/<str:username>/roles": "write",
    "org/clients/": "member",
    "org/epics/": "member",
    "org/sprints/": "member",
    "trial/": "member",
    "trial/reviews/<int:review_id>/": "member",  # 404 unless one may see it (test_views)
    "trial/reviews/<int:review_id>/vote/": "write",
    "trial/reviews/<int:review_id>/decide/": "write",
    "sales/": "public",  # a redirect to the score page, which needs a login
    "sales/score/": "sales",
    "sales/score/result/": "write",  # POST only
    "sales/leads/": "sales",
    "sales/leads/<int:lead_id>/": "sales",
    "sales/board/": "sales",
    "billing/": "invoices",
    "billing/invoices/<int:invoice_id>/": "invoices",
    "billing/invoices/<int:invoice_id>/send": "write",
    # worklogs (issue #11): anyone who logs time reads them; the use cases decide each write
    "billing/worklogs/": "member",
    "billing/worklogs/<int:worklog_id>/": "member",
    "billing/worklogs/<int:worklog_id>/delete": "write",
    "sales/leads/<int:lead_id>/move": "write",
    "sales/leads/<int:lead_id>/facts": "write",
    "sales/leads/<int:lead_id>/close-steps": "write",
    "sales/handbook-check/": "sales",
    # the lead's documents, meeting and follow-ups (issue #11); writes are decided in sales.api
    "sales/leads/<int:lead_id>/blueprint": "write",
    "sales/leads/<int:lead_id>/proposal": "write",
    "sales/leads/<int:lead_id>/proposal/deliver": "write",
    "sales/leads/<int:lead_id>/proposal/accept": "write",
    "sales/leads/<int:lead_id>/checklists/<str:which>": "write",
    "sales/leads/<int:lead_id>/meeting/": "sales",
    "sales/leads/<int:lead_id>/meeting/notes": "write",
    "sales/leads/<int:lead_id>/meeting/record": "write",
    "sales/leads/<int:lead_id>/meeting/agenda/<int:item_id>": "write",
    "sales/follow-ups/": "sales",
    "sales/follow-ups/<int:follow_up_id>/done": "write",
    "sales/reports/": "sales",
    "time-off/": "member",
    "time-off/check/": "member",
    "time-off/calendar/": "member",
    "time-off/calendar/feed-link/": "write",
    "time-off/calendar/feed-link/revoke/": "write",
    "time-off/<int:request_id>/": "member",
    "time-off/<int:request_id>/announce/": "write",
    "time-off/<int:request_id>/cancel/": "write",
    "sprints/": "member",
    "sprints/<str:cell>/<int:number>/board/": "member",
    "sprints/<str:cell>/<int:number>/board/move/": "write",
    "sprints/<str:cell>/<int:number>/board/move/<ticket_key:key>/": "member",
    "sprints/<str:cell>/<int:number>/estimation/": "member",
    "sprints/<str:cell>/<int:number>/estimation/open/": "write",
    "sprints/<str:cell>/<int:number>/estimation/close/": "write",
    "sprints/<str:cell>/<int:number>/planning/": "member",
    "sprints/<str:cell>/<int:number>/planning/how/<str:member>/": "member",
    "sprints/<str:cell>/<int:number>/planning/burn/<str:kind>/<path:name>/": "budgets",
    "sprints/<str:cell>/<int:number>/planning/start/": "write",
    "sprints/<str:cell>/<int:number>/planning/complete/": "write",
    "sprints/<str:cell>/<int:number>/planning/spillover-reason/": "write",
    "sprints/<str:cell>/<int:number>/retrospective/": "member",
    "sprints/<str:cell>/<int:number>/retrospective/items/": "write",
    "sprints/<str:cell>/<int:number>/retrospective/publish/": "write",
    "sprints/<str:cell>/<int:number>/retrospective/poll/": "write",
    "sprints/<str:cell>/<int:number>/retrospective/video-update/": "write",
    "sprints/<str:cell>/<int:number>/retrospective/social-chat/": "write",
    "sprints/tickets/<ticket_key:key>/": "member",
    "sprints/tickets/<ticket_key:key>/edit/": "write",
    "sprints/tickets/<ticket_key:key>/comments/": "write",
    "sprints/tickets/<ticket_key:key>/worklogs/": "write",
    "sprints/tickets/<ticket_key:key>/remaining/": "write",
    "sprints/<str:cell>/<int:number>/tickets/new/": "member",
    "recruitment/": "member",  # lists only the rounds one may see
    "recruitment/apply/": "public",  # the public candidature form
    "recruitment/apply/thanks/": "public",
    "recruitment/rounds/<int:round_id>/": "candidates",
    "recruitment/rounds/<int:round_id>/claim/": "write",
    "recruitment/rounds/<int:round_id>/close/": "write",
    "recruitment/candidatures/<int:candidature_id>/": "candidates",
    "recruitment/candidatures/<int:candidature_id>/interview.ics": "candidates",
    "recruitment/candidatures/<int:candidature_id>/preselect/": "write",
    "recruitment/candidatures/<int:candidature_id>/interview/": "write",
    "recruitment/candidatures/<int:candidature_id>/grades/": "write",
    "recruitment/candidatures/<int:candidature_id>/status/": "write",
    "checklists/": "self",  # my own checklists
    "checklists/<int:run_id>/": "member",
    "checklists/<int:run_id>/items/<int:item_id>/": "write",
    "checklists/<int:run_id>/items/<int:item_id>/result/": "write",
    # workflows (WF-1…WF-5): pages for active members; writes decided by the use cases
    "workflows/": "member",
    "workflows/blog/": "member",
    "workflows/blog/<int:post_id>/": "member",
    "workflows/blog/<int:post_id>/advance/": "write",
    "workflows/blog/<int:post_id>/proofreading/": "write",
    "workflows/blog/<int:post_id>/proofreading/<int:request_id>/returned/": "write",
    "workflows/decisions/": "member",
    "workflows/decisions/<int:decision_id>/": "member",
    "workflows/decisions/<int:decision_id>/comments/": "write",
    "workflows/decisions/<int:decision_id>/edit/": "write",
    "workflows/decisions/<int:decision_id>/comments/<int:comment_id>/resolve/": "write",
    "workflows/decisions/<int:decision_id>/agree/": "write",
    "workflows/decisions/<int:decision_id>/decide/": "write",
    "workflows/pull-requests/": "member",
    "workflows/pull-requests/<int:pr_id>/": "member",
    "workflows/pull-requests/<int:pr_id>/items/<int:item_id>/": "write",
    "workflows/pull-requests/<int:pr_id>/merged/": "write",
    "workflows/pull-requests/<int:pr_id>/deployed/": "write",
    "workflows/instance-tests/": "member",
    "workflows/instance-tests/<int:test_id>/": "member",
    "workflows/instance-tests/<int:test_id>/items/<int:item_id>/": "write",
    "workflows/instance-tests/<int:test_id>/report/": "member",
}

#: API operations (from the OpenAPI schema) → rule of the operation (GETs are tried).
ENDPOINTS = {
    ("get", "/api/v1/me"): "self",
    ("get", "/api/v1/audit.csv"): "admin",
    ("post", "/api/v1/cells"): "write",
    ("get", "/api/v1/cells"): "member",
    ("get", "/api/v1/cells/{name}"): "member",
    ("post", "/api/v1/members"): "write",
    ("get", "/api/v1/members"): "member",
    ("get", "/api/v1/members/{username}"): "member",
    ("patch", "/api/v1/members/{username}"): "write",  # issue #15: e.g. the Jira account id
    ("post", "/api/v1/members/{username}/roles"): "write",
    ("get", "/api/v1/members/{username}/roles"): "member",
    ("post", "/api/v1/clients"): "write",
    ("get", "/api/v1/clients"): "member",
    ("post", "/api/v1/accounts"): "write",
    ("get", "/api/v1/accounts"): "member",
    ("post", "/api/v1/epics"): "write",
    ("get", "/api/v1/epics"): "member",
    ("get", "/api/v1/sprints/for-date"): "member",
    ("get", "/api/v1/trial/schedule"): "member",
    ("get", "/api/v1/trial/extension"): "member",
    ("get", "/api/v1/trial/clean-sprints"): "member",
    ("get", "/api/v1/trial/newcomers/{username}/reviews"): "trial_reviews",
    ("get", "/api/v1/trial/reviews/{review_id}"): "member",
    ("post", "/api/v1/trial/reviews/{review_id}/votes"): "write",
    ("post", "/api/v1/trial/reviews/{review_id}/decide"): "write",
    ("post", "/api/v1/leads/score"): "write",
    ("get", "/api/v1/leads/handbook-check"): "sales",
    ("post", "/api/v1/leads"): "write",
    ("get", "/api/v1/leads"): "sales",
    ("get", "/api/v1/leads/{lead_id}"): "sales",
    ("post", "/api/v1/leads/{lead_id}/scores"): "write",
    # SL-3…SL-5, the lifecycle (issue #11)
    ("patch", "/api/v1/leads/{lead_id}"): "write",
    ("post", "/api/v1/leads/{lead_id}/advance"): "write",
    ("post", "/api/v1/leads/{lead_id}/back"): "write",
    ("post", "/api/v1/leads/{lead_id}/lost"): "write",
    ("put", "/api/v1/leads/{lead_id}/blueprint"): "write",
    ("post", "/api/v1/leads/{lead_id}/proposal"): "write",
    ("post", "/api/v1/leads/{lead_id}/proposal/deliver"): "write",
    ("post", "/api/v1/leads/{lead_id}/proposal/accept"): "write",
    ("put", "/api/v1/leads/{lead_id}/close-steps"): "write",
    # SL-4 the intro meeting, SL-7 the client's checklists (decision 0056)
    ("get", "/api/v1/leads/{lead_id}/meeting"): "sales",
    ("put", "/api/v1/leads/{lead_id}/meeting/notes"): "write",
    ("post", "/api/v1/leads/{lead_id}/meeting/agenda/{item_id}"): "write",
    ("post", "/api/v1/leads/{lead_id}/meeting/record"): "write",
    ("post", "/api/v1/leads/{lead_id}/checklists/{which}"): "write",
    ("post", "/api/v1/time-off"): "write",
    ("get", "/api/v1/time-off"): "member",
    ("get", "/api/v1/time-off.csv"): "member",
    ("get", "/api/v1/time-off/calendar.ics"): "member",
    ("post", "/api/v1/time-off/import"): "write",
    ("get", "/api/v1/time-off/{request_id}"): "member",
    ("post", "/api/v1/time-off/{request_id}/announce"): "write",
    ("post", "/api/v1/time-off/{request_id}/cancel"): "write",
    ("post", "/api/v1/tickets"): "write",
    ("get", "/api/v1/tickets/{key}"): "member",
    ("patch", "/api/v1/tickets/{key}"): "write",
    # issue #15 (decision 0040): importing, the cell's sprint planning manager and above;
    # the export, any active member (as tickets are read)
    ("post", "/api/v1/tickets/import"): "write",
    ("get", "/api/v1/tickets.csv"): "member",
    ("post", "/api/v1/sprints/{cell}/{number}/estimation"): "write",
    ("get", "/api/v1/sprints/{cell}/{number}/estimation"): "member",
    ("post", "/api/v1/sprints/{cell}/{number}/estimation/votes"): "write",
    ("post", "/api/v1/sprints/{cell}/{number}/estimation/close"): "write",
    ("get", "/api/v1/sprints/{cell}/{number}/capacity"): "member",
    ("get", "/api/v1/sprints/{cell}/{number}/capacity.csv"): "member",
    ("post", "/api/v1/sprints/{cell}/{number}/start"): "write",
    ("post", "/api/v1/sprints/{cell}/{number}/complete"): "write",
    ("get", "/api/v1/budgets"): "budgets",
    ("get", "/api/v1/budgets.csv"): "budgets",
    ("get", "/api/v1/sprints/{cell}/{number}/reassignments"): "member",
    ("post", "/api/v1/tickets/{key}/confirm"): "write",
    ("post", "/api/v1/tickets/{key}/pull"): "write",
    ("post", "/api/v1/sprints/{cell}/{number}/retrospective/items"): "write",
    ("get", "/api/v1/sprints/{cell}/{number}/retrospective"): "falcon_private",
    ("post", "/api/v1/sprints/{cell}/{number}/retrospective/publish"): "write",
    ("post", "/api/v1/sprints/{cell}/{number}/retrospective/poll/approvals"): "write",
    ("delete", "/api/v1/sprints/{cell}/{number}/retrospective/poll/approvals/{item}"): "write",
    ("get", "/api/v1/cells/{cell}/retrospective"): "falcon_private",
    ("get", "/api/v1/cells/{cell}/firefighters"): "member",
    ("post", "/api/v1/cells/{cell}/firefighters"): "write",
    ("post", "/api/v1/cells/{cell}/firefighters/rotation"): "write",
    ("post", "/api/v1/sprints/{cell}/{number}/social-chat"): "write",
    ("get", "/api/v1/sprints/{cell}/{number}/social-chat"): "member",
    ("get", "/api/v1/sprints/{cell}/{number}/video-updates"): "member",
    ("post", "/api/v1/sprints/{cell}/{number}/video-updates"): "write",
    ("post", "/api/v1/tech-talks"): "write",
    ("get", "/api/v1/tech-talks"): "member",
    ("get", "/api/v1/tickets/{key}/comments"): "member",
    ("post", "/api/v1/tickets/{key}/comments"): "write",
    ("put", "/api/v1/sprints/{cell}/{number}/spillover/{member}"): "write",
    ("post", "/api/v1/worklogs"): "write",
    ("get", "/api/v1/worklogs"): "member",
    ("patch", "/api/v1/worklogs/{worklog_id}"): "write",
    ("delete", "/api/v1/worklogs/{worklog_id}"): "write",
    # issue #15: the worklog CSV import (who may log, and for whom, decided per row)
    ("post", "/api/v1/worklogs/import"): "write",
    ("get", "/api/v1/worklogs/{worklog_id}/history"): "member",
    # SL-6 invoices (issue #11)
    ("post", "/api/v1/invoices/drafts"): "write",
    ("get", "/api/v1/invoices"): "invoices",
    ("get", "/api/v1/invoices/{invoice_id}"): "invoices",
    ("get", "/api/v1/invoices/{invoice_id}.csv"): "invoices",
    ("get", "/api/v1/invoices/{invoice_id}.pdf"): "invoices",
    ("post", "/api/v1/invoices/{invoice_id}/send"): "write",
    ("get", "/api/v1/tickets/{key}/worklogs"): "member",
    ("post", "/api/v1/recruitment/rounds"): "write",
    ("post", "/api/v1/recruitment/rounds/{round_id}/close"): "write",
    ("post", "/api/v1/recruitment/candidatures"): "write",  # public: see PUBLIC_ENDPOINTS
    ("get", "/api/v1/recruitment/candidatures"): "member",  # an empty list but for RC-7's
    ("get", "/api/v1/recruitment/candidatures/{candidature_id}"): "candidates",
    ("post", "/api/v1/recruitment/rounds/{round_id}/claim"): "write",
    ("post", "/api/v1/recruitment/candidatures/{candidature_id}/preselection"): "write",
    ("post", "/api/v1/recruitment/candidatures/{candidature_id}/status"): "write",
    ("get", "/api/v1/recruitment/candidatures/{candidature_id}/export"): "candidates",
    ("delete", "/api/v1/recruitment/candidatures/{candidature_id}"): "write",
    ("post", "/api/v1/recruitment/candidatures/{candidature_id}/interview"): "write",
    ("post", "/api/v1/recruitment/candidatures/{candidature_id}/grades"): "write",
    ("get", "/api/v1/checklists/mine"): "self",
    ("get", "/api/v1/checklists/{run_id}"): "member",
    ("post", "/api/v1/checklists/{run_id}/items/{item_id}"): "write",
    ("post", "/api/v1/checklists/{run_id}/items/{item_id}/result"): "write",
    # workflows (WF-1…WF-5): any active member reads; the use cases decide each write
    ("post", "/api/v1/pull-requests/check-title"): "write",
    ("post", "/api/v1/pull-requests"): "write",
    ("get", "/api/v1/pull-requests"): "member",
    ("get", "/api/v1/pull-requests/{pr_id}"): "member",
    ("patch", "/api/v1/pull-requests/{pr_id}/checklist/{item_id}"): "write",
    ("post", "/api/v1/pull-requests/{pr_id}/merged"): "write",
    ("post", "/api/v1/pull-requests/{pr_id}/deployed"): "write",
    ("post", "/api/v1/blog/posts"): "write",
    ("get", "/api/v1/blog/posts/{post_id}"): "member",
    ("patch", "/api/v1/blog/posts/{post_id}"): "write",
    ("post", "/api/v1/blog/posts/{post_id}/advance"): "write",
    ("post", "/api/v1/decisions"): "write",
    ("get", "/api/v1/decisions"): "member",
    ("get", "/api/v1/decisions/{decision_id}"): "member",
    ("patch", "/api/v1/decisions/{decision_id}"): "write",
    ("post", "/api/v1/decisions/{decision_id}/comments"): "write",
    ("post", "/api/v1/decisions/{decision_id}/comments/{comment_id}/resolve"): "write",
    ("post", "/api/v1/decisions/{decision_id}/agree"): "write",
    ("post", "/api/v1/decisions/{decision_id}/decide"): "write",
    ("post", "/api/v1/instance-tests"): "write",
    ("get", "/api/v1/instance-tests/{test_id}"): "member",
    ("patch", "/api/v1/instance-tests/{test_id}/items/{item_id}"): "write",
}

#: Endpoints open without a login (API.md: the public candidature form, and the docs).
PUBLIC_ENDPOINTS: set[tuple[str, str]] = {("post", "/api/v1/recruitment/candidatures")}


def _page_routes() -> list[str]:
    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                if str(p.pattern) in ("api/v1/", "admin/"):
                    continue
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                yield prefix + str(p.pattern)

    return list(walk(get_resolver().url_patterns))


def _operations() -> list[tuple[str, str]]:
    from cellops.site.api_v1 import api

    paths = api.get_openapi_schema(path_prefix="/api/v1/")["paths"]
    return [(method, path) for path, ops in paths.items() for method in ops]


def _fill(route: str, params: dict[str, str]) -> str:
    import re

    route = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: params[m.group(1)], route)
    return re.sub(r"\{(\w+)\}", lambda m: params[m.group(1)], route)


def _client(role: str, admin_user, django_user_model) -> Client:
    client = Client()
    if role == "anonymous":
        return client
    user = admin_user if role == "admin" else django_user_model.objects.get(username=role)
    client.force_login(user)
    return client


def _denied(status: int) -> bool:
    return status in (401, 403, 404) or status == 302


def _write_bodies(params: dict[str, str]) -> dict[tuple[str, str], dict]:
    """A body each write of the organisation and of sprints accepts as input, so what
    answers is the policy, not the schema."""
    today = str(date.today())
    return {
        ("post", "/api/v1/cells"): {"name": "Bebop", "kind": "dev"},
        ("post", "/api/v1/members"): {
            "username": "zed",
            "first_name": "Zed",
            "email": "zed@example.com",
            "cell": "Falcon",
        },
        ("post", "/api/v1/members/{username}/roles"): {"role": "ceo", "start": today},
        ("post", "/api/v1/clients"): {"name": "Acme"},
        ("post", "/api/v1/accounts"): {"name": "Acme"},
        ("post", "/api/v1/epics"): {
            "key": "EP-9",
            "title": "An epic",
            "account": "Hedera LMS",
            "owner": "developer",
            "reviewer": "manager",
        },
        ("post", "/api/v1/tickets"): {"title": "t", "cell": "Falcon", "account": "Hedera LMS"},
        ("patch", "/api/v1/tickets/{key}"): {"status": "Done"},
        ("post", "/api/v1/sprints/{cell}/{number}/estimation"): {},
        ("post", "/api/v1/sprints/{cell}/{number}/estimation/votes"): {
            "ticket": params["key"],
            "value": "5",
        },
        ("post", "/api/v1/sprints/{cell}/{number}/estimation/close"): {},
        ("post", "/api/v1/sprints/{cell}/{number}/start"): {"override": True, "confirm": True},
        ("post", "/api/v1/sprints/{cell}/{number}/complete"): {"confirm": True},
        ("post", "/api/v1/tickets/{key}/confirm"): {},
        ("post", "/api/v1/tickets/{key}/pull"): {},
        ("post", "/api/v1/sprints/{cell}/{number}/retrospective/items"): {
            "kind": "went well",
            "text": "x",
        },
        ("post", "/api/v1/sprints/{cell}/{number}/retrospective/publish"): {},
        ("post", "/api/v1/sprints/{cell}/{number}/retrospective/poll/approvals"): {"item": 1},
        ("delete", "/api/v1/sprints/{cell}/{number}/retrospective/poll/approvals/{item}"): {},
        ("post", "/api/v1/cells/{cell}/firefighters"): {"week": today, "members": []},
        ("post", "/api/v1/cells/{cell}/firefighters/rotation"): {"from": today, "weeks": 1},
        ("post", "/api/v1/sprints/{cell}/{number}/social-chat"): {
            "topic": "Games",
            "at": f"{today}T15:00:00+00:00",
        },
        ("post", "/api/v1/sprints/{cell}/{number}/video-updates"): {"url": "https://example.com/v"},
        ("post", "/api/v1/tech-talks"): {
            "title": "A talk",
            "cell": "Falcon",
            "sprint": int(params["number"]),
        },
        ("post", "/api/v1/tickets/{key}/comments"): {"text": "x"},
        ("put", "/api/v1/sprints/{cell}/{number}/spillover/{member}"): {"reason": "x"},
    }


# --- write use cases, called directly (issue #8: the use cases decide, not the doors) ---

#: Who may call each write use case of the organisation and of time off, by role of the
#: `world` above (the member written about is Falcon's developer).
ORG_EDITORS = frozenset({"ceo", "admin"})
FOR_DEVELOPER = frozenset({"developer", "manager", "ceo", "admin"})  # self, Falcon's SPM, CEO
IMPORTERS = frozenset({"manager", "other_manager", "ceo", "admin"})  # BOOK_TIME_OFF_FOR_OTHERS


def _write_use_cases(request_id: int) -> dict[str, tuple[frozenset[str], object]]:
    """Each write use case → (the roles allowed, a call with input it accepts)."""
    from cellops.org.data import CellKind
    from cellops.time_off import api as time_off_api
    from cellops.time_off.data import Kind
    from cellops.time_off.tests.calendar_files import event, ics, monday_in

    monday = monday_in(6)
    today = date.today()
    return {
        "org.create_cell": (ORG_EDITORS, lambda a: org_api.create_cell(a, "Bebop", CellKind.DEV)),
        "org.update_cell": (ORG_EDITORS, lambda a: org_api.update_cell(a, "Otter", CellKind.DEV)),
        "org.create_member": (
            ORG_EDITORS,
            lambda a: org_api.create_member(
                a, username="zed", first_name="Zed", last_name="", email="z@x.io", cell="Falcon"
            ),
        ),
        "org.update_member": (
            ORG_EDITORS,
            lambda a: org_api.update_member(a, "developer", timezone="UTC"),
        ),
        "org.assign_role": (
            ORG_EDITORS,
            lambda a: org_api.assign_role(
                a, member="developer", role=Role.CORE_COMMITTER, start=today
            ),
        ),
        "org.end_role": (ORG_EDITORS, lambda a: org_api.end_role(a, 999999, today)),
        "org.create_client": (ORG_EDITORS, lambda a: org_api.create_client(a, "Acme")),
        "org.create_account": (ORG_EDITORS, lambda a: org_api.create_account(a, "Acme")),
        # SL-5: accepting a proposal's epic: whoever works on leads (SCORE_LEADS)
        "org.accept_epic": (
            frozenset({"ceo", "admin"}),
            lambda a: org_api.accept_epic(a, "EP-404", Decimal(10)),
        ),
        "org.create_epic": (
            ORG_EDITORS,
            lambda a: org_api.create_epic(
                a, key="EP-9", title="t", account="Hedera LMS", owner="developer", reviewer="ceo"
            ),
        ),
        "time_off.book": (
            FOR_DEVELOPER,
            lambda a: time_off_api.book(
                a, member="developer", kind=Kind.OFF, start=monday, end=monday, dry_run=True
            ),
        ),
        "time_off.announce": (
            FOR_DEVELOPER,
            lambda a: time_off_api.announce(a, request_id, []),
        ),
        "time_off.cancel": (FOR_DEVELOPER, lambda a: time_off_api.cancel(a, request_id)),
        # one's own feed link: any active member (VIEW_TIME_OFF), administrators
        "time_off.new_feed_secret": (frozenset(MEMBERS), time_off_api.new_feed_secret),
        "time_off.revoke_feed_secret": (frozenset(MEMBERS), time_off_api.revoke_feed_secret),
        "time_off.import_calendar": (
            IMPORTERS,
            lambda a: time_off_api.import_calendar(
                a, ics(event("d", "Developer: off", f"{monday:%Y%m%d}"))
            ),
        ),
    }


#: The policy's own checks (they take an actor to answer whether it may), not use cases.
POLICY_CHECKS = frozenset({"org.check", "org.check_in_cell", "org.editor"})

#: Reads that take the actor (decision 0045): what they show depends on who asks, and
#: they write nothing, so they have no row in `_write_use_cases`.
ACTOR_READS = frozenset(
    {
        "org.audit_choices_seen_by",  # the audit page's filters (issue #14 item 16)
        "org.audit_log_seen_by",
        "org.audit_page_seen_by",  # the audit page, 50 a page (issue #14 item 16)
        "org.cell_seen_by",
        "org.cells_seen_by",
        "org.may_edit_organisation",
        "org.member_for",
        "org.shows_money",
        "org.sprint_for_date_seen_by",
        "org.sprint_overview_seen_by",
        "org.view_organisation",
        "org.zone_for",  # the zone pages show the actor's times in (issue #14 item 11)
        "time_off.away_by_day",
        "time_off.bookable_members",
        "time_off.can_book_for_others",
        "time_off.has_feed_secret",
        "time_off.may_book_for",
        "time_off.needs_of",
        "time_off.refusals_shown_to",
        "time_off.require_viewer",
        "time_off.shown",
        "time_off.shown_to",
        "time_off.upcoming",  # the home page's agency overview (issue #14 item 13)
    }
)


def _takes_an_actor(function) -> bool:
    import inspect

    params = list(inspect.signature(function).parameters.values())
    return bool(params) and params[0].name == "actor"
