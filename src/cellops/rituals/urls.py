"""The ritual pages under /sprints/ (SP-13 to SP-15): per cell and sprint number, the
retrospective and updates page and the forms it posts to. The paths are the ones
they had among sprints' pages before decision 0028; the names are `rituals:…`."""

from django.urls import path

from cellops.rituals import views

app_name = "rituals"

urlpatterns = [
    # The retrospective page and the forms it posts.
    path("<str:cell>/<int:number>/retrospective/", views.retrospective, name="retrospective"),
    path(
        "<str:cell>/<int:number>/retrospective/items/",
        views.retrospective_item,
        name="retrospective_item",
    ),
    path(
        "<str:cell>/<int:number>/retrospective/publish/",
        views.retrospective_publish,
        name="retrospective_publish",
    ),
    path(
        "<str:cell>/<int:number>/retrospective/poll/",
        views.retrospective_poll,
        name="retrospective_poll",
    ),
    path(
        "<str:cell>/<int:number>/retrospective/video-update/",
        views.video_update,
        name="video_update",
    ),
    path(
        "<str:cell>/<int:number>/retrospective/social-chat/",
        views.social_chat,
        name="social_chat",
    ),
]
