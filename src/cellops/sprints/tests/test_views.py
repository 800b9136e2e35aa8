"""The sprint pages: index, board (SP-9, SP-11, TO-7), estimation (SP-3), who may, and the
calendar's bounds (finding 3), each through its form, as a person would use them.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from cellops.org import api as org_api
from cellops.org.data import Actor, EpicStatus, Role
from cellops.sprints import api
from cellops.sprints.data import STATUSES, EstimationVote
from cellops.time_off import api as time_off_api
from cellops.time_off.data import Kind

pytestmark = pytest.mark.django_db


@pytest.fixture
def falcon(make_member):
    """Falcon: Sam (sprint planning manager), Ada Lovelace and Bob Marley; a budgeted account
    and epic; three tickets in a sprint far enough ahead to plan."""
    make_member("sam", first_name="Sam", last_name="Planner", roles=(Role.SPRINT_PLANNING_MANAGER,))
    make_member("ada", first_name="Ada", last_name="Lovelace")
    make_member("bob", first_name="Bob", last_name="Marley")
    org_api.create_account(Actor.system("test"), "Hedera LMS", monthly_budget_hours=Decimal(100))
    org_api.create_epic(
        Actor.system("test"),
        key="EP-1",
        title="Course catalogue",
        account="Hedera LMS",
        owner="ada",
        reviewer="bob",
        status=EpicStatus.IN_PROGRESS,
        budget_hours=Decimal(500),
    )
    number = org_api.sprint_calendar().for_date(date.today()).number + 3
    ready = api.create_ticket(
        org_api.actor_named("sam"),
        title="Import the catalogue",
        description="Read the **CSV** export.",
        cell="Falcon",
        account="Hedera LMS",
        sprint=number,
        story_points=5,
        assignee="ada",
        reviewer="bob",
        remaining_hours=Decimal(10),
    )
    unready = api.create_ticket(
        org_api.actor_named("sam"),
        title="Search by teacher",
        cell="Falcon",
        account="Hedera LMS",
        sprint=number,
        tentative_assignee="bob",
        remaining_hours=Decimal(6),
    )
    stretch = api.create_ticket(
        org_api.actor_named("sam"),
        title="Dark mode for the catalogue",
        cell="Falcon",
        account="Hedera LMS",
        sprint=number,
        stretch=True,
        assignee="bob",
    )
    return {"number": number, "ready": ready.key, "unready": unready.key, "stretch": stretch.key}


def _url(page: str, number: int, cell: str = "Falcon") -> str:
    return f"/sprints/{cell}/{number}/{page}/"


def _html(response) -> str:
    return response.content.decode()


def test_each_page_renders_with_exactly_one_h1(falcon, as_user):
    """Index, board, estimation and planning answer 200 with one h1 each."""
    client = as_user("ada")
    for url in (
        "/sprints/",
        *(_url(p, falcon["number"]) for p in ("board", "estimation", "planning")),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _html(response).count("<h1") == 1, url


def test_the_index_opens_on_the_viewers_cell_with_links_to_its_sprints(falcon, as_user):
    """The viewer's cell is chosen; its current board and the next estimation are one click away."""
    html = _html(as_user("ada").get("/sprints/"))
    current = org_api.sprint_calendar().for_date(date.today()).number
    assert re.search(r'<option value="Falcon"[^>]*selected', html)
    assert f'href="/sprints/Falcon/{current}/board/"' in html
    assert f'href="/sprints/Falcon/{current + 1}/estimation/"' in html
    assert f'href="/sprints/Falcon/{current}/planning/"' in html


def test_pages_need_a_login_and_an_unknown_cell_or_sprint_is_a_404(falcon, client, as_user):
    """Anonymous visitors go to the login page; a cell or sprint that does not exist is 404."""
    assert client.get(_url("board", falcon["number"])).status_code == 302
    member = as_user("ada")
    assert member.get(_url("board", falcon["number"], cell="Nowhere")).status_code == 404
    assert member.get(_url("planning", 0)).status_code == 404


