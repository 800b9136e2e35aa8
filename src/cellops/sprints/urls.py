"""Pages of sprints under /sprints/: the index, and per cell and sprint number the
board, estimation and the planning dashboard, with the forms they post to."""

from django.urls import path

from cellops.sprints import views

app_name = "sprints"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:cell>/<int:number>/board/", views.board, name="board"),
    path("<str:cell>/<int:number>/board/move/", views.move, name="move"),
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
    path("<str:cell>/<int:number>/planning/start/", views.start, name="start"),
    path("<str:cell>/<int:number>/planning/complete/", views.complete, name="complete"),
]
