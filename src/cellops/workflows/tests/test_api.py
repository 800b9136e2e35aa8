"""The workflow use cases (WF-1…WF-5) against the database."""

from __future__ import annotations

import subprocess
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from cellops.billing import api as billing_api
from cellops.checklists import api as checklists_api
from cellops.checklists.data import Result
from cellops.kernel.violations import InvalidInput, NotFound, RuleRefusal
from cellops.org.data import Actor
from cellops.sprints import api as sprints_api
from cellops.sprints.data import DEPLOYED, MERGED
from cellops.workflows import api
from cellops.workflows.data import DecisionState, Matter, Step

pytestmark = pytest.mark.django_db

ROOT = Actor.system("root")

# --- WF-1 blog posts ------------------------------------------------------------------


def _post(as_, **fields):
    return api.create_post(
        as_("ada"),
        title=fields.get("title", "Why we love Open edX"),
        idea_url="https://forum.example/t/42",
        author="ada",
        reviewer="bob",
    )


def test_WF_1_an_idea_becomes_a_ticket_on_the_blog_epic_with_the_marketing_account(people, as_):
    """The ticket: blog epic, Marketing, Ada assigned, Bob reviewing, 10 h (6+1 / 3)."""
    found = _post(as_)
    ticket = sprints_api.get_ticket(found.ticket)
    assert (found.step, found.second_reviewer) == (Step.IDEA, "gab")
    assert (ticket.epic, ticket.account, ticket.assignee, ticket.reviewer) == (
        "OC-5152",
        "Marketing",
        "ada",
        "bob",
    )
    assert (ticket.remaining_hours, ticket.review_hours) == (Decimal(7), Decimal(3))
    assert [(b.name, b.budget_hours) for b in found.budget] == [
        ("Writing", 6),
        ("Review and proofreading", 3),
        ("Publishing", 1),
    ]


def test_WF_1_logged_time_shows_per_part_of_the_budget(people, as_):
    """Ada's hours count as writing, Bob's as review."""
    found = _post(as_)
    billing_api.log_work(
        Actor.system("ada"), ticket=found.ticket, member="ada", day=date.today(), hours=Decimal(2)
    )
    billing_api.log_work(
        Actor.system("bob"),
        ticket=found.ticket,
        member="bob",
        day=date.today(),
        hours=Decimal("0.5"),
    )
    budget = {b.name: b.logged_hours for b in api.post(as_("ada"), found.id).budget}
    assert budget == {
        "Writing": Decimal(2),
        "Review and proofreading": Decimal("0.5"),
        "Publishing": Decimal(0),
    }


def test_WF_1_the_marketing_specialists_hours_count_as_publishing_from_the_cms_draft(people, as_):
    """Gab's hours before the CMS draft are review; from that day on, publishing."""
    found = _ready_to_publish(as_)  # Gab scheduled it today, after the CMS draft today
    billing_api.log_work(
        Actor.system("gab"), ticket=found.ticket, member="gab", day=date.today(), hours=Decimal(1)
    )
    billing_api.log_work(
        Actor.system("gab"),
        ticket=found.ticket,
        member="gab",
        day=date(2020, 1, 6),
        hours=Decimal("0.5"),
    )
    budget = {b.name: b.logged_hours for b in api.post(as_("ada"), found.id).budget}
    assert (budget["Publishing"], budget["Review and proofreading"]) == (Decimal(1), Decimal("0.5"))


def test_WF_1_a_step_is_refused_naming_each_missing_field(people, as_):
    """No draft link: refused with the field; CMS draft: each missing CMS field."""
    found = _post(as_)
    with pytest.raises(RuleRefusal) as refused:
        api.advance(as_("ada"), found.id)
    assert [(v.rule, v.extra["field"]) for v in refused.value.violations] == [("WF-1", "draft_url")]
    api.update_post(as_("ada"), found.id, {"draft_url": "https://docs.example/d"})
    api.advance(as_("ada"), found.id)  # draft
    api.advance(as_("bob"), found.id)  # review
    api.advance(as_("bob"), found.id)  # proofreading
    with pytest.raises(RuleRefusal) as refused:
        api.advance(as_("ada"), found.id)
    assert [v.extra["field"] for v in refused.value.violations] == [
        "proofreading",
        "attribution",
        "category",
        "tags",
        "featured_image",
        "image_credit",
    ]
    assert api.post(as_("ada"), found.id).step is Step.PROOFREADING


