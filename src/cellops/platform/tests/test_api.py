"""Email notifications (`core.api.send_once`, `send_digest`): each item reaches a person once,
however often a task retries; a failed send is not recorded, so the retry sends it."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import override_settings

from cellops.kernel.violations import InvalidInput
from cellops.platform import api
from cellops.platform.models import Notification

pytestmark = pytest.mark.django_db

UNREACHABLE_SMTP = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
    }
}


def test_send_once_emails_a_key_once():
    """The same key sent twice is one email and one record."""
    assert api.send_once("hello:ada", "ada@example.com", "Hello", "Hi Ada") is True
    assert api.send_once("hello:ada", "ada@example.com", "Hello", "Hi Ada") is False
    [email] = mail.outbox
    assert (email.to, email.subject, email.body) == (["ada@example.com"], "Hello", "Hi Ada\n")
    assert list(Notification.objects.values_list("key", "recipient")) == [
        ("hello:ada", "ada@example.com")
    ]


def test_a_digest_sends_only_the_items_not_sent_before_in_one_message():
    """A digest leaves out what was sent; with nothing new it sends nothing."""
    assert api.send_digest("ada@example.com", "Gaps", {"a": "- A", "b": "- B"}) == ["a", "b"]
    assert api.send_digest("ada@example.com", "Gaps", {"a": "- A", "b": "- B"}) == []
    sent = api.send_digest(
        "ada@example.com", "Gaps", {"b": "- B", "c": "- C"}, intro="Hello", outro="Bye"
    )
    assert sent == ["c"]
    assert [e.body for e in mail.outbox] == ["- A\n\n- B\n", "Hello\n\n- C\n\nBye\n"]
    assert Notification.objects.count() == 3


def test_a_message_that_fails_to_send_is_not_recorded_and_a_retry_sends_it():
    """When the mail server refuses, nothing is recorded; the retry sends the item."""
    with override_settings(MAILERS=UNREACHABLE_SMTP), pytest.raises(OSError):
        api.send_once("retry:ada", "ada@example.com", "Hello", "Hi")
    assert Notification.objects.count() == 0
    assert api.send_once("retry:ada", "ada@example.com", "Hello", "Hi") is True
    assert len(mail.outbox) == 1


def test_each_email_sent_is_audited():
    """One audit entry per email, naming the recipient and the keys it carried."""
    api.send_digest("ada@example.com", "Gaps", {"a": "- A", "b": "- B"})
    api.send_digest("ada@example.com", "Gaps", {"a": "- A"})
    [entry] = [e for e in api.audit_log() if e.action == "email.send"]
    assert (entry.object_id, entry.changes["keys"]) == ("ada@example.com", ["a", "b"])


def test_an_email_needs_an_address():
    """No address, no email and no record."""
    with pytest.raises(InvalidInput):
        api.send_once("x", "", "Hello", "Hi")
    assert (len(mail.outbox), Notification.objects.count()) == (0, 0)
