from django.urls import path

from cellops.trial import views

app_name = "trial"
urlpatterns = [
    path("", views.timeline, name="timeline"),
    path("reviews/<int:review_id>/", views.review, name="review"),
    path("reviews/<int:review_id>/vote/", views.vote, name="vote"),
    path("reviews/<int:review_id>/decide/", views.decide, name="decide"),
]
