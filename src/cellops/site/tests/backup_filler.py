"""Run by `cellops shell -c` after `cellops demo` in the backup tests: a row in every
table the demo leaves empty, with awkward values (non-ASCII text, microseconds,
trailing-zero decimals, JSON, an IPv6 address), so a restore has everything to lose."""

from datetime import UTC, date, datetime, timedelta

from axes.models import AccessAttempt, AccessAttemptExpiration, AccessFailureLog, AccessLog
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore

from cellops.kernel.actor import Actor
from cellops.org.models import Member
from cellops.platform import api as platform_api
from cellops.platform.models import Notification
from cellops.sprints.models import Comment, EstimationSession, Ticket, Vote
from cellops.time_off.models import FeedLink

User = get_user_model()
user = User.objects.order_by("pk").first()
group = Group.objects.create(name="Réviseurs ✓")
group.permissions.add(Permission.objects.order_by("pk").first())
user.groups.add(group)
user.user_permissions.add(Permission.objects.order_by("-pk").first())
LogEntry.objects.create(
    user=user,
    content_type=ContentType.objects.get_for_model(Group),
    object_id=str(group.pk),
    object_repr="Réviseurs ✓",
    action_flag=ADDITION,
    change_message='[{"added": {}}]',
)
platform_api.create_token(Actor.system(), "laptop — ünïcode", username=user.username)
session = SessionStore()
session["note"] = "kept"
session.create()
Notification.objects.create(key="backup-test", recipient="a@example.com", subject="Zürich 🚀")
ticket = Ticket.objects.order_by("pk").first()
Comment.objects.create(ticket=ticket, author=user.username, text="line one\nline «two»\t")
Vote.objects.create(
    session=EstimationSession.objects.order_by("pk").first(),
    ticket=ticket,
    member=Member.objects.order_by("pk").first(),
    value="5",
    comment="",
)
FeedLink.objects.create(user=user, digest="d" * 64)
common = {"user_agent": "test", "ip_address": "2001:db8::1", "username": "ghost"}
common |= {"http_accept": "*/*", "path_info": "/login/"}
attempt = AccessAttempt.objects.create(**common, get_data="", post_data="", failures_since_start=3)
AccessAttemptExpiration.objects.create(
    access_attempt=attempt, expires_at=datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
)
AccessFailureLog.objects.create(**common, locked_out=False)
AccessLog.objects.create(**common, logout_time=datetime.now(UTC) + timedelta(microseconds=7))
# WF-2: a pull request row (the demo has none), written by the model as the filler does above.
from cellops.workflows.models import PullRequest  # noqa: E402

PullRequest.objects.create(
    url="https://example.com/acme/pr/1",
    title="[FAL-1] feat: keep «this»",
    ticket=ticket.key,
    author=user.username,
    checklist=1,
)
# SL-4 (decision 0056) and RC-6 (decision 0053): rows the demo does not write.
from cellops.recruitment.models import Grade, Interview  # noqa: E402
from cellops.sales.models import FollowUp, IntroMeeting, Lead  # noqa: E402

lead = Lead.objects.filter(meeting__isnull=True).order_by("pk").first()
IntroMeeting.objects.create(lead=lead, situation="Zürich «office»", problem="slow\nreports")
FollowUp.objects.create(lead=lead, task="Send the blueprint draft", due=date(2026, 12, 9))
Grade.objects.create(
    interview=Interview.objects.order_by("pk").first(), criterion="django", grade=4, comment="ok"
)
