"""Template context shared by every page: the navigation by area, and who is looking."""

from __future__ import annotations

from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from cellops.org import api as org_api
from cellops.org.policy import Permission

# (label, url name, url prefix that marks the item current, permission or None)
AREAS = [
    ("Home", "core:home", "/", None),
    ("Organisation", "org:cells", "/org/", None),
    ("Sprints", "sprints:index", "/sprints/", None),
    ("Trial", "trial:timeline", "/trial/", None),
    ("Time off", "time_off:book", "/time-off/", None),
    ("Checklists", "checklists:mine", "/checklists/", None),
    ("Workflows", "workflows:index", "/workflows/", None),
    ("Leads", "sales:leads", "/sales/", None),
    ("Recruitment", "recruitment:rounds", "/recruitment/", Permission.VIEW_CANDIDATES),
    ("Billing", "billing:invoices", "/billing/", Permission.VIEW_INVOICES),
    ("Audit log", "core:audit", "/audit/", Permission.VIEW_AUDIT_LOG),
]


def navigation(request) -> dict:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"nav_items": []}
    items = []
    for label, url_name, prefix, permission in AREAS:
        if permission is not None and not org_api.can(request.user, permission):
            continue
        current = request.path == prefix if prefix == "/" else request.path.startswith(prefix)
        items.append({"label": label, "url": reverse(url_name), "current": current})
    return {"nav_items": items}


def viewer(request) -> dict:
    """The viewer's time zone and everyone's full names, read only when a page prints a time
    or a person (`site.templatetags.voice`)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "viewer_zone": SimpleLazyObject(lambda: org_api.zone_for(org_api.actor_for(user))),
        "people_names": SimpleLazyObject(org_api.full_names),
    }
