"""Recruitment's JSON door (API.md § Recruitment): the public form, shapes, problem+json."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from cellops.org.data import MemberStatus, Role

pytestmark = pytest.mark.django_db

BODY = {
    "name": "Ana Lima",
    "email": "ana@example.com",
    "timezone": "America/Sao_Paulo",
    "contributions": ["https://github.com/openedx/edx-platform/pull/123"],
    "years_experience": 5,
    "python": "Eight years, mostly Django.",
    "django": "Six years.",
    "react": "Two years.",
    "motivation": "I want to work on Open edX.",
}


@pytest.fixture
def people(make_member, api_client_for):
    make_member("ceo", roles=(Role.CEO,))
    make_member("rita", roles=(Role.RECRUITMENT_MANAGER,))
    make_member("dev")
    make_member("gone", status=MemberStatus.LEFT)
    clients = {n: api_client_for(n) for n in ("ceo", "rita", "dev", "gone")}
    made = clients["ceo"].post(
        "/api/v1/recruitment/rounds",
        {"name": "Spring", "cells": [{"cell": "Falcon", "wanted": 2, "margin": 1}]},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    assert made.json() == {
        "id": made.json()["id"],
        "name": "Spring",
        "state": "open",
        "cells": [{"cell": "Falcon", "wanted": 2, "margin": 1}],
    }
    return clients


def _apply(body=None, client=None):
    return (client or Client()).post(
        "/api/v1/recruitment/candidatures", body or BODY, content_type="application/json"
    )


def test_RC_1_the_public_form_needs_no_login_and_answers_only_id_and_received(people):
    answer = _apply()
    assert answer.status_code == 201, answer.content
    assert set(answer.json()) == {"id", "received"}
    again = _apply()
    assert again.status_code == 409
    assert again.headers["Content-Type"].startswith("application/problem+json")
    bad = _apply({**BODY, "email": "x@y.com", "years_experience": "many"})
    assert bad.status_code == 422 and "years_experience" in bad.json()["detail"]
    bad_email = _apply({**BODY, "email": "nope"})
    assert bad_email.status_code == 422 and "email" in bad_email.json()["detail"]
    huge = _apply({**BODY, "email": "z@y.com", "motivation": "x" * 5000})
    assert huge.status_code == 422 and "motivation" in huge.json()["detail"]


@override_settings(CELLOPS_CANDIDATURES_PER_HOUR=1)
def test_past_the_hourly_limit_an_address_gets_429(people):
    assert _apply().status_code == 201
    too_many = _apply({**BODY, "email": "other@example.com"})
    assert too_many.status_code == 429 and too_many["Retry-After"] == "3600"


def test_RC_7_candidatures_for_managers_and_the_ceo_404_and_empty_lists_for_others(people):
    cid = _apply().json()["id"]
    listed = people["rita"].get("/api/v1/recruitment/candidatures").json()
    assert listed["count"] == 1 and listed["items"][0]["email"] == "ana@example.com"
    assert people["ceo"].get(f"/api/v1/recruitment/candidatures/{cid}").status_code == 200
    assert people["dev"].get("/api/v1/recruitment/candidatures").json() == {"items": [], "count": 0}
    for who in ("dev", "gone"):
        assert people[who].get(f"/api/v1/recruitment/candidatures/{cid}").status_code == 404
        assert people[who].get(f"/api/v1/recruitment/candidatures/{cid}/export").status_code == 404
        assert people[who].delete(f"/api/v1/recruitment/candidatures/{cid}").status_code == 404
    assert Client().get("/api/v1/recruitment/candidatures").status_code == 401


def test_RC_2_RC_3_RC_5_claim_preselect_and_a_status_jump_through_the_api(people):
    cid = _apply().json()["id"]
    round_id = people["rita"].get(f"/api/v1/recruitment/candidatures/{cid}").json()["round"]
    claimed = people["rita"].post(f"/api/v1/recruitment/rounds/{round_id}/claim")
    assert claimed.status_code == 200 and claimed.json()["claimed"] == [cid]
    early = people["rita"].post(f"/api/v1/recruitment/rounds/{round_id}/claim")
    assert early.status_code == 422 and early.json()["violations"][0]["rule"] == "RC-2"
    assert "next_claim_at" in early.json()["violations"][0]
    check = {
        "contribution": None,
        "writing_ok": True,
        "python": "clear",
        "django": "doubt",
        "react": "none",
        "years_experience": 5,
    }
    pre = people["rita"].post(
        f"/api/v1/recruitment/candidatures/{cid}/preselection",
        check,
        content_type="application/json",
    )
    assert pre.status_code == 200, pre.content
    assert pre.json()["status"] == "rejected" and pre.json()["skills"] == "Django? React?"
    assert [v["rule"] for v in pre.json()["violations"]] == ["RC-3"]
    jump = people["rita"].post(
        f"/api/v1/recruitment/candidatures/{cid}/status",
        {"to": "hired"},
        content_type="application/json",
    )
    assert jump.status_code == 422
    assert jump.json()["violations"][0] == {
        "rule": "RC-5",
        "message": jump.json()["violations"][0]["message"],
        "field": "to",
        "allowed": [],
    }


def test_RC_7_export_then_erase_answers_204(people):
    cid = _apply().json()["id"]
    exported = people["ceo"].get(f"/api/v1/recruitment/candidatures/{cid}/export")
    assert exported.status_code == 200 and exported.json()["name"] == "Ana Lima"
    assert people["ceo"].delete(f"/api/v1/recruitment/candidatures/{cid}").status_code == 204
    assert people["ceo"].get(f"/api/v1/recruitment/candidatures/{cid}").json()["email"] == ""


def _preselected(people, **check):
    cid = _apply().json()["id"]
    round_id = people["rita"].get(f"/api/v1/recruitment/candidatures/{cid}").json()["round"]
    people["rita"].post(f"/api/v1/recruitment/rounds/{round_id}/claim")
    body = {
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
        **check,
    }
    pre = people["rita"].post(
        f"/api/v1/recruitment/candidatures/{cid}/preselection",
        body,
        content_type="application/json",
    )
    assert pre.status_code == 200, pre.content
    return cid, pre.json()


def test_RC_4_the_skills_field_is_OK_when_all_three_are_clear_and_kept(people):
    cid, pre = _preselected(people)
    assert (pre["status"], pre["skills"]) == ("selected", "OK")
    shown = people["rita"].get(f"/api/v1/recruitment/candidatures/{cid}").json()
    assert shown["skills"] == "OK"


def test_RC_4_a_doubt_on_react_alone_is_named_and_does_not_reject(people):
    _, pre = _preselected(people, react="doubt")
    assert (pre["status"], pre["skills"], pre["violations"]) == ("selected", "React?", [])


def test_RC_5_the_second_review_and_the_hire_through_the_api(people, make_member, api_client_for):
    make_member("raj", roles=(Role.RECRUITMENT_MANAGER,))
    cid, _ = _preselected(people)

    def step(who, to, **extra):
        client = people.get(who) or api_client_for(who)
        return client.post(
            f"/api/v1/recruitment/candidatures/{cid}/status",
            {"to": to, **extra},
            content_type="application/json",
        )

    for to in ("interview scheduled", "interviewed", "accepted by interviewer"):
        assert step("rita", to).status_code == 200
    own = step("rita", "reviewed")
    assert own.status_code == 422
    assert (own.json()["violations"][0]["rule"], own.json()["violations"][0]["field"]) == (
        "RC-5",
        "to",
    )
    assert step("raj", "reviewed").json()["status"] == "reviewed"
    assert step("rita", "CEO interview").status_code == 422
    assert step("ceo", "CEO interview").json()["status"] == "CEO interview"
