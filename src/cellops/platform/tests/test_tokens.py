"""Personal API tokens take the kernel's `Actor` (decision 0058): a person handles their own
tokens; another person's only as an administrator or the system (the `cellops token`
command); the audit log records who acted."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from cellops.kernel.actor import Actor
from cellops.platform import api
from cellops.platform.models import AuditEntry

pytestmark = pytest.mark.django_db


def _person(name: str, admin: bool = False) -> Actor:
    get_user_model().objects.create_user(name, is_staff=admin)
    return Actor(username=name, is_admin=admin, roles=frozenset())


def test_a_person_makes_lists_and_revokes_their_own_token_and_the_audit_names_them():
    """Without a username the token functions act on the actor's own tokens."""
    ada = _person("ada")
    new = api.create_token(ada, "laptop")
    assert [t.name for t in api.tokens_of(ada)] == ["laptop"]
    assert api.revoke_token(ada, new.info.id).revoked_at is not None
    tokens = AuditEntry.objects.filter(object_type="api_token").order_by("pk")
    assert list(tokens.values_list("actor", "action", "changes")) == [
        ("ada", "token.create", {"user": "ada", "name": "laptop"}),
        ("ada", "token.revoke", {"user": "ada"}),
    ]


def test_a_person_may_not_touch_another_persons_tokens():
    """Naming someone else is refused for a member: create, list and revoke alike."""
    ada, _ = _person("ada"), _person("bob")
    bobs = api.create_token(Actor.system(), username="bob")
    with pytest.raises(PermissionDenied):
        api.create_token(ada, username="bob")
    with pytest.raises(PermissionDenied):
        api.tokens_of(ada, "bob")
    with pytest.raises(PermissionDenied):
        api.revoke_token(ada, bobs.info.id, username="bob")
    assert api.tokens_of(Actor.system(), "bob")[0].revoked_at is None


def test_an_administrator_and_the_system_handle_anyones_tokens():
    """The `cellops token` command acts as the system; an administrator may too."""
    root, _ = _person("root", admin=True), _person("bob")
    new = api.create_token(Actor.system(), "ci", username="bob")
    assert api.revoke_token(root, new.info.id, username="bob").revoked_at is not None
    assert AuditEntry.objects.get(action="token.create").actor == "system"
    assert AuditEntry.objects.get(action="token.revoke").actor == "root"
