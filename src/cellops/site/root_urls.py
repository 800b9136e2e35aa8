"""URL map: pages by area, the JSON API under /api/v1/, the back-office admin."""

from django.contrib import admin
from django.urls import include, path

from cellops.site.api_v1 import api

urlpatterns = [
    path("", include("cellops.site.urls")),
    path("org/", include("cellops.org.urls")),
    path("trial/", include("cellops.trial.urls")),
    path("recruitment/", include("cellops.recruitment.urls")),
    path("sales/", include("cellops.sales.urls")),
    path("time-off/", include("cellops.time_off.urls")),
    path("sprints/", include("cellops.sprints.urls")),
    path("sprints/", include("cellops.rituals.urls")),  # the ritual pages of a sprint
    path("checklists/", include("cellops.checklists.urls")),
    path("billing/", include("cellops.billing.urls")),
    path("workflows/", include("cellops.workflows.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler400 = "cellops.site.views.bad_request"
handler404 = "cellops.site.views.not_found"
handler500 = "cellops.site.views.server_error"
handler403 = "cellops.site.views.forbidden"