def test_the_board_shows_the_SP_9_columns_in_order_and_stretch_goals_in_their_lane(falcon, as_user):
    """Eight column headings left to right, each card with key, points, people and flags."""
    html = _html(as_user("ada").get(_url("board", falcon["number"])))
    headings = re.findall(r'<h2 id="col-\d-heading">([^<]+?) <span', html)
    assert headings == [
        "Backlog",
        "In progress",
        "Under review",
        "External review / blocker",
        "Long external review / blocked",
        "Merged",
        "Deployed &amp; delivered",
        "Done",
    ]
    card = html[html.index(f'id="card-{falcon["ready"]}"') :]
    card = card[: card.index("</li>\n")]
    assert "5 pt" in card and "Assignee: Ada Lovelace" in card and "Reviewer: Bob Marley" in card
    assert 'data-initials="AL"' in card
    tentative = html[html.index(f'id="card-{falcon["unready"]}"') :]
    assert "Tentative assignee: Bob Marley" in tentative[: tentative.index("</li>")]
    assert ">Tentative</span>" in tentative[: tentative.index("</li>")]
    lane = html[html.index('id="stretch-heading"') :]
    assert f'id="card-{falcon["stretch"]}"' in lane
    backlog = html[html.index('id="col-0-heading"') : html.index('id="col-1-heading"')]
    assert f'id="card-{falcon["stretch"]}"' not in backlog


def test_moving_a_card_by_its_form_changes_the_status(falcon, as_user):
    """The "Move to…" form without JavaScript: the ticket moves and the board says so."""
    key = falcon["ready"]
    response = as_user("bob").post(
        _url("board/move", falcon["number"]),
        {"key": key, "status": "Under review", "version": 1},
        follow=True,
    )
    assert api.get_ticket(key).status == "Under review"
    html = _html(response)
    assert f"{key} moved to Under review." in html
    column = html[html.index('id="col-2-heading"') : html.index('id="col-3-heading"')]
    assert f'id="card-{key}"' in column


def test_SP_9_the_board_has_no_form_per_card_but_a_move_link_one_menu_and_a_skip_link(
    falcon, as_user
):
    """Issue #14 item 14: each card links to its own move form; one move menu for the board
    (drag and drop, keyboard); a skip link to the columns, which sit in one scrolling row."""
    key = falcon["ready"]
    html = _html(as_user("ada").get(_url("board", falcon["number"]), {"show": "mine"}))
    assert "<select" not in html[html.index('id="board-columns"') :].split("<dialog")[0]
    card = html[html.index(f'id="card-{key}"') :]
    card = card[: card.index("</li>\n")]
    assert "<form" not in card and "<button" not in card
    assert (
        f'<a class="move-link" href="/sprints/Falcon/{falcon["number"]}/board/move/{key}/?show=mine"'
        in card
    )
    assert html.count('<form method="post" action="/sprints/Falcon/') == 1  # the one menu
    assert re.search(
        r'<dialog id="move-menu".*?<input type="hidden" name="show" value="mine">', html, re.S
    )
    menu = html[
        html.index('<ul class="move-choices">') : html.index(
            "</ul>", html.index('<ul class="move-choices">')
        )
    ]
    assert re.findall(r'data-status="([^"]+)"', menu) == [s.replace("&", "&amp;") for s in STATUSES]
    skip = html.index('<a class="skip-link" href="#main">')
    assert html.index('<a class="skip-link" href="#board-columns">Skip to the board</a>') > skip
    assert '<div class="board" id="board-columns" role="region"' in html
    assert '<script src="/static/sprints/board.js" defer></script>' in html


def test_SP_9_a_cards_move_form_works_without_javascript(falcon, as_user):
    """The "Move…" link's page: a radio per column, the current one checked; sending it
    moves the card and comes back to it on the board, filters kept."""
    key, number = falcon["ready"], falcon["number"]
    bob = as_user("bob")
    html = _html(bob.get(f"/sprints/Falcon/{number}/board/move/{key}/", {"show": "mine"}))
    assert f"<h1>Move {key}</h1>" in html
    assert '<strong id="move-current">Backlog</strong>' in html
    radios = re.findall(r'<input type="radio" id="status-\d" name="status" value="([^"]+)"', html)
    assert radios == [s.replace("&", "&amp;") for s in STATUSES]
    assert re.search(r'value="Backlog" aria-describedby="move-help" checked>', html)
    assert '<input type="hidden" name="show" value="mine">' in html
    response = bob.post(
        _url("board/move", number), {"key": key, "status": "Merged", "version": 1, "show": "mine"}
    )
    assert response["Location"] == f"/sprints/Falcon/{number}/board/?show=mine#card-{key}"
    assert api.get_ticket(key).status == "Merged"
    other = api.create_ticket(
        org_api.actor_named("sam"),
        title="Later",
        cell="Falcon",
        account="Hedera LMS",
        sprint=number + 1,
    )
    assert bob.get(f"/sprints/Falcon/{number}/board/move/{other.key}/").status_code == 404
    assert bob.get(f"/sprints/Falcon/{number}/board/move/FALC-999/").status_code == 404


