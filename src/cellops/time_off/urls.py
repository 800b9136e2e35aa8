"""Pages of time off under /time-off/."""

from django.urls import path

from cellops.time_off import views

app_name = "time_off"
urlpatterns = [
    path("", views.book, name="book"),
    path("check/", views.check, name="check"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/feed-link/", views.feed_link, name="feed_link"),
    path("calendar/feed-link/revoke/", views.revoke_feed_link, name="revoke_feed_link"),
    path("<int:request_id>/", views.detail, name="detail"),
    path("<int:request_id>/announce/", views.announce, name="announce"),
    path("<int:request_id>/cancel/", views.cancel, name="cancel"),
]
