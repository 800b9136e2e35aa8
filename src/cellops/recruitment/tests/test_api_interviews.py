"""RC-6 interviews, RC-5 rejection e-mails and RC-1 closing, against the database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from icalendar import Calendar

from cellops.kernel.violations import InvalidInput, NotFound, RuleRefusal
from cellops.platform.models import AuditEntry, Notification
from cellops.recruitment import api
from cellops.recruitment.data import Grade, Status
from cellops.recruitment.models import RejectionTemplate
from cellops.recruitment.tests.test_api import _assigned, _check, me, world  # noqa: F401

pytestmark = pytest.mark.django_db

SOON = timezone.now().replace(microsecond=0, second=0) + timedelta(days=3)


def _scorecard(grade: int = 4) -> list[Grade]:
    return [Grade(key, grade, f"{grade} – fine") for key, _ in api.criteria()]


def _selected(world, n=1):  # noqa: F811
    cid = _assigned(world, n)
    api.preselect(me("rita"), cid, _check())
    return cid


def test_RC_6_scheduling_emails_an_ics_invitation_once_and_moves_the_status(world):  # noqa: F811
    cid = _selected(world)
    found = api.schedule_interview(me("rita"), cid, SOON, "rita")
    assert api.candidature(me("rita"), cid).status is Status.INTERVIEW_SCHEDULED
    assert (found.at, found.interviewer, found.sequence) == (SOON, "rita", 0)
    (sent,) = mail.outbox
    assert sent.to == ["c1@example.com"]
    assert f"{SOON:%H:%M} UTC" in sent.body
    name, content, mimetype = sent.attachments[0]
    assert (name, mimetype.split(";")[0]) == ("interview.ics", "text/calendar")
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == SOON
    assert event.decoded("dtend") == SOON + timedelta(minutes=30)
    assert "c1@example.com" in str(event["attendee"])
    assert api.invitation_ics(me("rita"), cid).startswith(b"BEGIN:VCALENDAR")
    # the outbox keeps no address and the audit log neither (RC-7)
    row = Notification.objects.get(key=api.invitation_key(cid, 0))
    assert row.recipient == "(private)"
    assert not AuditEntry.objects.filter(object_id__contains="c1@example.com").exists()
    # moving it sends a new invitation (sequence 1), the status stays
    moved = api.schedule_interview(me("rita"), cid, SOON + timedelta(hours=2), "rita")
    assert moved.sequence == 1 and len(mail.outbox) == 2
    assert Calendar.from_ical(mail.outbox[1].attachments[0][1]).walk("VEVENT")[0]["sequence"] == 1


def test_RC_6_scheduling_refuses_the_past_a_stranger_and_a_skipped_step(world):  # noqa: F811
    cid = _selected(world)
    with pytest.raises(InvalidInput) as past:
        api.schedule_interview(me("rita"), cid, datetime(2020, 1, 1, tzinfo=UTC), "rita")
    assert past.value.field == "at"
    with pytest.raises(InvalidInput) as stranger:
        api.schedule_interview(me("rita"), cid, SOON, "dev")
    assert stranger.value.field == "interviewer"
    other = _assigned(world, 2)
    with pytest.raises(RuleRefusal) as jump:
        api.schedule_interview(me("rita"), other, SOON, "rita")
    assert jump.value.violations[0].rule == "RC-5"
    with pytest.raises(NotFound):
        api.schedule_interview(me("dev"), cid, SOON, "rita")
    assert mail.outbox == []


def test_RC_6_grades_are_1_to_5_with_a_comment_per_criterion_and_make_it_interviewed(
    world,  # noqa: F811
):
    cid = _selected(world)
    api.schedule_interview(me("rita"), cid, SOON, "rita")
    with pytest.raises(RuleRefusal) as bad:
        api.record_grades(me("rita"), cid, [Grade("communication", 6, "")], "not a url")
    fields = [v.extra["field"] for v in bad.value.violations]
    assert "grades[0].grade" in fields and "grades[0].comment" in fields
    assert "recording_url" in fields and all(v.rule == "RC-6" for v in bad.value.violations)
    with pytest.raises(PermissionDenied):
        api.record_grades(me("raj"), cid, _scorecard())
    found = api.record_grades(me("rita"), cid, _scorecard(5), "https://drive.example/rec/1")
    assert [g.grade for g in found.grades] == [5] * len(api.criteria())
    assert found.recording_url == "https://drive.example/rec/1"
    assert api.candidature(me("rita"), cid).status is Status.INTERVIEWED


def test_RC_6_the_interview_script_is_for_recruitment_managers_and_the_ceo(world):  # noqa: F811
    assert "code exercise" in api.interview_script(me("rita")).lower()
    assert api.interview_script(me("ceo")) == api.interview_script(me("raj"))
    for who in ("dev", "mentor", "gone"):
        with pytest.raises(NotFound):
            api.interview_script(me(who))


def test_RC_6_without_a_script_row_the_handbook_default_is_shown(world):  # noqa: F811
    from cellops.recruitment.data import DEFAULT_SCRIPT
    from cellops.recruitment.models import InterviewScript

    InterviewScript.objects.filter(key="default").update(text="Our own script.")
    assert api.interview_script(me("rita")) == "Our own script."
    InterviewScript.objects.all().delete()
    assert api.interview_script(me("rita")) == DEFAULT_SCRIPT


def _interviewed(world, n=1):  # noqa: F811
    cid = _selected(world, n)
    api.schedule_interview(me("rita"), cid, SOON, "rita")
    api.record_grades(me("rita"), cid, _scorecard(2))
    mail.outbox.clear()
    return cid


def test_RC_5_a_refused_interviewed_candidate_gets_one_rejection_email(world):  # noqa: F811
    cid = _interviewed(world)
    RejectionTemplate.objects.filter(key="after-interview").update(
        subject="About {round}", body="Dear {name}, thank you. {unknown} stays."
    )
    found = api.change_status(me("rita"), cid, "refused")
    (sent,) = mail.outbox
    assert sent.subject == "About Spring 2026"
    assert sent.body.startswith("Dear Candidate 1, thank you. {unknown} stays.")
    assert found.rejection_sent is not None
    assert Notification.objects.get(key=api.rejection_key(cid)).recipient == "(private)"
    assert AuditEntry.objects.filter(action="recruitment.rejection_email").count() == 1
    # a pre-selection rejection sends nothing (RC-5 names refused interviewed candidates)
    other = _assigned(world, 2)
    api.preselect(me("rita"), other, _check(contribution=None))
    assert len(mail.outbox) == 1


def test_RC_5_without_a_template_row_the_handbook_rejection_is_sent(world):  # noqa: F811
    cid = _interviewed(world)
    RejectionTemplate.objects.all().delete()
    api.change_status(me("rita"), cid, "refused")
    (sent,) = mail.outbox
    assert sent.subject == "Your application: our decision"
    assert sent.body.startswith("Dear Candidate 1,") and "(Spring 2026)" in sent.body


def test_RC_7_erasure_blanks_the_interview_comments_and_recording(world):  # noqa: F811
    cid = _selected(world)
    api.schedule_interview(me("rita"), cid, SOON, "rita")
    api.record_grades(me("rita"), cid, _scorecard(3), "https://drive.example/rec/9")
    assert api.export(me("rita"), cid)["interview"]["recording_url"].endswith("/9")
    api.erase(me("rita"), cid)
    kept = api.export(me("ceo"), cid)["interview"]
    assert kept["recording_url"] == "" and {g["comment"] for g in kept["grades"]} == {""}


def test_RC_1_closing_a_round_keeps_candidatures_going_and_only_the_ceo_closes(world):  # noqa: F811
    cid = _selected(world)
    with pytest.raises(PermissionDenied):
        api.close_round(me("rita"), world)
    closed = api.close_round(me("ceo"), world)
    assert (closed.state, closed.closed_by) == ("closed", "ceo")
    assert api.close_round(me("ceo"), world).closed == closed.closed
    counts = api.round_counts(me("rita"), world)
    assert (counts.in_progress, counts.may_close, counts.may_claim) == (1, False, True)
    # the candidature already received keeps going
    assert api.schedule_interview(me("rita"), cid, SOON, "rita").interviewer == "rita"
    with pytest.raises(NotFound):
        api.submit(
            __import__("cellops.recruitment.tests.test_api", fromlist=["x"]).application(9),
            world,
        )