def _ready_to_publish(as_):
    found = _post(as_)
    api.update_post(as_("ada"), found.id, {"draft_url": "https://docs.example/d"})
    for who in ("ada", "bob", "bob"):
        api.advance(as_(who), found.id)
    sent = api.request_proofreading(
        as_("ada"), "https://docs.example/d", date(2026, 3, 2), post_id=found.id
    )
    api.proofreading_returned(as_("ada"), sent.id, date(2026, 3, 4))
    api.update_post(
        as_("ada"),
        found.id,
        {
            "attribution": "By Ada, developer at the agency",
            "category": "Open edX",
            "tags": "openedx, community",
            "featured_image": "https://img.example/cover.png",
            "image_credit": "Photo: Ada",
            "publish_at": date(2026, 3, 9),
        },
    )
    api.advance(as_("ada"), found.id)  # CMS draft
    api.advance(as_("gab"), found.id)  # scheduled
    return found


def test_WF_1_only_the_marketing_specialist_publishes(people, as_):
    """Ada (author) and the CEO are refused the last step; Gab publishes."""
    found = _ready_to_publish(as_)
    for who in ("ada", "cleo"):
        with pytest.raises(PermissionDenied):
            api.advance(as_(who), found.id)
    assert api.post(as_("ada"), found.id).step is Step.SCHEDULED
    published = api.advance(as_("gab"), found.id)
    assert (published.step, published.published_at is not None) == (Step.PUBLISHED, True)
    assert published.tags == ("openedx", "community")


def test_WF_1_the_board_lists_every_step_with_its_posts(people, as_):
    first = _post(as_)
    api.update_post(as_("ada"), first.id, {"draft_url": "https://docs.example/d"})
    api.advance(as_("ada"), first.id)
    _post(as_, title="Second")
    board = {step: [p.title for p in posts] for step, posts in api.board(as_("bob"))}
    assert list(board) == list(Step)
    assert (board[Step.IDEA], board[Step.DRAFT]) == (["Second"], ["Why we love Open edX"])


def test_WF_1_someone_outside_the_post_may_not_edit_it(people, as_):
    found = _post(as_)
    with pytest.raises(PermissionDenied):
        api.update_post(as_("mia"), found.id, {"category": "News"})


# --- WF-5 proofreading ----------------------------------------------------------------


def test_WF_5_a_request_is_tracked_sent_and_returned_linked_to_its_post(people, as_):
    found = _post(as_)
    sent = api.request_proofreading(
        as_("ada"), "https://docs.example/d", date(2026, 3, 2), post_id=found.id
    )
    assert (sent.requested_by, sent.post, sent.ticket, sent.returned_on) == (
        "ada",
        found.id,
        found.ticket,
        None,
    )
    with pytest.raises(InvalidInput) as early:
        api.proofreading_returned(as_("ada"), sent.id, date(2026, 3, 1))
    assert early.value.field == "returned_on"
    back = api.proofreading_returned(as_("ada"), sent.id, date(2026, 3, 3))
    assert api.proofreading_requests(as_("bob"), found.id) == [back]


# --- WF-3 decisions -------------------------------------------------------------------


def _decision(as_, **fields):
    return api.propose(
        as_("ada"),
        title="Use PostgreSQL everywhere",
        problem="Two databases to test on.",
        options=["Keep both", "PostgreSQL only"],
        proposal="PostgreSQL only, SQLite for quick local tests.",
        reviewers=["bob", "tom"],
        **fields,
    )


def test_WF_3_a_blocking_comment_pauses_the_decision_until_resolved(people, as_):
    found = _decision(as_)
    assert found.state is DecisionState.OPEN
    note = api.comment(as_("bob"), found.id, "Not yet: the CI image lacks it.", blocking=True)
    api.comment(as_("tom"), found.id, "Fine by me.")
    assert api.decision(as_("ada"), found.id).state is DecisionState.PAUSED
    resolved = api.resolve(as_("bob"), found.id, note.id)
    assert resolved.state is DecisionState.OPEN


