"""Pages of sales under /sales/."""

from django.urls import path
from django.views.generic import RedirectView

from cellops.sales import views

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
    path("reports/", views.reports, name="reports"),
    path("handbook-check/", views.handbook_check, name="handbook_check"),
]
