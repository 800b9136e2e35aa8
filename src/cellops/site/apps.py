from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "cellops.site"
    label = "cellops_site"
    verbose_name = "Home page, demo, imports and the assembly of pages and API"