def test_moving_with_htmx_answers_the_board_alone_and_announces_the_move(falcon, as_user):
    """With htmx: only the board region, the live region's text, and focus back on the card."""
    key = falcon["ready"]
    response = as_user("bob").post(
        _url("board/move", falcon["number"]),
        {"key": key, "status": "In progress", "version": 1},
        headers={"HX-Request": "true"},
    )
    html = _html(response)
    assert "<h1" not in html and 'id="board"' in html
    assert re.search(
        rf'id="board-status" hx-swap-oob="innerHTML">{key} moved to In progress\.', html
    )
    assert re.search(rf'id="card-{key}" data-version="2"[^>]*data-focus>', html)
    assert api.get_ticket(key).status == "In progress"


def test_a_stale_move_shows_the_conflict_message_and_changes_nothing(falcon, as_user):
    """Someone moved the card since the page loaded: 409 is caught, the board is current."""
    key = falcon["ready"]
    api.update_ticket(org_api.actor_named("ada"), key, {"status": "Merged"}, version=1)
    html = _html(
        as_user("bob").post(
            _url("board/move", falcon["number"]),
            {"key": key, "status": "Done", "version": 1},
            headers={"HX-Request": "true"},
        )
    )
    assert api.get_ticket(key).status == "Merged"
    assert 'role="alert"' in html and f"Someone else changed {key}" in html
    assert "here is the current board" in html.lower()
    merged = html[html.index('id="col-5-heading"') : html.index('id="col-6-heading"')]
    assert f'id="card-{key}" data-version="2"' in merged


def test_a_card_that_left_the_board_is_not_moved_and_the_board_says_so(falcon, as_user):
    """A ticket of another sprint posted from this board is left alone, with a plain message."""
    other = api.create_ticket(
        org_api.actor_named("sam"),
        title="Elsewhere",
        cell="Falcon",
        account="Hedera LMS",
        sprint=falcon["number"] + 1,
    )
    response = as_user("bob").post(
        _url("board/move", falcon["number"]),
        {"key": other.key, "status": "Done", "version": 1},
        follow=True,
    )
    assert f"{other.key} is not on this board any more" in _html(response)
    assert api.get_ticket(other.key).status == "Backlog"


def test_the_board_filters_show_mine_my_reviews_or_one_person(falcon, as_user):
    """mine = I do it (or am its tentative assignee); reviews = I review it; person = involved."""
    client = as_user("bob")
    board = _url("board", falcon["number"])

    def keys(**query) -> set[str]:
        return set(
            re.findall(
                r'<li class="ticket-card[^"]*" id="card-([^"]+)"', _html(client.get(board, query))
            )
        )

    assert keys(show="mine") == {falcon["unready"], falcon["stretch"]}
    assert keys(show="reviews") == {falcon["ready"]}
    assert keys(person="ada") == {falcon["ready"]}
    assert keys() == {falcon["ready"], falcon["unready"], falcon["stretch"]}


def test_SP_11_cards_are_flagged_at_risk_from_the_mid_sprint_day(falcon, make_member):
    """At mid-sprint, a Backlog ticket and one with more hours left than its assignee has are at risk."""
    record = api.sprint_record("Falcon", falcon["number"])
    api.update_ticket(
        org_api.actor_named("sam"),
        falcon["ready"],
        {"status": "In progress", "remaining_hours": 50},
    )
    before = api.board("Falcon", falcon["number"], today=record.start + timedelta(days=6))
    assert not before.risk_checked
    mid = api.board("Falcon", falcon["number"], today=record.start + timedelta(days=7))
    flagged = {c.ticket.key: c.risk for column in mid.columns for c in column[1] if c.at_risk}
    # Ada has days 7–11 left (5 working days, 40 h) for 50 h; the other ticket is in Backlog.
    assert flagged == {
        falcon["ready"]: "50 h left, more than the 40 h its assignee has until the sprint ends",
        falcon["unready"]: "still in Backlog at mid-sprint",
    }


def test_estimation_not_open_shows_a_notice_to_members_and_a_button_to_the_manager(
    falcon, as_user, client
):
    """Only the sprint planning manager can open estimation; members are told to wait."""
    number = falcon["number"]
    member_page = _html(as_user("ada").get(_url("estimation", number)))
    assert "has not opened estimation" in member_page and "Open estimation" not in member_page
    assert client.post(_url("estimation/open", number)).status_code == 403
    manager = as_user("sam")
    assert "Open estimation</button>" in _html(manager.get(_url("estimation", number)))
    response = manager.post(_url("estimation/open", number), {"back": "estimation"}, follow=True)
    assert "members can vote now" in _html(response)
    assert api.estimation("Falcon", number).state == "open"


