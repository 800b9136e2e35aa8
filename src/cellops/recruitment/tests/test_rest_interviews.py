"""RC-6 through the JSON door: POST …/interview (201, an e-mail with an .ics) and
POST …/grades (201), privacy (404) and bad input (422 naming the field)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from cellops.recruitment import api
from cellops.recruitment.tests.test_rest import _apply, people  # noqa: F401

pytestmark = pytest.mark.django_db

AT = (timezone.now() + timedelta(days=4)).replace(microsecond=0, second=0)


def _post(client, path, body):
    return client.post(path, body, content_type="application/json")


@pytest.fixture
def selected(people):  # noqa: F811
    cid = _apply().json()["id"]
    rita = people["rita"]
    round_id = rita.get(f"/api/v1/recruitment/candidatures/{cid}").json()["round"]
    rita.post(f"/api/v1/recruitment/rounds/{round_id}/claim")
    check = {
        "contribution": {
            "url": "https://github.com/openedx/edx-platform/pull/123",
            "merged": True,
            "third_party": True,
            "described": True,
            "stars": 7000,
            "forks": 3900,
        },
        "writing_ok": True,
        "python": "clear",
        "django": "clear",
        "react": "clear",
        "years_experience": 5,
    }
    pre = _post(rita, f"/api/v1/recruitment/candidatures/{cid}/preselection", check)
    assert pre.json()["status"] == "selected"
    return cid


def test_RC_6_schedule_then_grade_through_the_api(people, selected):  # noqa: F811
    base = f"/api/v1/recruitment/candidatures/{selected}"
    made = _post(people["rita"], base + "/interview", {"at": AT.isoformat(), "interviewer": "rita"})
    assert made.status_code == 201, made.content
    assert (made.json()["interviewer"], made.json()["sequence"]) == ("rita", 0)
    assert mail.outbox[0].attachments[0][0] == "interview.ics"
    grades = [{"criterion": k, "grade": 3, "comment": "fine"} for k, _ in api.criteria()]
    graded = _post(people["rita"], base + "/grades", {"grades": grades})
    assert graded.status_code == 201 and [g["grade"] for g in graded.json()["grades"]] == [3] * 6
    assert people["rita"].get(base).json()["status"] == "interviewed"


def test_RC_6_bad_input_is_422_naming_the_field_and_others_get_404(people, selected):  # noqa: F811
    base = f"/api/v1/recruitment/candidatures/{selected}"
    naive = _post(
        people["rita"], base + "/interview", {"at": "2030-01-01T10:00", "interviewer": "rita"}
    )
    assert naive.status_code == 422 and "at" in naive.json()["detail"]
    hidden = _post(
        people["dev"], base + "/interview", {"at": AT.isoformat(), "interviewer": "rita"}
    )
    assert hidden.status_code == 404
    _post(people["rita"], base + "/interview", {"at": AT.isoformat(), "interviewer": "rita"})
    six = _post(
        people["rita"],
        base + "/grades",
        {"grades": [{"criterion": "communication", "grade": 6, "comment": "x"}]},
    )
    assert six.status_code == 422 and "grade" in six.json()["detail"]
    partial = _post(
        people["rita"],
        base + "/grades",
        {"grades": [{"criterion": "communication", "grade": 5, "comment": "x"}]},
    )
    assert partial.status_code == 422
    assert {v["rule"] for v in partial.json()["violations"]} == {"RC-6"}
    assert people["dev"].get(base + "/export").status_code == 404
