"""Finding 3 of issue #9: a body over the size limits was a 500; now a 413.

And the generic NUL guard: a NUL in a path or query value reached PostgreSQL.
"""

from __future__ import annotations

from cellops.time_off import api as time_off_api

PROBLEM_JSON = "application/problem+json"
OVER = 2_700_000  # past DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB)


def test_finding_3_an_api_body_over_the_limit_is_413_problem_json_naming_the_limit(
    admin_client,
):
    response = admin_client.post(
        "/api/v1/cells", b'{"name": "' + b"x" * OVER + b'"}', content_type="application/json"
    )
    assert response.status_code == 413
    assert response["Content-Type"].startswith(PROBLEM_JSON)
    problem = response.json()
    assert problem["status"] == 413
    assert problem["title"] == "Content Too Large"
    assert problem["errors"] == [{"field": "body", "message": problem["detail"][6:]}]
    assert problem["detail"].startswith("body: the body is too large")
    assert "at most 2.5 MB" in problem["detail"]


def test_finding_3_an_ics_import_over_the_limit_is_413(admin_client):
    response = admin_client.post(
        "/api/v1/time-off/import",
        b"BEGIN:VCALENDAR\r\n" * (time_off_api.MAX_IMPORT_BYTES // 17 + 1),
        content_type="text/calendar",
    )
    assert response.status_code == 413
    assert response.json()["status"] == 413


def test_finding_3_a_form_over_the_limit_is_a_413_page_saying_what_to_do(admin_browser):
    response = admin_browser.generic(
        "POST", "/org/clients/", b"name=" + b"x" * OVER, "application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "Too much data" in page
    assert "a body of at most 2.5 MB" in page
    assert "Nothing was saved" in page


def test_finding_3_a_form_with_too_many_fields_is_a_413_page(admin_browser):
    body = "&".join(f"f{i}=x" for i in range(1001)).encode()
    response = admin_browser.generic(
        "POST", "/org/clients/", body, "application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
    assert "at most 1000 form fields" in response.content.decode()


def test_a_nul_in_an_api_path_parameter_is_422_naming_it(admin_client):
    response = admin_client.get("/api/v1/cells/Fal%00con")
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "name", "message": "must not contain NUL characters"}
    ]


def test_a_nul_in_an_api_query_value_is_422_naming_it(admin_client):
    response = admin_client.get("/api/v1/members?cell=Fal%00con")
    assert response.status_code == 422
    assert response.json()["detail"] == "cell: must not contain NUL characters"


def test_a_nul_in_a_page_address_is_a_400_page_naming_it(admin_browser):
    response = admin_browser.get("/org/members/ad%00a/")
    assert response.status_code == 400
    assert "username must not contain NUL characters" in response.content.decode()
    response = admin_browser.get("/audit/?type=a%00b")
    assert response.status_code == 400
    assert "type must not contain NUL characters" in response.content.decode()
