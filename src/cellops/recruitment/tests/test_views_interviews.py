"""The candidature page (RC-3 to RC-7), the .ics download (RC-6), closing a round (RC-1) and
the next step (RC-5): a jump or a step that is not one's own is refused on the status field
naming the rule; the second manager reviews, the CEO hires (decision 0059)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cellops.org import api as org_api
from cellops.org.data import MemberStatus, Role
from cellops.recruitment import api
from cellops.recruitment.data import Clarity, Contribution, Grade, Preselection
from cellops.recruitment.tests.test_views import FORM, _as, round_id  # noqa: F401

pytestmark = pytest.mark.django_db

SOON = (timezone.now() + timedelta(days=2)).replace(hour=15, minute=0, second=0, microsecond=0)


@pytest.fixture
def interviewed(round_id):  # noqa: F811
    _as("dev").logout()
    from django.test import Client

    Client().post(reverse("recruitment:apply"), FORM)
    rita = org_api.actor_named("rita")
    (cid,) = api.claim(rita, round_id).claimed
    pr = Contribution("https://github.com/openedx/edx-platform/pull/123", True, True, True, 99, 99)
    api.preselect(
        rita,
        cid,
        Preselection(pr, True, Clarity.CLEAR, Clarity.CLEAR, Clarity.DOUBT, 5),
    )
    api.schedule_interview(rita, cid, SOON, "rita")
    api.record_grades(
        rita, cid, [Grade(k, 4, f"{k} ok") for k, _ in api.criteria()], "https://rec.example/1"
    )
    return cid


def test_RC_6_the_candidature_page_shows_the_interview_scorecard_and_script(interviewed):
    page = _as("rita").get(reverse("recruitment:candidature", args=[interviewed]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Ana Lima" in text and "ana@example.com" in text
    # in the viewer's zone, named (issue #14 item 11); the test's people live in UTC
    assert f"{SOON:%a} {SOON.day} {SOON:%b %Y}, 15:00 (UTC)" in text
    assert "React?" in text  # RC-4's skills field
    assert "code_exercise ok" in text and "The code exercise" in text
    assert "The interview script (private)" in text and "Code exercise (10 min)" in text
    assert "https://rec.example/1" in text


@pytest.mark.parametrize("who", ["dev"])
def test_RC_7_anyone_else_gets_404_for_the_page_and_the_ics(interviewed, who):
    client = _as(who)
    assert client.get(reverse("recruitment:candidature", args=[interviewed])).status_code == 404
    assert client.get(reverse("recruitment:invitation", args=[interviewed])).status_code == 404


def test_RC_6_the_ics_downloads_from_the_candidature_page(interviewed):
    answer = _as("ceo").get(reverse("recruitment:invitation", args=[interviewed]))
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/calendar")
    unfolded = answer.content.replace(b"\r\n ", b"")
    assert b"METHOD:REQUEST" in unfolded and b"mailto:ana@example.com" in unfolded


def test_RC_1_the_ceo_closes_the_round_and_the_page_shows_it_closed(interviewed, round_id):  # noqa: F811
    url = reverse("recruitment:round", args=[round_id])
    assert "Close the round" not in _as("rita").get(url).content.decode()
    _as("rita").post(reverse("recruitment:close", args=[round_id]))
    assert api.round_counts(org_api.actor_named("ceo"), round_id).round.state == "open"
    assert "Close the round" in _as("ceo").get(url).content.decode()
    _as("ceo").post(reverse("recruitment:close", args=[round_id]))
    text = _as("rita").get(url).content.decode()
    assert "closed</strong> on" in text and "1 still in progress go on" in text
    assert "Close the round</button>" not in _as("ceo").get(url).content.decode()


@pytest.fixture
def assigned(round_id):  # noqa: F811
    from django.test import Client

    Client().post(reverse("recruitment:apply"), FORM)
    (cid,) = api.claim(org_api.actor_named("rita"), round_id).claimed
    return cid


PRESELECT = {
    "contribution_url": "https://github.com/openedx/edx-platform/pull/123",
    "merged": "on",
    "third_party": "on",
    "described": "on",
    "stars": "7000",
    "forks": "3900",
    "writing_ok": "on",
    "python": "clear",
    "django": "doubt",
    "react": "clear",
    "years_experience": "5",
}


def test_RC_3_RC_4_the_reviewer_preselects_from_the_candidature_page(assigned):
    url = reverse("recruitment:candidature", args=[assigned])
    page = _as("rita").get(url).content.decode()
    assert "Record the pre-selection" in page
    assert 'value="https://github.com/openedx/edx-platform/pull/123"' in page  # from the form
    done = _as("rita").post(reverse("recruitment:preselect", args=[assigned]), PRESELECT)
    assert done.status_code == 302
    found = api.candidature(org_api.actor_named("rita"), assigned)
    assert (found.status, found.skills) == ("selected", "Django?")
    assert "Send the invitation" in _as("rita").get(url).content.decode()


def test_RC_3_no_contribution_rejects_at_once_and_the_reason_is_shown(assigned):
    _as("rita").post(
        reverse("recruitment:preselect", args=[assigned]), {**PRESELECT, "contribution_url": ""}
    )
    page = _as("rita").get(reverse("recruitment:candidature", args=[assigned])).content.decode()
    assert "Rejected because" in page and "No merged pull request" in page


def test_bad_input_on_the_page_names_the_field_and_keeps_what_was_typed(assigned):
    answer = _as("rita").post(
        reverse("recruitment:preselect", args=[assigned]),
        {**PRESELECT, "years_experience": "many", "notes": "kept text"},
    )
    text = answer.content.decode()
    assert answer.status_code == 422 and "kept text" in text and "id_years_experience" in text


def test_RC_6_schedule_and_grade_through_the_page(assigned):
    rita = org_api.actor_named("rita")
    pr = Contribution("https://github.com/openedx/edx-platform/pull/123", True, True, True, 99, 99)
    api.preselect(
        rita, assigned, Preselection(pr, True, Clarity.CLEAR, Clarity.CLEAR, Clarity.CLEAR, 5)
    )
    at = f"{SOON:%Y-%m-%dT%H:%M}"
    sent = _as("rita").post(
        reverse("recruitment:schedule", args=[assigned]), {"at": at, "interviewer": "rita"}
    )
    assert sent.status_code == 302
    assert api.interview(rita, assigned).at == SOON
    bad = {"recording_url": "", **{f"grade_{k}": "5" for k, _ in api.criteria()}}
    refused = _as("rita").post(reverse("recruitment:grades", args=[assigned]), bad)
    assert refused.status_code == 422 and "comment" in refused.content.decode()
    good = {**bad, **{f"comment_{k}": "aced it" for k, _ in api.criteria()}}
    assert _as("rita").post(reverse("recruitment:grades", args=[assigned]), good).status_code == 302
    assert api.candidature(rita, assigned).status == "interviewed"


def test_RC_7_the_page_forms_answer_404_to_anyone_else(assigned):
    for name in ("preselect", "schedule", "grades", "status"):
        answer = _as("dev").post(reverse(f"recruitment:{name}", args=[assigned]), PRESELECT)
        assert answer.status_code == 404, name


def _step(username: str, cid: int, to: str, **extra):
    return _as(username).post(reverse("recruitment:status", args=[cid]), {"to": to, **extra})


def _error_of(html: str, field: str) -> str:
    start = html.index(f'id="id_{field}_error"')
    return html[start : html.index("</", start)]


def test_RC_5_a_jump_on_the_page_is_refused_on_the_status_naming_the_rule(interviewed):
    answer = _step("rita", interviewed, "hired", note="KEPT-NOTE")
    html = answer.content.decode()
    assert answer.status_code == 422
    error = _error_of(html, "to")
    assert "RC-5" in error and "accepted by interviewer" in error and "hired" in error
    assert "KEPT-NOTE" in html  # what was typed stays
    # the select offers only what is next from `interviewed`
    select = html[html.index('name="to"') : html.index("</select>", html.index('name="to"'))]
    assert "Accepted by interviewer" in select and "Refused" in select and "Hired" not in select
    assert api.candidature(org_api.actor_named("rita"), interviewed).status == "interviewed"


def test_RC_5_a_status_that_does_not_exist_is_refused_on_its_field(interviewed):
    answer = _step("rita", interviewed, "promoted")
    assert answer.status_code == 422
    assert "promoted" in _error_of(answer.content.decode(), "to")


def test_RC_5_the_second_manager_reviews_and_the_ceo_hires_through_the_page(
    interviewed,
    make_member,
):
    make_member("raj", roles=(Role.RECRUITMENT_MANAGER,))
    make_member("mentor")
    assert _step("rita", interviewed, "accepted by interviewer").status_code == 302
    own = _step("rita", interviewed, "reviewed")
    assert own.status_code == 422
    assert "second recruitment manager" in _error_of(own.content.decode(), "to")
    assert _step("raj", interviewed, "reviewed").status_code == 302
    refused = _step("raj", interviewed, "CEO interview")
    assert refused.status_code == 422 and "CEO" in _error_of(refused.content.decode(), "to")
    assert _step("ceo", interviewed, "CEO interview").status_code == 302
    start = org_api.sprint_calendar().for_date(date.today()).end + timedelta(days=1)
    half = _step("ceo", interviewed, "hired", start_date=start.isoformat(), mentor="mentor")
    assert half.status_code == 422  # no cell: hiring names it
    assert "cell" in _error_of(half.content.decode(), "cell")
    hired = _step(
        "ceo", interviewed, "hired", cell="Falcon", start_date=start.isoformat(), mentor="mentor"
    )
    assert hired.status_code == 302
    page = _as("ceo").get(reverse("recruitment:candidature", args=[interviewed])).content
    # people by name, the username on hover (issue #14 item 11)
    raj = '<span class="person" title="raj">Raj Tester</span>'
    ceo = '<span class="person" title="ceo">Ceo Tester</span>'
    assert f"reviewed, by {raj}" in page.decode()
    assert f"hired, by {ceo}: hired as ana" in page.decode()
    member = org_api.get_member("ana")
    assert (member.status, member.cell, member.start_date) == (
        MemberStatus.NEWCOMER,
        "Falcon",
        start,
    )
    # TR-1 on the newcomer's trial page: 56 days, the review deadline 7 days before
    trial = _as("mentor").get(reverse("trial:timeline"), {"newcomer": "ana"}).content.decode()
    end = start + timedelta(days=56)
    assert f'<time datetime="{end.isoformat()}"' in trial
    assert f'<time datetime="{(end - timedelta(days=7)).isoformat()}"' in trial
