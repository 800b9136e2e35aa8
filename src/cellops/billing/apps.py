from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "cellops.billing"
    label = "billing"
    verbose_name = "Billing"

    def ready(self) -> None:
        # The tasks register themselves for `api` to queue by name (billing.queue); after
        # `cellops migrate` the monthly invoice drafting is queued (decision 0056).
        from django.db.models.signals import post_migrate

        from cellops.billing import tasks  # noqa: F401

        post_migrate.connect(_queue_monthly_drafts, sender=self)
        # Sprints' pages show worklogs and budgets without importing billing (decision 0023).
        from cellops.billing import api, panels
        from cellops.sprints import extensions

        extensions.provide_billing(
            extensions.Billing(
                worklogs_of=api.worklogs_of,
                log_work=api.log_work,
                may_log_for_others=api.may_log_for_others,
                planning_budgets=panels.planning_budgets,
                planning_panel=panels.planning_panel,
                burn=panels.burn,
            )
        )
        # A ticket moved to another epic takes its logged time to that epic's totals (SP-7).
        from cellops.sprints.api import hooks

        hooks.when_epic_changes(api.move_ticket_time)


def _queue_monthly_drafts(**kwargs: object) -> None:
    """After `cellops migrate`: make sure the next monthly drafting run is queued (once)."""
    from django.db import DatabaseError

    from cellops.billing import api

    try:
        api.schedule_monthly_drafts()
    except DatabaseError:  # billing's tables are not there (migrated back to zero)
        return
