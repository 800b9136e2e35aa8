from django.apps import AppConfig


class SprintsConfig(AppConfig):
    name = "cellops.sprints"
    label = "sprints"
    verbose_name = "Sprints"

    def ready(self) -> None:
        # The tasks register themselves for `api` to queue by name (sprints.queue).
        from cellops.sprints import tasks  # noqa: F401
