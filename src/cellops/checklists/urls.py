"""Pages of checklists under /checklists/."""

from django.urls import path

from cellops.checklists import views

app_name = "checklists"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("<int:run_id>/", views.detail, name="detail"),
    path("<int:run_id>/items/<int:item_id>/", views.tick, name="tick"),
    path("<int:run_id>/items/<int:item_id>/result/", views.result, name="result"),
]
