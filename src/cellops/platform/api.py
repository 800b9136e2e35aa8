"""Use cases of the core app: personal API tokens, the audit log, email notifications
and the login safeguards (failed-login lock-out, password change and reset).

Other apps record their writes with `record_audit` and tell people things by
email with `send_once` / `send_digest` (each item at most once per key); the
doors (token command, account page, bearer authentication) call the token
functions here.

The token functions take the `Actor` (the kernel's one type, decision 0058) like
every use case: a person manages their own tokens; an administrator, or the system
(`Actor.system()`, the `cellops token` command), anyone's. That is a question of
ownership, not of roles: platform lies below `org` (decision 0023) and cannot ask
`org.policy`. Elsewhere who acted is a *name* (`record_audit`, `send_once`): the
use cases above decide who may and hand down `actor.username`, or the system's name
("system", "demo", "cli") for work the software does on its own authority.
"""

from __future__ import annotations

import functools
import secrets
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from axes.models import AccessAttempt
from axes.utils import reset as reset_failed_logins
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from cellops.kernel.actor import Actor
from cellops.kernel.digests import digest as _digest
from cellops.kernel.violations import InvalidInput, NotFound
from cellops.platform.data import AuditFilter, AuditPage, AuditRecord, NewToken, TokenInfo
from cellops.platform.models import ApiToken, AuditEntry, Notification

__all__ = [
    "PRIVATE_RECIPIENT",
    "SYSTEM_ACTOR",
    "TOKEN_PREFIX",
    "audit_actors",
    "audit_log",
    "audit_object_types",
    "audit_page",
    "create_token",
    "login_paused_until",
    "record_audit",
    "record_login_lockout",
    "revoke_token",
    "save_password",
    "send_digest",
    "send_once",
    "tokens_of",
    "user_for_token",
    "users_for_password_reset",
    "was_sent",
]

TOKEN_PREFIX = "cel_"
#: What a private email's rows keep instead of the address (RC-7).
PRIVATE_RECIPIENT = "(private)"
SYSTEM_ACTOR = "system"


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
    """Keep one audit entry for a write. Call it inside the write's transaction.

    `actor` is the name of who made the write (a username, or the system's name), as
    the audit page shows it: the use case calling this has already decided, on an
    `org.data.Actor`, that they may.
    """
    AuditEntry.objects.create(
        actor=actor or SYSTEM_ACTOR,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        changes=_jsonable(changes),
    )


def _jsonable(value: object) -> object:
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


def _audit_record(e: AuditEntry) -> AuditRecord:
    return AuditRecord(
        id=e.pk,
        at=e.at,
        actor=e.actor,
        action=e.action,
        object_type=e.object_type,
        object_id=e.object_id,
        changes=e.changes,
    )


def _audit_entries(which: AuditFilter, zone: str = "UTC") -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.all()
    if which.actor:
        entries = entries.filter(actor=which.actor)
    if which.object_type:
        entries = entries.filter(object_type=which.object_type)
    if which.object_id is not None:
        entries = entries.filter(object_id=which.object_id)
    tz = ZoneInfo(zone)
    if which.since:
        entries = entries.filter(at__gte=datetime.combine(which.since, time(), tz))
    if which.until:
        next_day = which.until + timedelta(days=1)
        entries = entries.filter(at__lt=datetime.combine(next_day, time(), tz))
    return entries


def audit_log(
    limit: int = 200,
    object_type: str | None = None,
    object_id: object | None = None,
    which: AuditFilter | None = None,
    zone: str = "UTC",
) -> list[AuditRecord]:
    """The most recent writes, newest first, at most `limit`: all, of `object_type` (of one
    object, when `object_id` is given), or those `which` selects (its days are whole days
    in `zone`)."""
    if which is None:
        ident = None if object_id is None else str(object_id)
        which = AuditFilter(object_type=object_type, object_id=ident)
    return [_audit_record(e) for e in _audit_entries(which, zone)[:limit]]


