"""Pages of sprints under /sprints/: the index, and per cell and sprint number the
board, estimation and the planning dashboard, with the forms they post to."""

from django.urls import path, register_converter

from cellops.sprints import views
from cellops.sprints.data import KEY_PATTERN


class TicketKeyConverter:
    """WF-2: a ticket key in a URL, exactly the grammar every door and the database accept."""

    regex = KEY_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(TicketKeyConverter, "ticket_key")

app_name = "sprints"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:cell>/<int:number>/board/", views.board, name="board"),
    path("<str:cell>/<int:number>/board/move/", views.move, name="move"),
    path("<str:cell>/<int:number>/board/move/<ticket_key:key>/", views.move_form, name="move_form"),
    path("<str:cell>/<int:number>/estimation/", views.estimation, name="estimation"),
    path(
        "<str:cell>/<int:number>/estimation/open/",
        views.estimation_open,
        name="estimation_open",
    ),
    path(
        "<str:cell>/<int:number>/estimation/close/",
        views.estimation_close,
        name="estimation_close",
    ),
    path("<str:cell>/<int:number>/planning/", views.planning, name="planning"),
    # Parts of the planning page that load when opened (decision 0036).
    path(
        "<str:cell>/<int:number>/planning/how/<str:member>/",
        views.planning_how,
        name="planning_how",
    ),
    path(
        "<str:cell>/<int:number>/planning/burn/<str:kind>/<path:name>/",
        views.planning_burn,
        name="planning_burn",
    ),
    path("<str:cell>/<int:number>/planning/start/", views.start, name="start"),
    path("<str:cell>/<int:number>/planning/complete/", views.complete, name="complete"),
    path(
        "<str:cell>/<int:number>/planning/spillover-reason/",
        views.spillover_reason,
        name="spillover_reason",
    ),
]

# The ticket page (and the forms it posts to) and the new-ticket page of a sprint.
urlpatterns += [
    path("tickets/<ticket_key:key>/", views.ticket, name="ticket"),
    path("tickets/<ticket_key:key>/edit/", views.ticket_edit, name="ticket_edit"),
    path("tickets/<ticket_key:key>/comments/", views.ticket_comment, name="ticket_comment"),
    path("tickets/<ticket_key:key>/worklogs/", views.ticket_worklog, name="ticket_worklog"),
    path("tickets/<ticket_key:key>/remaining/", views.ticket_remaining, name="ticket_remaining"),
    path("<str:cell>/<int:number>/tickets/new/", views.ticket_new, name="ticket_new"),
]