def test_voting_through_the_estimation_page_records_every_vote_at_once(falcon, as_user):
    """One submit for all tickets: votes and comments are recorded; progress counts them."""
    number = falcon["number"]
    api.open_estimation(org_api.actor_named("sam"), "Falcon", number)
    client = as_user("ada")
    page = _html(client.get(_url("estimation", number)))
    assert "0 of 2 voted" in page
    assert (
        f'<legend><span class="ticket-key">{falcon["ready"]}</span> Import the catalogue</legend>'
        in page
    )
    assert "<details" in page and "Read the **CSV** export." in page
    response = client.post(
        _url("estimation", number),
        {
            f"vote_{falcon['ready']}": "5",
            f"comment_{falcon['ready']}": "CSV is messy",
            f"vote_{falcon['unready']}": "?",
        },
        follow=True,
    )
    html = _html(response)
    assert "Your votes on 2 tickets are recorded." in html and "2 of 2 voted" in html
    votes = {e.ticket: e.votes for e in api.estimation("Falcon", number).tickets}
    assert votes[falcon["ready"]] == (
        EstimationVote(member="ada", value="5", comment="CSV is messy"),
    )
    assert votes[falcon["unready"]] == (EstimationVote(member="ada", value="?", comment=""),)
    assert re.search(rf'name="vote_{falcon["ready"]}" value="5"[^>]*checked', html)


def test_a_comment_without_a_vote_is_refused_on_its_ticket_and_nothing_is_sent(falcon, as_user):
    """The error is summarised at the top, tied to the ticket's fieldset, and no vote is kept."""
    number = falcon["number"]
    api.open_estimation(org_api.actor_named("sam"), "Falcon", number)
    key = falcon["unready"]
    response = as_user("ada").post(
        _url("estimation", number),
        {f"vote_{falcon['ready']}": "3", f"comment_{key}": "No idea what this is"},
    )
    assert response.status_code == 422
    html = _html(response)
    assert 'role="alert"' in html and f'href="#id_vote_{key}_0"' in html
    assert f'<fieldset id="ticket-{key}" aria-describedby="id_vote_{key}_error">' in html
    assert f"Choose your estimate of {key} to send your comment." in html
    assert all(not e.votes for e in api.estimation("Falcon", number).tickets)


def test_after_close_the_results_show_votes_result_and_the_discuss_flag(falcon, as_user):
    """SP-3: 1 and 8 are four steps apart: result 5, flagged Discuss."""
    number = falcon["number"]
    api.open_estimation(org_api.actor_named("sam"), "Falcon", number)
    api.vote(org_api.actor_named("ada"), "Falcon", number, falcon["ready"], "1")
    api.vote(org_api.actor_named("bob"), "Falcon", number, falcon["ready"], "8", "Needs a parser")
    response = as_user("sam").post(
        _url("estimation/close", number), {"back": "estimation", "confirm": "1"}, follow=True
    )  # Sam (the manager) has not voted: closing early is confirmed (issue #14 item 3)
    html = _html(response)
    table = html[html.index(f'id="result-{falcon["ready"]}"') :]
    table = table[: table.index("</table>")]
    assert "result 5 pt" in table and '<span class="chip warn">Discuss</span>' in table
    assert "Bob Marley" in table and "Needs a parser" in table
    assert api.get_ticket(falcon["unready"]).story_points is None


def test_SP_3_other_cells_member_cannot_vote_through_the_estimation_page(
    falcon, as_user, make_member
):
    """SP-3: Otter's Otto posts votes on Falcon's estimation page: 403, nothing recorded."""
    make_member("otto", cell="Otter")
    number = falcon["number"]
    api.open_estimation(org_api.actor_named("sam"), "Falcon", number)
    response = as_user("otto").post(_url("estimation", number), {f"vote_{falcon['ready']}": "21"})
    assert response.status_code == 403
    assert [e.votes for e in api.estimation("Falcon", number).tickets] == [(), ()]


def test_ticket_edit_scope_another_cells_member_cannot_move_a_card(falcon, as_user, make_member):
    """Decision 0022: Otto (Otter) moves a Falcon card to Done: not moved, the board says why."""
    make_member("otto", cell="Otter")
    key = falcon["ready"]
    response = as_user("otto").post(
        _url("board/move", falcon["number"]),
        {"key": key, "status": "Done", "version": 1},
        follow=True,
    )
    assert api.get_ticket(key).status == "Backlog"
    assert f"{key} was not moved" in _html(response)


