"""Pages of billing under /billing/: the month's invoices and one invoice to print;
worklogs listed, changed and deleted, with their history."""

from django.urls import path

from cellops.billing import views

app_name = "billing"
urlpatterns = [
    path("", views.invoices, name="invoices"),
    path("invoices/<int:invoice_id>/", views.invoice, name="invoice"),
    path("invoices/<int:invoice_id>/send", views.send, name="send"),
    path("worklogs/", views.worklogs, name="worklogs"),
    path("worklogs/<int:worklog_id>/", views.worklog, name="worklog"),
    path("worklogs/<int:worklog_id>/delete", views.delete_worklog, name="delete_worklog"),
]
