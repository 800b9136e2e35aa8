from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cellops.core"
    label = "core"
    verbose_name = "Identity, audit and layout"
