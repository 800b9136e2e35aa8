from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "cellops.billing"
    label = "billing"
    verbose_name = "Billing"

    def ready(self) -> None:
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
