from django.apps import AppConfig


class ChecklistsConfig(AppConfig):
    name = "cellops.checklists"
    label = "checklists"
    verbose_name = "Checklists"
