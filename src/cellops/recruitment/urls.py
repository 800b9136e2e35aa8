from django.urls import path

from cellops.recruitment import views

app_name = "recruitment"
urlpatterns = [
    path("", views.rounds, name="rounds"),
    path("apply/", views.apply, name="apply"),
    path("apply/thanks/", views.thanks, name="thanks"),
    path("rounds/<int:round_id>/", views.round_page, name="round"),
    path("rounds/<int:round_id>/claim/", views.claim, name="claim"),
    path("rounds/<int:round_id>/close/", views.close, name="close"),
    path("candidatures/<int:candidature_id>/", views.candidature_page, name="candidature"),
    path("candidatures/<int:candidature_id>/preselect/", views.preselect, name="preselect"),
    path("candidatures/<int:candidature_id>/interview/", views.schedule, name="schedule"),
    path("candidatures/<int:candidature_id>/grades/", views.grades, name="grades"),
    path("candidatures/<int:candidature_id>/status/", views.step, name="status"),
    path("candidatures/<int:candidature_id>/interview.ics", views.invitation, name="invitation"),
]
