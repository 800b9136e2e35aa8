"""Back-office: the audit log, tokens and sent notifications, read-only (history is never edited)."""

from django.contrib import admin

from cellops.platform import models


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor", "action", "object_type", "object_id")
    list_filter = ("action", "object_type")
    search_fields = ("actor", "object_id")


@admin.register(models.ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")


@admin.register(models.Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("sent_at", "recipient", "subject", "key")
    search_fields = ("recipient", "key")