def test_WF_3_agreeing_is_refused_while_a_blocking_comment_is_open_for_administrators_too(
    people, as_
):
    found = _decision(as_)
    note = api.comment(as_("bob"), found.id, "Blocking.", blocking=True)
    for who in (as_("ada"), ROOT):
        with pytest.raises(RuleRefusal) as refused:
            api.agree(who, found.id)
        assert refused.value.violations[0].rule == "WF-3"
        assert refused.value.violations[0].extra == {"blocking": [note.id]}
    api.resolve(as_("ada"), found.id, note.id)
    assert api.agree(as_("ada"), found.id).state is DecisionState.AGREED


def test_WF_3_only_the_author_records_agreement_and_only_some_resolve_comments(people, as_):
    found = _decision(as_)
    note = api.comment(as_("bob"), found.id, "Blocking.", blocking=True)
    with pytest.raises(PermissionDenied):
        api.resolve(as_("tom"), found.id, note.id)
    api.resolve(as_("bob"), found.id, note.id)
    with pytest.raises(PermissionDenied):
        api.agree(as_("bob"), found.id)


def test_WF_3_on_disagreement_the_cto_decides_a_technical_matter(people, as_):
    found = _decision(as_)
    api.comment(as_("bob"), found.id, "I disagree.", blocking=True)
    with pytest.raises(PermissionDenied):
        api.decide(as_("bob"), found.id, "PostgreSQL only")
    decided = api.decide(as_("tom"), found.id, "PostgreSQL only")
    assert (decided.state, decided.decided_by, decided.by_ceo) == (
        DecisionState.DECIDED,
        "tom",
        False,
    )


def test_WF_3_the_manager_involved_decides_before_the_cto_and_the_ceo_is_marked(people, as_):
    managed = _decision(as_, manager="mia", matter=Matter.OTHER)
    with pytest.raises(PermissionDenied):
        api.decide(as_("tom"), managed.id, "No")
    assert api.decide(as_("mia"), managed.id, "Yes").decided_by == "mia"
    other = _decision(as_, manager="mia")
    by_ceo = api.decide(as_("cleo"), other.id, "Keep both")
    assert (by_ceo.decided_by, by_ceo.by_ceo) == ("cleo", True)


def test_WF_3_the_list_is_searchable_and_filtered_by_state(people, as_):
    first = _decision(as_)
    api.propose(
        as_("bob"),
        title="Blog twice a month",
        problem="Too few posts.",
        options=["Monthly", "Twice a month"],
        proposal="Twice a month.",
        reviewers=["gab"],
        matter=Matter.OTHER,
    )
    api.comment(as_("bob"), first.id, "Wait.", blocking=True)
    assert [d.title for d in api.decisions(as_("ada"), "postgres")] == ["Use PostgreSQL everywhere"]
    assert [d.id for d in api.decisions(as_("ada"), state=DecisionState.PAUSED)] == [first.id]


def test_WF_3_a_proposal_needs_its_parts_and_known_reviewers(people, as_):
    with pytest.raises(InvalidInput) as refused:
        api.propose(
            as_("ada"), title="T", problem="P", options=[" "], proposal="X", reviewers=["bob"]
        )
    assert refused.value.field == "options"
    with pytest.raises(NotFound) as unknown:
        api.propose(
            as_("ada"), title="T", problem="P", options=["A"], proposal="X", reviewers=["zed"]
        )
    assert unknown.value.field == "reviewers"


# --- WF-4 instance tests --------------------------------------------------------------


def test_WF_4_a_run_has_the_handbook_sections_and_counts_per_section(people, as_):
    info, run = api.start_instance_test(as_("ada"), "courses.example.com", "MySQL 8 upgrade")
    sections = [name for name, _ in run.sections()]
    assert sections[0] == "Registration" and sections[-1] == "Cleanup" and len(sections) == 10
    first, second, third = run.items[:3]
    api.record(as_("ada"), info.id, first.id, Result.PASS)
    api.record(as_("ada"), info.id, second.id, Result.FAIL, "sent from the instance, not SES")
    _, run = api.record(as_("ada"), info.id, third.id, Result.NOT_APPLICABLE, "SSO only")
    assert run.counts() == {"pass": 1, "fail": 1, "n/a": 1, "untested": run.total - 3}
    assert api.section_counts(run)[0] == (
        "Registration",
        {"pass": 1, "fail": 1, "n/a": 1, "untested": 0},
    )


