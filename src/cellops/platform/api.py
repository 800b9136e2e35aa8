"""Use cases of the core app: personal API tokens, the audit log and email notifications.

Other apps record their writes with `record_audit` and tell people things by
email with `send_once` / `send_digest` (each item at most once per key); the
doors (token command, account page, bearer authentication) call the token
functions here.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from cellops.kernel.violations import InvalidInput, NotFound
from cellops.platform.data import AuditRecord, NewToken, TokenInfo
from cellops.platform.models import ApiToken, AuditEntry, Notification

TOKEN_PREFIX = "cel_"
SYSTEM_ACTOR = "system"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _token_info(token: ApiToken) -> TokenInfo:
    return TokenInfo(
        id=token.pk,
        name=token.name,
        prefix=token.prefix,
        created_at=token.created_at,
        last_used_at=token.last_used_at,
        revoked_at=token.revoked_at,
    )


def record_audit(
    actor: str, action: str, object_type: str, object_id: object, changes: dict[str, Any]
) -> None:
    """Keep one audit entry for a write. Call it inside the write's transaction."""
    AuditEntry.objects.create(
        actor=actor or SYSTEM_ACTOR,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        changes=_jsonable(changes),
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, Decimal):
        # The same figure reads back as 40 or 40.00 depending on the database.
        return format(value.normalize(), "f")
    return str(value)


def audit_log(limit: int = 200, object_type: str | None = None) -> list[AuditRecord]:
    """The most recent writes, newest first."""
    entries = AuditEntry.objects.all()
    if object_type:
        entries = entries.filter(object_type=object_type)
    return [
        AuditRecord(
            id=e.pk,
            at=e.at,
            actor=e.actor,
            action=e.action,
            object_type=e.object_type,
            object_id=e.object_id,
            changes=e.changes,
        )
        for e in entries[:limit]
    ]


def create_token(username: str, name: str = "", actor: str = SYSTEM_ACTOR) -> NewToken:
    """Make a personal token for `username`; its secret is returned once, then only hashed."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise NotFound("username", f"no user is called {username!r}")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name[:100], prefix=secret[:12], digest=_digest(secret)
        )
        record_audit(actor, "token.create", "api_token", token.pk, {"user": username, "name": name})
    return NewToken(info=_token_info(token), secret=secret)


def tokens_of(username: str) -> list[TokenInfo]:
    return [_token_info(t) for t in ApiToken.objects.filter(user__username=username)]


def revoke_token(username: str, token_id: int, actor: str) -> TokenInfo:
    """Revoke one of `username`'s tokens; revoking twice keeps the first time."""
    with transaction.atomic():
        token = (
            ApiToken.objects.select_for_update()
            .filter(pk=token_id, user__username=username)
            .first()
        )
        if token is None:
            raise NotFound("token", f"{username} has no token {token_id}")
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            record_audit(actor, "token.revoke", "api_token", token.pk, {"user": username})
    return _token_info(token)


def user_for_token(secret: str):  # -> User | None
    """The active user a bearer token belongs to, or None. Marks the token as used."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


# --- email notifications ---------------------------------------------------


def send_digest(
    recipient: str,
    subject: str,
    items: Mapping[str, str],
    *,
    intro: str = "",
    outro: str = "",
    actor: str = SYSTEM_ACTOR,
) -> list[str]:
    """Email `recipient` one message with the items (key → text) never sent before.

    Each key is recorded once (`Notification`), so a retried or doubled caller
    never tells anyone the same thing twice; a key should name the person and
    the item. Items already sent are left out; with none left nothing is sent.
    Returns the keys sent now. The rows are written before the message goes
    out, in one transaction: if sending fails, nothing is recorded and a retry
    sends it (a crash between sending and committing could send it again).
    """
    if not recipient:
        raise InvalidInput("recipient", "give the email address to send to")
    with transaction.atomic():
        known = set(Notification.objects.filter(key__in=list(items)).values_list("key", flat=True))
        fresh = [key for key in items if key not in known]
        if not fresh:
            return []
        Notification.objects.bulk_create(
            Notification(key=key, recipient=recipient, subject=subject[:200]) for key in fresh
        )
        body = "\n\n".join(part for part in (intro, *(items[k] for k in fresh), outro) if part)
        EmailMessage(subject, body + "\n", to=[recipient]).send()
        record_audit(
            actor, "email.send", "notification", recipient, {"subject": subject, "keys": fresh}
        )
    return fresh


def send_once(key: str, recipient: str, subject: str, body: str) -> bool:
    """Email `body` to `recipient` unless `key` was sent before; True when sent now."""
    return bool(send_digest(recipient, subject, {key: body}))
