"""Recruitment's use cases against the database (RC-1, RC-2, RC-3, RC-5, RC-7)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings

from cellops.kernel.violations import Conflict, InvalidInput, NotFound, RuleRefusal
from cellops.org import api as org_api
from cellops.org.data import Actor, MemberStatus, Role
from cellops.platform.models import AuditEntry
from cellops.recruitment import api
from cellops.recruitment.data import (
    Application,
    CellNeed,
    Clarity,
    Contribution,
    Preselection,
    Status,
)

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
SYSTEM = Actor.system("test")


def me(username: str) -> Actor:
    return org_api.actor_named(username)


def application(n: int = 1, **override) -> Application:
    values = {
        "name": f"Candidate {n}",
        "email": f"c{n}@example.com",
        "years_experience": 4,
        "python": "Six years of Python.",
        "django": "Four years.",
        "react": "Some.",
        "motivation": "I like open source.",
        "contributions": ("https://github.com/openedx/edx-platform/pull/1",),
    }
    return Application(**(values | override))


@pytest.fixture
def world(make_member):
    """Falcon and Otter recruit; rita is a recruitment manager (organisation-wide), the CEO
    opened the round; dev is a developer; gone left; a recruitment manager with no round."""
    make_member("ceo", roles=(Role.CEO,))
    make_member("rita", roles=(Role.RECRUITMENT_MANAGER,))
    make_member("raj", cell="Otter", roles=(Role.RECRUITMENT_MANAGER,))
    make_member("dev")
    make_member("gone", status=MemberStatus.LEFT, roles=(Role.RECRUITMENT_MANAGER,))
    make_member("mentor")
    found = api.open_round(
        me("ceo"), "Spring 2026", [CellNeed("Falcon", 2, 1), CellNeed("Otter", 1)]
    )
    return found.id


def test_RC_1_only_the_ceo_opens_a_round_with_its_cells_needs(world):
    rounds = api.rounds(me("ceo"))
    assert [(r.name, r.state, r.cells) for r in rounds] == [
        ("Spring 2026", "open", (CellNeed("Falcon", 2, 1), CellNeed("Otter", 1, 0)))
    ]
    with pytest.raises(PermissionDenied):
        api.open_round(me("rita"), "Mine", [CellNeed("Falcon", 1)])
    with pytest.raises(RuleRefusal) as refused:
        api.open_round(me("ceo"), "Bad", [CellNeed("Falcon", 0)])
    assert refused.value.violations[0].rule == "RC-1"


def _submit(round_id, n=1, at=T0, **override):
    return api.submit(application(n, **override), round_id, address="203.0.113.9", now=at)


def test_RC_1_a_candidature_arrives_and_is_at_once_visible_to_the_rounds_managers(world):
    received = _submit(world)
    assert received.received == T0
    [seen] = api.candidatures(me("rita"))
    assert (seen.id, seen.status, seen.name) == (received.id, Status.NEW, "Candidate 1")
    # the audit entry keeps no personal data
    entry = AuditEntry.objects.get(action="recruitment.apply")
    assert "Candidate 1" not in str(entry.changes) and "c1@" not in str(entry.changes)


@pytest.mark.parametrize("who", ["dev", "gone"])
def test_RC_7_anyone_else_gets_an_empty_list_and_404_never_a_hint(world, who):
    received = _submit(world)
    if who == "gone":  # ORG-2: an inactive member is refused, as everywhere
        with pytest.raises(PermissionDenied):
            api.candidatures(me(who))
    else:
        assert api.candidatures(me(who)) == []
    with pytest.raises(NotFound):
        api.candidature(me(who), received.id)
    with pytest.raises(NotFound):
        api.export(me(who), received.id)
    with pytest.raises(NotFound):
        api.round_counts(me(who), world)


def test_RC_7_the_ceo_and_an_administrator_see_candidatures(world):
    received = _submit(world)
    assert api.candidature(me("ceo"), received.id).email == "c1@example.com"
    assert api.candidature(SYSTEM, received.id).name == "Candidate 1"


def test_a_duplicate_email_in_the_same_round_is_refused_kindly(world):
    _submit(world, 1)
    with pytest.raises(Conflict) as duplicate:
        _submit(world, 2, email="C1@example.com")
    assert "already have a candidature" in duplicate.value.message
    assert len(api.candidatures(me("rita"))) == 1


def test_malformed_input_names_the_field(world):
    with pytest.raises(InvalidInput) as bad:
        _submit(world, email="not-an-address")
    assert bad.value.field == "email"


@override_settings(CELLOPS_CANDIDATURES_PER_HOUR=2)
def test_each_address_sends_a_limited_number_of_candidatures_an_hour(world):
    _submit(world, 1)
    _submit(world, 2)
    with pytest.raises(api.TooManyCandidatures):
        _submit(world, 3)
    assert _submit(world, 4, at=T0 + timedelta(hours=1, seconds=1)).id


def test_RC_2_claim_my_share_takes_the_oldest_and_waits_48_hours(world):
    ids = [_submit(world, n, at=T0 + timedelta(minutes=n)).id for n in range(1, 6)]
    result = api.claim(me("rita"), world, now=T0 + timedelta(hours=1))
    assert result.claimed == tuple(ids[:3])  # ceil(5 / 2 cells)
    assert result.next_claim_at == T0 + timedelta(hours=49)
    with pytest.raises(RuleRefusal) as early:
        api.claim(me("rita"), world, now=T0 + timedelta(hours=2))
    assert early.value.violations[0].extra["next_claim_at"] == "2026-03-04T10:00:00+00:00"
    other = api.claim(me("raj"), world, now=T0 + timedelta(hours=2))
    assert other.claimed == tuple(ids[3:4])  # ceil(2 / 2)
    assert [c.assignee for c in api.candidatures(me("ceo"))] == ["rita"] * 3 + ["raj", None]


def test_RC_2_a_claim_with_nothing_left_takes_nothing_and_starts_no_clock(world):
    assert api.claim(me("rita"), world, now=T0).claimed == ()
    received = _submit(world, 1)
    assert api.claim(me("rita"), world, now=T0 + timedelta(minutes=1)).claimed == (received.id,)


def test_RC_2_the_ceo_does_not_claim_and_a_developer_cannot_see_the_round(world):
    with pytest.raises(PermissionDenied):
        api.claim(me("ceo"), world, now=T0)
    with pytest.raises(NotFound):
        api.claim(me("dev"), world, now=T0)


GOOD_PR = Contribution(
    "https://github.com/openedx/edx-platform/pull/1", True, True, True, 7000, 4000
)


def _check(**override) -> Preselection:
    values = {
        "contribution": GOOD_PR,
        "writing_ok": True,
        "python": Clarity.CLEAR,
        "django": Clarity.DOUBT,
        "react": Clarity.DOUBT,
        "years_experience": 4,
    }
    return Preselection(**(values | override))


def _assigned(world, n=1):
    received = _submit(world, n, at=T0 + timedelta(minutes=n))
    api.claim(me("rita"), world, now=T0 + timedelta(days=3 * n))
    return received.id


def test_RC_3_RC_4_preselection_selects_or_rejects_with_reasons_and_the_skills_field(world):
    first = _assigned(world, 1)
    status, reasons, skills, flag = api.preselect(
        me("rita"), first, _check(recent_open_edx_provider=True)
    )
    assert (status, reasons, skills, flag) == (Status.SELECTED, [], "Django? React?", True)
    second = _assigned(world, 2)
    status, reasons, _, _ = api.preselect(me("rita"), second, _check(contribution=None))
    assert status is Status.REJECTED and [v.rule for v in reasons] == ["RC-3"]
    assert api.candidature(me("rita"), second).rejection_reasons[0].startswith("No merged")
    with pytest.raises(RuleRefusal) as again:
        api.preselect(me("rita"), second, _check())
    assert again.value.violations[0].rule == "RC-5"


def test_RC_5_the_status_flow_refuses_a_jump_and_lists_the_allowed_steps(world):
    cid = _assigned(world)
    api.preselect(me("rita"), cid, _check())
    with pytest.raises(RuleRefusal) as jump:
        api.change_status(me("rita"), cid, "hired")
    assert jump.value.violations[0].extra["allowed"] == ["interview scheduled"]


def test_RC_3_the_exclusivity_flag_holds_the_interview_until_the_ceo(world):
    cid = _assigned(world)
    api.preselect(me("rita"), cid, _check(recent_open_edx_provider=True))
    with pytest.raises(RuleRefusal) as held:
        api.change_status(me("rita"), cid, "interview scheduled")
    assert held.value.violations[0].rule == "RC-3"
    assert api.change_status(me("ceo"), cid, "interview scheduled").status == (
        Status.INTERVIEW_SCHEDULED
    )


def test_RC_5_hiring_creates_the_member_as_a_newcomer_with_their_trial_reviews(world):
    from cellops.trial import api as trial_api

    cid = _assigned(world)
    api.preselect(me("rita"), cid, _check())
    for by, step in (
        ("rita", "interview scheduled"),
        ("rita", "interviewed"),
        ("rita", "accepted by interviewer"),
        ("raj", "reviewed"),  # a second recruitment manager
        ("ceo", "CEO interview"),
    ):
        api.change_status(me(by), cid, step)
    with pytest.raises(InvalidInput) as missing:
        api.change_status(me("ceo"), cid, "hired")
    assert missing.value.field == "cell"
    hired = api.change_status(
        me("ceo"), cid, "hired", cell="Falcon", start_date=date(2026, 4, 6), mentor="mentor"
    )
    assert hired.status is Status.HIRED
    member = org_api.get_member("c1")
    assert (member.status, member.cell, member.start_date) == (
        MemberStatus.NEWCOMER,
        "Falcon",
        date(2026, 4, 6),
    )
    reviews = trial_api.reviews_of(SYSTEM, "c1")
    assert [r.kind for r in reviews] == ["screening", "developer"]
    assert "mentor" in reviews[0].reviewers


def test_RC_5_the_second_managers_review_and_the_ceos_steps(world):
    """The assignee who interviewed does not review their own candidate; another recruitment
    manager does. The CEO interview and the hire are the CEO's (decision 0059)."""
    cid = _assigned(world)
    api.preselect(me("rita"), cid, _check())
    for step in ("interview scheduled", "interviewed", "accepted by interviewer"):
        api.change_status(me("rita"), cid, step)
    with pytest.raises(RuleRefusal) as own:
        api.change_status(me("rita"), cid, "reviewed")
    assert (own.value.violations[0].rule, own.value.violations[0].extra["field"]) == (
        "RC-5",
        "to",
    )
    assert api.candidature(me("rita"), cid).status is Status.ACCEPTED_BY_INTERVIEWER
    assert api.change_status(me("raj"), cid, "reviewed").status is Status.REVIEWED
    with pytest.raises(RuleRefusal) as not_ceo:
        api.change_status(me("raj"), cid, "CEO interview")
    assert "CEO" in not_ceo.value.violations[0].message
    api.change_status(me("ceo"), cid, "CEO interview")
    with pytest.raises(RuleRefusal):
        api.change_status(me("rita"), cid, "refused")
    with pytest.raises(RuleRefusal):
        api.change_status(
            me("rita"), cid, "hired", cell="Falcon", start_date=date(2026, 4, 6), mentor="mentor"
        )
    assert api.candidature(me("ceo"), cid).status is Status.CEO_INTERVIEW
    assert api.change_status(me("ceo"), cid, "refused").status is Status.REFUSED


def test_RC_7_export_gives_everything_and_erasure_keeps_only_anonymous_counts(world):
    cid = _submit(world).id
    exported = api.export(me("rita"), cid)
    assert exported["email"] == "c1@example.com" and exported["status"] == "new"
    api.erase(me("rita"), cid)
    erased = api.candidature(me("ceo"), cid)
    assert (erased.name, erased.email, erased.motivation, erased.erased) == (
        "(erased)",
        "",
        "",
        True,
    )
    assert api.round_counts(me("ceo"), world).by_status["new"] == 1
    entry = AuditEntry.objects.get(action="recruitment.erase")
    assert entry.changes == {}
    # the same person may apply again after erasure
    assert _submit(world, 1, at=T0 + timedelta(days=1)).id != cid
