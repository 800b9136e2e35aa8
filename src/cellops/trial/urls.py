from django.urls import path

from cellops.trial import views

app_name = "trial"
urlpatterns = [path("", views.timeline, name="timeline")]
