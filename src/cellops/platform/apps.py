from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cellops.platform"
    # The label of the app these models were born in: their tables (core_*) and
    # migration history stay where they are (decision 0023).
    label = "core"
    verbose_name = "Identity, audit and layout"
