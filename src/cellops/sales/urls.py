"""Pages of sales under /sales/."""

from django.urls import path
from django.views.generic import RedirectView

from cellops.sales import views
from cellops.sales.views import documents, meetings

app_name = "sales"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="sales:score"), name="index"),
    path("score/", views.score, name="score"),
    path("score/result/", views.score_result, name="score_result"),
    path("leads/", views.leads, name="leads"),
    path("leads/<int:lead_id>/", views.lead, name="lead"),
    path("board/", views.board, name="board"),
    path("leads/<int:lead_id>/move", views.move, name="move"),
    path("leads/<int:lead_id>/facts", views.facts, name="facts"),
    path("leads/<int:lead_id>/close-steps", views.close_steps, name="close_steps"),
    path("leads/<int:lead_id>/blueprint", documents.blueprint, name="blueprint"),
    path("leads/<int:lead_id>/proposal", documents.proposal, name="proposal"),
    path("leads/<int:lead_id>/proposal/deliver", documents.deliver, name="deliver"),
    path("leads/<int:lead_id>/proposal/accept", documents.accept, name="accept"),
    path(
        "leads/<int:lead_id>/checklists/<str:which>",
        documents.client_checklist,
        name="client_checklist",
    ),
    path("leads/<int:lead_id>/meeting/", meetings.meeting, name="meeting"),
    path("leads/<int:lead_id>/meeting/notes", meetings.notes, name="meeting_notes"),
    path(
        "leads/<int:lead_id>/meeting/agenda/<int:item_id>",
        meetings.agenda_item,
        name="meeting_agenda",
    ),
    path("leads/<int:lead_id>/meeting/record", meetings.record, name="meeting_record"),
    path("follow-ups/", meetings.follow_ups, name="follow_ups"),
    path("follow-ups/<int:follow_up_id>/done", meetings.follow_up_done, name="follow_up_done"),
    path("reports/", views.reports, name="reports"),
    path("handbook-check/", views.handbook_check, name="handbook_check"),
]
