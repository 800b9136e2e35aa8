from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cellops.platform"
    # The label of the app these models were born in: their tables (core_*) and
    # migration history stay where they are (decision 0023).
    label = "core"
    verbose_name = "Identity, audit and layout"

    def ready(self) -> None:
        from axes.signals import user_locked_out

        user_locked_out.connect(_audit_lockout, dispatch_uid="cellops.platform.audit_lockout")


def _audit_lockout(sender, request, username, ip_address, **kwargs) -> None:
    # django-axes also signals each refused attempt during a pause; only the start
    # of a pause has just counted the failures, and only that is worth an entry.
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is None:
        return
    from cellops.platform import api

    api.record_login_lockout(username or "", ip_address or "", failures)
