from datetime import date
from typing import Any

from django.apps import AppConfig


class RitualsConfig(AppConfig):
    name = "cellops.rituals"
    label = "rituals"
    verbose_name = "Sprint rituals"

    def ready(self) -> None:
        # Sprints' pages link to the ritual page and list the tech talks without importing
        # rituals, which stands on the floor above (decision 0028).
        from cellops.kernel.actor import Actor
        from cellops.rituals import api
        from cellops.sprints import extensions

        def index_values(actor: Actor, today: date) -> dict[str, Any]:
            return {"tech_talks": api.tech_talks(actor, today)}

        extensions.add_sprint_page(
            extensions.SprintPage(
                page="retrospective",
                label="Retrospective and updates",
                url_name="rituals:retrospective",
            )
        )
        extensions.add_index_panel(
            extensions.IndexPanel(template="rituals/_sprints_index.html", context=index_values)
        )