def test_WF_4_a_fail_without_a_note_is_refused(people, as_):
    info, run = api.start_instance_test(as_("ada"), "courses.example.com", "MySQL 8 upgrade")
    with pytest.raises(InvalidInput) as refused:
        api.record(as_("ada"), info.id, run.items[0].id, Result.FAIL)
    assert refused.value.field == "note"


def test_WF_4_an_item_of_another_run_is_not_found(people, as_):
    first, _ = api.start_instance_test(as_("ada"), "a.example.com", "upgrade")
    _, other = api.start_instance_test(as_("ada"), "b.example.com", "upgrade")
    with pytest.raises(NotFound):
        api.record(as_("ada"), first.id, other.items[0].id, Result.PASS)


def test_WF_4_an_inactive_member_may_not_start_a_run(make_member, as_):
    from cellops.org.data import MemberStatus

    make_member("lea", status=MemberStatus.LEFT)
    with pytest.raises(PermissionDenied):
        api.start_instance_test(as_("lea"), "a.example.com", "upgrade")


# --- WF-2 pull requests ---------------------------------------------------------------


@pytest.fixture
def ticket(people, as_):
    return sprints_api.create_ticket(
        as_("ada"), title="Fix the login", cell="Falcon", account="Marketing", assignee="ada"
    )


def test_WF_2_a_pull_request_is_linked_to_the_ticket_its_title_names(ticket, as_):
    found = api.open_pull_request(as_("ada"), "https://git.example/pr/1", f"[{ticket.key}] Fix it")
    assert (found.ticket, found.author) == (ticket.key, "ada")
    run = checklists_api.run(found.checklist)
    assert run.template == "pull-request" and run.total == 12
    with pytest.raises(RuleRefusal) as refused:
        api.open_pull_request(as_("ada"), "https://git.example/pr/2", "Fix it")
    assert refused.value.violations[0].rule == "WF-2"


def test_WF_2_merging_needs_the_checklist_complete_then_moves_the_ticket(ticket, as_):
    found = api.open_pull_request(as_("ada"), "https://git.example/pr/1", f"[{ticket.key}] Fix it")
    with pytest.raises(RuleRefusal) as refused:
        api.mark_merged(as_("ada"), found.id)
    assert len(refused.value.violations) == 12
    assert sprints_api.get_ticket(ticket.key).status != MERGED
    with pytest.raises(RuleRefusal):
        api.mark_deployed(as_("ada"), found.id)  # not merged yet
    for item in checklists_api.run(found.checklist).items:
        checklists_api.record_result(as_("ada"), found.checklist, item.id, Result.PASS)
    merged = api.mark_merged(as_("ada"), found.id)
    assert (merged.state.value, sprints_api.get_ticket(ticket.key).status) == ("merged", MERGED)
    deployed = api.mark_deployed(as_("ada"), found.id)
    assert (deployed.state.value, sprints_api.get_ticket(ticket.key).status) == (
        "deployed",
        DEPLOYED,
    )


def _repo(tmp_path, *messages):
    def git(*args):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("config", "user.email", "t@example.com")
    git("config", "user.name", "T")
    for n, message in enumerate(messages):
        (tmp_path / f"f{n}").write_text(str(n))
        git("add", ".")
        git("commit", "-q", "-m", message)
    return tmp_path


def test_WF_2_commits_are_checked_against_conventional_commits(tmp_path):
    repo = _repo(
        tmp_path,
        "chore: start",
        "feat(core): add the thing",
        "Fixed stuff",
        "fixup! feat(core): add the thing",
        "fix: a bug\nno blank line",
    )
    checks = api.check_commits("HEAD~4..HEAD", repo)
    assert [(c.subject, c.ok) for c in checks] == [
        ("feat(core): add the thing", True),
        ("Fixed stuff", False),
        ("fixup! feat(core): add the thing", False),
        ("fix: a bug", False),
    ]
    assert "type" in checks[1].problems[0] and "fixup" in checks[2].problems[0]
    assert "blank line" in checks[3].problems[0]


def test_WF_2_an_unreadable_range_is_refused_naming_it(tmp_path):
    repo = _repo(tmp_path, "chore: start")
    with pytest.raises(InvalidInput) as refused:
        api.check_commits("nope..HEAD", repo)
    assert refused.value.field == "rev_range"
    with pytest.raises(InvalidInput):
        api.check_commits("--all", repo)
