"""URL map: pages by area, the JSON API under /api/v1/, the back-office admin."""

from django.contrib import admin
from django.urls import include, path

from cellops.rest import api

urlpatterns = [
    path("", include("cellops.core.urls")),
    path("org/", include("cellops.org.urls")),
    path("trial/", include("cellops.trial.urls")),
    path("sales/", include("cellops.sales.urls")),
    path("time-off/", include("cellops.time_off.urls")),
    path("sprints/", include("cellops.sprints.urls")),
    path("checklists/", include("cellops.checklists.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler400 = "cellops.core.views.bad_request"
handler404 = "cellops.core.views.not_found"
handler500 = "cellops.core.views.server_error"
handler403 = "cellops.core.views.forbidden"
