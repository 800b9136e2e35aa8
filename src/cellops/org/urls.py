from django.urls import path

from cellops.org import views

app_name = "org"
urlpatterns = [
    path("", views.cells, name="cells"),
    path("cells/<str:name>/", views.cell, name="cell"),
    path("members/", views.members, name="members"),
    path("members/<str:username>/", views.member, name="member"),
    path("members/<str:username>/roles", views.assign_role, name="assign_role"),
    path("clients/", views.clients, name="clients"),
    path("epics/", views.epics, name="epics"),
    path("sprints/", views.sprints, name="sprints"),
]
