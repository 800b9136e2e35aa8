from django.apps import AppConfig


class WorkflowsConfig(AppConfig):
    name = "cellops.workflows"
    label = "workflows"
    verbose_name = "Workflows"