def test_ticket_edit_scope_another_cells_member_cannot_edit_on_the_ticket_page(
    falcon, as_user, make_member
):
    make_member("otto", cell="Otter")
    key = falcon["ready"]
    response = as_user("otto").post(
        f"/sprints/tickets/{key}/edit/",
        {"title": "Mine now", "status": "Done", "version": 1},
    )
    assert response.status_code == 403
    assert api.get_ticket(key).title == "Import the catalogue"


def test_ORG_2_a_member_who_left_cannot_open_the_board(falcon, as_user, make_member):
    from cellops.org.data import MemberStatus

    make_member("gina", status=MemberStatus.LEFT)
    assert as_user("gina").get(_url("board", falcon["number"])).status_code == 403


# Every page of a sprint (sprints/urls.py), and whether it answers GET or takes a POST.
SPRINT_PAGES = [
    ("board", "get"),
    ("move", "post"),
    ("estimation", "get"),
    ("estimation_open", "post"),
    ("estimation_close", "post"),
    ("planning", "get"),
    ("start", "post"),
    ("complete", "post"),
    ("spillover_reason", "post"),
    ("rituals:retrospective", "get"),
    ("rituals:retrospective_item", "post"),
    ("rituals:retrospective_publish", "post"),
    ("rituals:retrospective_poll", "post"),
    ("rituals:video_update", "post"),
    ("rituals:social_chat", "post"),
    ("ticket_new", "get"),
    ("ticket_new", "post"),
]


@pytest.fixture
def lynx(make_member, client, django_user_model):
    make_member("sam", cell="Lynx", roles=(Role.SPRINT_PLANNING_MANAGER, Role.SPRINT_MANAGER))
    org_api.create_account(Actor.system("test"), "Hedera LMS")
    client.force_login(django_user_model.objects.get(username="sam"))
    return client


@pytest.mark.parametrize("number", [999_999, 10**30])
@pytest.mark.parametrize(("page", "method"), SPRINT_PAGES)
def test_finding_3_a_sprint_beyond_the_calendar_is_a_404_on_every_sprint_page(
    lynx, page, method, number
):
    """/sprints/Lynx/999999/board/ (and every other sprint page) is a 404, not a 500."""
    lynx.raise_request_exception = False
    url = reverse(page if ":" in page else f"sprints:{page}", args=["Lynx", number])
    response = getattr(lynx, method)(url)
    assert response.status_code == 404, (url, response.status_code)


def test_finding_3_the_last_sprint_page_has_no_link_to_a_sprint_after_it(lynx):
    """The board of the calendar's last sprint works and links back, not forward."""
    last = org_api.sprint_calendar().last_number
    page = lynx.get(reverse("sprints:board", args=["Lynx", last])).content.decode()
    assert f"Sprint {last - 1}" in page
    assert f"Sprint {last + 1}" not in page


LONG_AGO = datetime(2026, 1, 5, 9, tzinfo=UTC)


@pytest.fixture
def sprint(make_member):
    for name in ("ada", "bob", "cyd", "dee", "eve"):
        make_member(name, cell="Falcon")
    org_api.create_account(Actor.system("test"), "Hedera LMS")
    number = org_api.sprint_calendar().for_date(date.today()).number + 4
    dates = api.sprint_dates("Falcon", number)
    for key, assignee, reviewer in (
        ("F-1", "ada", "bob"),
        ("F-2", "bob", "cyd"),
        ("F-3", "cyd", "dee"),
    ):
        api.create_ticket(
            Actor.system("test"),
            key=key,
            title=key,
            cell="Falcon",
            account="Hedera LMS",
            sprint=number,
            assignee=assignee,
            reviewer=reviewer,
        )
    return number, dates


def test_TO_7_the_board_shows_the_reassignment_flag(sprint, client, django_user_model):
    """The board card says 'Reassign' with the rule ID."""
    number, dates = sprint
    time_off_api.book(
        Actor.system("bob"),
        member="bob",
        kind=Kind.OFF,
        start=dates.start,
        end=dates.end,
        requested_at=LONG_AGO,
    )
    client.force_login(django_user_model.objects.get(username="ada"))
    html = client.get(reverse("sprints:board", args=["Falcon", number])).content.decode()
    assert "Reassign" in html and "TO-7" in html
