from django.apps import AppConfig


class SprintsConfig(AppConfig):
    name = "cellops.sprints"
    label = "sprints"
    verbose_name = "Sprints"
