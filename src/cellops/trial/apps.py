from django.apps import AppConfig
from django.db.models.signals import post_save


class TrialConfig(AppConfig):
    name = "cellops.trial"
    label = "trial"
    verbose_name = "Newcomers' trial"

    def ready(self) -> None:
        # TR-2, TR-5: the software makes a newcomer's reviews when the newcomer is saved
        # (created, start date or status changed) or given a mentor. org sits below
        # trial and cannot call it, so trial listens to org's saves (decision 0030).
        post_save.connect(_member_saved, sender="org.Member", dispatch_uid="trial-reviews")
        post_save.connect(_role_saved, sender="org.RoleAssignment", dispatch_uid="trial-mentor")


def _member_saved(sender, instance, raw: bool = False, **kwargs) -> None:
    if raw or instance.status != "newcomer" or instance.start_date is None:
        return
    from cellops.trial.api import onboarding, reviews

    reviews.ensure_reviews(reviews.SOFTWARE, instance.user.username)
    # issue #10: the newcomer's onboarding checklist, from its template
    onboarding.ensure_onboarding(reviews.SOFTWARE, instance.user.username)


def _role_saved(sender, instance, raw: bool = False, **kwargs) -> None:
    if raw or instance.role != "mentor" or instance.mentee_id is None:
        return
    mentee = instance.mentee
    if mentee.status != "newcomer" or mentee.start_date is None:
        return
    from cellops.trial.api import reviews

    reviews.ensure_reviews(reviews.SOFTWARE, mentee.user.username)
