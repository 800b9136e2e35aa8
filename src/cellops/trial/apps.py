from django.apps import AppConfig


class TrialConfig(AppConfig):
    name = "cellops.trial"
    label = "trial"
    verbose_name = "Newcomers' trial"
