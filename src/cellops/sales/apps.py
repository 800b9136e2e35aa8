from django.apps import AppConfig


class SalesConfig(AppConfig):
    name = "cellops.sales"
    label = "sales"
    verbose_name = "Sales"
