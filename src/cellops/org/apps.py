from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "cellops.org"
    label = "org"
    verbose_name = "Organisation"
