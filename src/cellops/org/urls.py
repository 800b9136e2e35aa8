from django.urls import path

from cellops.org import views

app_name = "org"
urlpatterns = [
    path("", views.cells, name="cells"),
    path("cells/<str:name>/", views.cell, name="cell"),
]
