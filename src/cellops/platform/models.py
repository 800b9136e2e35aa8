"""Personal API tokens, the audit log and sent notifications. Thin: fields and constraints only."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """A personal token. Only its SHA-256 digest is stored; the prefix helps recognise it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, blank=True)
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} {self.prefix}…"


class AuditEntry(models.Model):
    """Every write through a use case leaves one entry here."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.CharField(max_length=150, help_text="username, or 'system' for commands")
    action = models.CharField(max_length=100)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=200)
    changes = models.JSONField(default=dict)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_type} {self.object_id}"


class Notification(models.Model):
    """One item told to one person by email, at most once: its `key` is unique.

    An email may carry several items (one row each, same subject and time);
    a key names the item and the person, e.g. ``SP-5:Falcon/25:F-1:reviewer:ada``.
    """

    key = models.CharField(max_length=255, unique=True)
    recipient = models.CharField(max_length=254, help_text="email address it was sent to")
    subject = models.CharField(max_length=200)
    sent_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.sent_at:%Y-%m-%d %H:%M} {self.recipient} {self.key}"
