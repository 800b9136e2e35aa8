"""Bad input reaching the recruitment pages and endpoints (issue #10): grades outside 1–5,
a claim before its time, a status jump, a duplicate or oversized application, a malformed
e-mail or link. Each is refused with the field or the rule named, never a server error;
the public form shows the problem and keeps everything the candidate typed."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cellops.org import api as org_api
from cellops.org.data import Role
from cellops.recruitment import api
from cellops.recruitment.data import CellNeed, Clarity, Contribution, Preselection

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Ana Lima",
    "email": "ana@example.com",
    "timezone": "UTC-3",
    "contributions": "https://github.com/openedx/edx-platform/pull/123\n",
    "years_experience": "5",
    "python": "TYPED-PYTHON eight years.",
    "django": "TYPED-DJANGO six years.",
    "react": "TYPED-REACT two years.",
    "motivation": "TYPED-MOTIVATION Open edX.",
    "website": "",
}


@pytest.fixture
def round_id(make_member):
    make_member("ceo", roles=(Role.CEO,))
    make_member("rita", roles=(Role.RECRUITMENT_MANAGER,))
    return api.open_round(org_api.actor_named("ceo"), "Spring", [CellNeed("Falcon", 2)]).id


def _as(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _error(page: str, field: str) -> str:
    start = page.index(f'id="id_{field}_error"')
    return html.unescape(page[start : page.index("</ul>", start)])


def _apply(body: dict) -> tuple[int, str]:
    answer = Client().post(reverse("recruitment:apply"), body)
    assert answer.status_code < 500
    return answer.status_code, answer.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("email", "ana@", "name@example.com"),
        ("email", "ana example.com", "name@example.com"),
        ("contributions", "javascript:alert(1)", "https://"),
        ("contributions", "github.com/openedx/edx-platform/pull/1", "https://"),
        ("contributions", "https://x.io/" + "p" * 600, "https://"),
        ("python", "x" * 4001, "at most 4000"),
        ("motivation", "   ", "required"),
        ("years_experience", "many", "number"),
        ("years_experience", "61", "60"),
        ("name", "N" * 201, "at most 200"),
    ],
)
def test_the_public_form_names_the_field_and_keeps_what_was_typed(round_id, field, value, words):
    status, page = _apply({**FORM, field: value})
    assert status == 422
    assert words in _error(page, field)
    for key in ("python", "django", "react", "motivation"):
        if key != field:
            assert FORM[key] in page, f"{key} was not kept"
    assert 'value="Ana Lima"' in page or field == "name"
    assert api.candidatures(org_api.actor_named("rita")) == []


def test_a_duplicate_application_is_refused_kindly_keeping_what_was_typed(round_id):
    assert _apply(FORM)[0] == 302
    status, page = _apply({**FORM, "email": "ANA@example.com", "python": "SECOND-TRY"})
    assert status == 422
    assert "no need to send it again" in html.unescape(page)
    assert "SECOND-TRY" in page
    assert "Candidate" not in page.replace("candidature", "")  # nothing about anyone else
    assert len(api.candidatures(org_api.actor_named("rita"))) == 1


def test_an_oversized_body_on_the_public_form_is_413_not_a_crash(round_id):
    answer = Client().generic(
        "POST",
        reverse("recruitment:apply"),
        b"name=" + b"x" * 2_700_000,
        "application/x-www-form-urlencoded",
    )
    assert answer.status_code == 413


def _selected(round_id: int) -> int:
    _apply(FORM)
    rita = org_api.actor_named("rita")
    (cid,) = api.claim(rita, round_id).claimed
    pr = Contribution("https://github.com/openedx/edx-platform/pull/123", True, True, True, 99, 99)
    api.preselect(rita, cid, Preselection(pr, True, Clarity.CLEAR, Clarity.CLEAR, Clarity.CLEAR, 5))
    at = (timezone.now() + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    api.schedule_interview(rita, cid, at, "rita")
    return cid


@pytest.mark.parametrize("grade", ["0", "6", "-1", "3.5", "five", "", "9" * 400])
def test_RC_6_a_grade_outside_1_to_5_on_the_scorecard_names_its_field(round_id, grade):
    cid = _selected(round_id)
    criteria = [key for key, _ in api.criteria()]
    body = {f"grade_{k}": "4" for k in criteria} | {
        f"comment_{k}": "TYPED-COMMENT" for k in criteria
    }
    body[f"grade_{criteria[0]}"] = grade
    answer = _as("rita").post(reverse("recruitment:grades", args=[cid]), body)
    assert answer.status_code == 422
    page = answer.content.decode()
    assert _error(page, f"grade_{criteria[0]}")
    assert page.count("TYPED-COMMENT") >= len(criteria)  # every comment kept
    assert api.candidature(org_api.actor_named("rita"), cid).status == "interview scheduled"


@pytest.mark.parametrize("grade", [0, 6, -3, 3.5, "4", True, None])
def test_RC_6_a_grade_outside_1_to_5_through_the_api_is_422_naming_it(
    round_id, api_client_for, grade
):
    cid = _selected(round_id)
    grades = [{"criterion": k, "grade": 4, "comment": "ok"} for k, _ in api.criteria()]
    grades[2]["grade"] = grade
    answer = api_client_for("rita").post(
        f"/api/v1/recruitment/candidatures/{cid}/grades",
        {"grades": grades},
        content_type="application/json",
    )
    assert answer.status_code == 422, answer.content
    problem = answer.json()
    named = [v.get("field") for v in problem.get("violations", [])] + [
        e.get("field") for e in problem.get("errors", [])
    ]
    assert any("grade" in (n or "") for n in named) or "grade" in problem["detail"]


def test_RC_2_a_claim_before_its_time_says_when_on_the_page_and_in_the_api(
    round_id, api_client_for
):
    _apply(FORM)
    _apply({**FORM, "email": "bo@example.com"})
    client = _as("rita")
    first = client.post(reverse("recruitment:claim", args=[round_id]), follow=True)
    assert "You claimed 2 candidatures." in first.content.decode()  # ceil(2 / 1)
    _apply({**FORM, "email": "cy@example.com"})  # one more waits, but not for rita yet
    again = client.post(reverse("recruitment:claim", args=[round_id]), follow=True)
    assert again.status_code == 200
    text = html.unescape(again.content.decode())
    assert "RC-2" in text and "next claim is possible at" in text
    early = api_client_for("rita").post(f"/api/v1/recruitment/rounds/{round_id}/claim")
    assert early.status_code == 422 and early.json()["violations"][0]["rule"] == "RC-2"


def test_RC_5_a_status_jump_on_the_page_and_in_the_api_names_the_rule(round_id, api_client_for):
    cid = _selected(round_id)
    page = _as("rita").post(reverse("recruitment:status", args=[cid]), {"to": "hired"})
    assert page.status_code == 422 and "RC-5" in _error(page.content.decode(), "to")
    jump = api_client_for("rita").post(
        f"/api/v1/recruitment/candidatures/{cid}/status",
        {"to": "CEO interview"},
        content_type="application/json",
    )
    assert jump.status_code == 422
    assert jump.json()["violations"][0]["allowed"] == ["interviewed"]
