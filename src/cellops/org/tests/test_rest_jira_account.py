"""Issue #15: a member's Jira account id, set through the API, unique, matched by imports."""

from __future__ import annotations

import pytest

from cellops.org import api
from cellops.org.data import Role

pytestmark = pytest.mark.django_db

ACCOUNT = "557058:0a1b2c3d-0000-4000-8000-00000000ada1"


def test_the_ceo_sets_a_jira_account_id_and_a_second_member_cannot_take_it(
    make_member, client, django_user_model
):
    make_member("ada", cell="Falcon")
    make_member("bob", cell="Falcon")
    make_member("ceo", cell="Board", roles=(Role.CEO,))
    client.force_login(django_user_model.objects.get(username="ceo"))
    response = client.patch(
        "/api/v1/members/ada", {"jira_account_id": ACCOUNT}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["jira_account_id"] == ACCOUNT
    assert api.match_members({ACCOUNT}) == {ACCOUNT: ((api.member_pk("ada"), "ada"),)}
    taken = client.patch(
        "/api/v1/members/bob", {"jira_account_id": ACCOUNT}, content_type="application/json"
    )
    assert taken.status_code == 422 and "jira_account_id" in taken.json()["detail"]
    odd = client.patch(
        "/api/v1/members/bob", {"jira_account_id": "a b"}, content_type="application/json"
    )
    assert odd.status_code == 422
    client.force_login(django_user_model.objects.get(username="bob"))
    refused = client.patch(
        "/api/v1/members/bob", {"jira_account_id": "x1"}, content_type="application/json"
    )
    assert refused.status_code == 403
