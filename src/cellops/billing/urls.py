"""Pages of billing under /billing/: the month's invoices and one invoice to print."""

from django.urls import path

from cellops.billing import views

app_name = "billing"
urlpatterns = [
    path("", views.invoices, name="invoices"),
    path("invoices/<int:invoice_id>/", views.invoice, name="invoice"),
    path("invoices/<int:invoice_id>/send", views.send, name="send"),
]
