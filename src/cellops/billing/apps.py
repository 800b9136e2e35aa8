from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "cellops.billing"
    label = "billing"
    verbose_name = "Billing"