def audit_page(
    which: AuditFilter, number: int = 1, per_page: int = 50, zone: str = "UTC"
) -> AuditPage:
    """Page `number` (from 1; past the last is the last) of the writes `which` selects."""
    entries = _audit_entries(which, zone)
    total = entries.count()
    pages = max(1, -(-total // per_page))
    number = min(max(1, number), pages)
    start = (number - 1) * per_page
    rows = [_audit_record(e) for e in entries[start : start + per_page]]
    return AuditPage(entries=rows, total=total, number=number, per_page=per_page)


def audit_actors() -> list[str]:
    """Everyone who has made a write, as the audit page offers them to filter by."""
    return sorted(set(AuditEntry.objects.values_list("actor", flat=True).distinct()))


def audit_object_types() -> list[str]:
    """Every kind of object the audit log holds an entry about."""
    return sorted(set(AuditEntry.objects.values_list("object_type", flat=True).distinct()))


def _owner(actor: Actor, username: str | None) -> str:
    """Whose tokens `actor` is handling: their own (no `username`), or, for an
    administrator or the system, `username`'s; PermissionDenied for anyone else's."""
    owner = actor.username if username is None else username
    if owner != actor.username and not actor.is_admin:
        raise PermissionDenied("You may only manage your own API tokens.")
    return owner


def create_token(actor: Actor, name: str = "", *, username: str | None = None) -> NewToken:
    """Make a personal token for `username` (default: the actor's own); its secret is
    returned once, then only hashed. The audit log records the actor."""
    owner = _owner(actor, username)
    user = get_user_model().objects.filter(username=owner).first()
    if user is None:
        raise NotFound("username", f"no user is called {owner!r}")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name[:100], prefix=secret[:12], digest=_digest(secret)
        )
        record_audit(
            actor.username, "token.create", "api_token", token.pk, {"user": owner, "name": name}
        )
    return NewToken(info=_token_info(token), secret=secret)


def tokens_of(actor: Actor, username: str | None = None) -> list[TokenInfo]:
    """The tokens of `username` (default: the actor's own), never their secrets."""
    owner = _owner(actor, username)
    return [_token_info(t) for t in ApiToken.objects.filter(user__username=owner)]


def revoke_token(actor: Actor, token_id: int, *, username: str | None = None) -> TokenInfo:
    """Revoke one of `username`'s tokens (default: the actor's own); revoking twice
    keeps the first time. Another person's token is not found."""
    owner = _owner(actor, username)
    with transaction.atomic():
        token = (
            ApiToken.objects.select_for_update().filter(pk=token_id, user__username=owner).first()
        )
        if token is None:
            raise NotFound("token", f"{owner} has no token {token_id}")
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            record_audit(actor.username, "token.revoke", "api_token", token.pk, {"user": owner})
    return _token_info(token)


@functools.cache
def _live_tokens() -> QuerySet:
    """Tokens not revoked, of active users, with the user: shaped once per process, as every
    API request asks (building the queryset cost more than running it; decision 0069)."""
    return ApiToken.objects.select_related("user").filter(
        revoked_at__isnull=True, user__is_active=True
    )


def user_for_token(secret: str) -> AbstractBaseUser | None:
    """The active user a bearer token belongs to, or None. Marks the token as used."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = _live_tokens().filter(digest=_digest(secret)).first()
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
    attachments: Sequence[tuple[str, bytes, str]] = (),
    private: bool = False,
) -> list[str]:
    """Email `recipient` one message with the items (key → text) never sent before.

    Each key is recorded once (`Notification`), so a retried or doubled caller
    never tells anyone the same thing twice; a key should name the person and
    the item. Items already sent are left out; with none left nothing is sent.
    Returns the keys sent now. The rows are written before the message goes
    out, in one transaction: if sending fails, nothing is recorded and a retry
    sends it (a crash between sending and committing could send it again).

    `attachments` are (file name, content, MIME type), e.g. an `.ics` invitation.
    `private` (a candidate's address, RC-7): the rows and the audit entry keep the keys
    and the subject but not the address, so nothing personal outlives an erasure.
    """
    if not recipient:
        raise InvalidInput("recipient", "give the email address to send to")
    with transaction.atomic():
        known = set(Notification.objects.filter(key__in=list(items)).values_list("key", flat=True))
        fresh = [key for key in items if key not in known]
        if not fresh:
            return []
        kept = PRIVATE_RECIPIENT if private else recipient
        Notification.objects.bulk_create(
            Notification(key=key, recipient=kept, subject=subject[:200]) for key in fresh
        )
        body = "\n\n".join(part for part in (intro, *(items[k] for k in fresh), outro) if part)
        message = EmailMessage(subject, body + "\n", to=[recipient])
        for name, content, mimetype in attachments:
            message.attach(name, content, mimetype)
        message.send()
        record_audit(
            actor,
            "email.send",
            "notification",
            fresh[0] if private else recipient,
            {"subject": subject, "keys": fresh},
        )
    return fresh


def send_once(
    key: str,
    recipient: str,
    subject: str,
    body: str,
    *,
    actor: str = SYSTEM_ACTOR,
    attachments: Sequence[tuple[str, bytes, str]] = (),
    private: bool = False,
) -> bool:
    """Email `body` to `recipient` unless `key` was sent before; True when sent now."""
    return bool(
        send_digest(
            recipient,
            subject,
            {key: body},
            actor=actor,
            attachments=attachments,
            private=private,
        )
    )


def was_sent(key: str) -> datetime | None:
    """When the email item `key` was sent, or None."""
    return Notification.objects.filter(key=key).values_list("sent_at", flat=True).first()


# --- login safeguards (decision 0018) ----------------------------------------


def login_paused_until(
    username: str, address: str, *, limit: int, cool_off: timedelta, now: datetime | None = None
) -> datetime | None:
    """When logging in as `username` or from `address` may resume, or None if it is not paused.

    django-axes counts the failures whose last attempt is within `cool_off`,
    separately per username and per address; a count at `limit` or more
    pauses logins. Each pause ends when enough of its newest failures age out.
    """
    now = now or timezone.now()
    since = now - cool_off
    ends = []
    for criterion in (Q(username=username) if username else None, Q(ip_address=address)):
        if criterion is None:
            continue
        attempts = AccessAttempt.objects.filter(criterion, attempt_time__gte=since).order_by(
            "-attempt_time"
        )
        end = _pause_end(((a.attempt_time, a.failures_since_start) for a in attempts), limit)
        if end is not None:
            ends.append(end + cool_off)
    return max(ends) if ends else None


def _pause_end(newest_first: Iterable[tuple[datetime, int]], limit: int) -> datetime | None:
    """The attempt time whose ageing-out brings the count of failures under `limit`."""
    total = 0
    for at, failures in newest_first:
        total += failures
        if total >= limit:
            return at
    return None


def record_login_lockout(username: str, address: str, failures: int | None) -> None:
    """Audit that logins for `username` / from `address` were just paused."""
    with transaction.atomic():
        record_audit(
            SYSTEM_ACTOR,
            "login.lockout",
            "login",
            username or address,
            {"username": username, "address": address, "failures": failures},
        )


def users_for_password_reset(email: str) -> Iterator[AbstractBaseUser]:
    """The active people with this email address who may get a reset link.

    Unlike Django's default this includes people whose password was never set
    (members are created without one, decision 0004): the link is how they set it.
    """
    users = get_user_model().objects.filter(email__iexact=email, is_active=True)
    return (u for u in users if u.email.casefold() == email.casefold())


def save_password(form: SetPasswordForm | PasswordChangeForm, action: str) -> AbstractBaseUser:
    """Save a Django set-password form (change or reset) and audit it in one transaction.

    A reset also lifts a failed-login pause on the username: proving the email
    address is enough to get back in.
    """
    with transaction.atomic():
        user = form.save()
        record_audit(user.get_username(), action, "user", user.get_username(), {"password": "set"})
        if action == "password.reset":
            reset_failed_logins(username=user.get_username())
    return user
