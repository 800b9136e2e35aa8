"""WF-3: the author edits an open proposal (problem, options, proposal); every edit is kept
with what each part was before, shown on the decision and audited; nobody else edits, and a
settled decision stays as it was settled."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from cellops.kernel.violations import InvalidInput, RuleRefusal
from cellops.workflows import api

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _propose(as_):
    return api.propose(
        as_("ada"),
        title="One database",
        problem="Two databases in CI.",
        options=["Both", "PostgreSQL only"],
        proposal="PostgreSQL only.",
        reviewers=["bob"],
    )


def test_WF_3_the_author_edits_an_open_proposal_and_its_history_is_kept(people, as_):
    made = _propose(as_)
    api.comment(as_("bob"), made.id, "Not before the CI image has it.", blocking=True)
    edited = api.revise(
        as_("ada"),
        made.id,
        problem="Two databases in CI, twice the time.",
        options=["Both", "PostgreSQL only", "SQLite only"],
    )
    assert edited.problem == "Two databases in CI, twice the time."
    assert edited.options == ("Both", "PostgreSQL only", "SQLite only")
    assert edited.state.value == "paused"  # editing resolves nothing
    (revision,) = edited.revisions
    assert revision.edited_by == "ada"
    assert revision.changes == (
        ("problem", "Two databases in CI.", "Two databases in CI, twice the time."),
        ("options", "Both\nPostgreSQL only", "Both\nPostgreSQL only\nSQLite only"),
    )
    assert api.revise(as_("ada"), made.id, proposal="PostgreSQL only.").revisions == (revision,)


def test_WF_3_only_the_author_edits_and_only_while_the_decision_is_open(people, as_):
    made = _propose(as_)
    with pytest.raises(PermissionDenied):
        api.revise(as_("bob"), made.id, proposal="Both.")
    with pytest.raises(InvalidInput) as blank:
        api.revise(as_("ada"), made.id, problem="  ")
    assert blank.value.field == "problem"
    api.agree(as_("ada"), made.id)
    with pytest.raises(RuleRefusal) as settled:
        api.revise(as_("ada"), made.id, proposal="Both.")
    assert settled.value.violations[0].rule == "WF-3"
    assert api.decision(as_("ada"), made.id).proposal == "PostgreSQL only."


def test_WF_3_editing_through_the_api_lists_the_revisions(people, as_, api_client_for):
    made = _propose(as_)
    answer = api_client_for("ada").patch(
        f"/api/v1/decisions/{made.id}", {"proposal": "Both, for now."}, content_type=JSON
    )
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["proposal"] == "Both, for now."
    assert body["revisions"][0]["changes"] == [
        {"field": "proposal", "before": "PostgreSQL only.", "after": "Both, for now."}
    ]
    other = api_client_for("bob").patch(
        f"/api/v1/decisions/{made.id}", {"proposal": "x"}, content_type=JSON
    )
    assert other.status_code == 403


def test_WF_3_the_decision_page_edits_the_proposal_and_shows_before_and_after(
    people, as_, django_user_model
):
    made = _propose(as_)
    client = Client()
    client.force_login(django_user_model.objects.get(username="ada"))
    url = reverse("workflows:decision", args=[made.id])
    assert "Edit the proposal" in client.get(url).content.decode()
    saved = client.post(
        reverse("workflows:edit", args=[made.id]),
        {
            "title": "One database",
            "problem": "Two databases in CI.",
            "options": "Both\nPostgreSQL only",
            "proposal": "SQLite only.",
        },
    )
    assert saved.status_code == 302
    page = client.get(url).content.decode()
    assert 'Edited by <span class="person" title="ada">Ada Tester</span>' in page
    assert '<del class="description-text">PostgreSQL only.</del>' in page
    assert '<ins class="description-text">SQLite only.</ins>' in page
    bob = Client()
    bob.force_login(django_user_model.objects.get(username="bob"))
    assert "Edit the proposal" not in bob.get(url).content.decode()
