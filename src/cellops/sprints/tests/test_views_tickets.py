"""The ticket page (facts, description, comments, history, worklogs and its forms) and the
new-ticket page of a sprint, used through their forms as a person would; the ticket
routes take exactly the WF-2 key grammar.
"""

from __future__ import annotations

import html
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.urls import NoReverseMatch, reverse

from cellops.billing import api as billing_api
from cellops.org import api as org_api
from cellops.org.data import Actor, EpicStatus, Role
from cellops.rituals import api as rituals_api
from cellops.sprints import api

pytestmark = pytest.mark.django_db


@pytest.fixture
def falcon(make_member):
    """Falcon: Sam (sprint planning manager), Ada and Bob; an account and an epic; one
    ticket in a sprint far enough ahead to plan."""
    make_member("sam", first_name="Sam", last_name="Planner", roles=(Role.SPRINT_PLANNING_MANAGER,))
    make_member("ada", first_name="Ada", last_name="Lovelace")
    make_member("bob", first_name="Bob", last_name="Marley")
    org_api.create_account(Actor.system("test"), "Hedera LMS")
    org_api.create_epic(
        Actor.system("test"),
        key="EP-1",
        title="Course catalogue",
        account="Hedera LMS",
        owner="ada",
        reviewer="bob",
        status=EpicStatus.IN_PROGRESS,
    )
    number = org_api.sprint_calendar().for_date(date.today()).number + 3
    ticket = api.create_ticket(
        org_api.actor_named("sam"),
        title="Import the catalogue",
        description="Read the CSV export.\nOne course per line.",
        cell="Falcon",
        account="Hedera LMS",
        sprint=number,
        epic="EP-1",
        assignee="ada",
        reviewer="bob",
        remaining_hours=Decimal(10),
    )
    return {"number": number, "key": ticket.key}


def _url(key: str, form: str = "") -> str:
    return f"/sprints/tickets/{key}/{form + '/' if form else ''}"


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _edit(key: str, version: int, **changes) -> dict:
    """The edit form as the page sends it: every field, with the ticket's current values."""
    t = api.get_ticket(key)
    form = {
        "title": t.title,
        "description": t.description,
        "status": t.status,
        "story_points": "" if t.story_points is None else str(t.story_points),
        "assignee": t.assignee or "",
        "reviewer": t.reviewer or "",
        "tentative_assignee": t.tentative_assignee or "",
        "remaining_hours": "" if t.remaining_hours is None else str(t.remaining_hours),
        "review_hours": "" if t.review_hours is None else str(t.review_hours),
        "due_date": t.due_date.isoformat() if t.due_date else "",
        "version": str(version),
    }
    return form | changes


def test_the_page_shows_the_facts_history_and_comments_with_the_SP_3_vote_comments(falcon, as_user):
    """Every fact, the history (who, what), a comment and an estimation vote comment kept at close."""
    number, key = falcon["number"], falcon["key"]
    api.open_estimation(org_api.actor_named("sam"), "Falcon", number)
    api.vote(org_api.actor_named("bob"), "Falcon", number, key, "5", "The CSV has odd encodings.")
    api.close_estimation(org_api.actor_named("sam"), "Falcon", number)
    api.update_ticket(org_api.actor_named("bob"), key, {"status": "In progress"})
    api.add_comment(org_api.actor_named("ada"), key, "Started with the sample file.")

    response = as_user("bob").get(_url(key))
    page = _text(response)
    assert response.status_code == 200
    assert page.count("<h1") == 1
    assert f"Sprint {number}" in page and "EP-1" in page and "Hedera LMS" in page
    assert "Ada Lovelace" in page and "Bob Marley" in page
    assert "Estimation vote 5: The CSV has odd encodings." in page
    assert "Started with the sample file." in page
    assert "Status: Backlog → In progress" in page
    assert "Story points: none → 5" in page
    assert "Created the ticket" in page
    assert "Read the CSV export.<br>One course per line." in page


def test_an_unknown_ticket_is_a_404_and_the_page_needs_a_login(falcon, client, as_user):
    """No ticket, no page; logged out, the login page."""
    assert client.get(_url(falcon["key"])).status_code == 302
    assert as_user("ada").get(_url("NOPE-1")).status_code == 404


def test_a_comment_is_added_from_the_page_and_an_empty_one_is_refused(falcon, as_user):
    """The comment shows on the page; an empty comment says what to do and adds nothing."""
    key = falcon["key"]
    client = as_user("ada")
    response = client.post(_url(key, "comments"), {"text": "Looks good <b>to me</b>"}, follow=True)
    assert response.status_code == 200
    assert "Looks good &lt;b&gt;to me&lt;/b&gt;" in response.content.decode()
    assert [c.text for c in api.comments(key)] == ["Looks good <b>to me</b>"]
    assert api.comments(key)[0].author == "ada"

    empty = client.post(_url(key, "comments"), {"text": "   "})
    assert empty.status_code == 422
    assert "Write a comment before sending it." in _text(empty)
    assert len(api.comments(key)) == 1


def test_time_logged_on_the_page_shows_in_the_list_and_the_total(falcon, as_user):
    """Two worklogs through the form: both listed with their notes, the total is their sum."""
    key = falcon["key"]
    client = as_user("ada")
    today = date.today()
    first = client.post(
        _url(key, "worklogs"), {"date": today.isoformat(), "hours": "1.5", "note": "Parsing"}
    )
    assert first.status_code == 302
    response = client.post(
        _url(key, "worklogs"),
        {"date": (today - timedelta(days=1)).isoformat(), "hours": "2", "note": "Mapping"},
        follow=True,
    )
    page = _text(response)
    assert "Parsing" in page and "Mapping" in page
    assert 'id="worklog-total">3.50<' in page
    yesterday = today - timedelta(days=1)
    # The notice writes the day as every page does: "Tue 1 Dec 2026", no leading zero.
    assert f"on {key} on {yesterday:%a} {yesterday.day} {yesterday:%b %Y}." in page
    assert [(w.member, w.hours) for w in billing_api.worklogs_of(key)] == [
        ("ada", Decimal("1.50")),
        ("ada", Decimal("2.00")),
    ]


def test_a_member_logs_only_their_own_time_a_manager_may_log_for_others(falcon, as_user):
    """Ada's form has no member choice (and a forged one is ignored); Sam's has one."""
    key = falcon["key"]
    today = date.today().isoformat()
    ada = as_user("ada")
    assert 'name="member"' not in ada.get(_url(key)).content.decode()
    ada.post(_url(key, "worklogs"), {"date": today, "hours": "1", "member": "bob"})
    assert [w.member for w in billing_api.worklogs_of(key)] == ["ada"]

    sam = as_user("sam")
    assert 'name="member"' in sam.get(_url(key)).content.decode()
    sam.post(_url(key, "worklogs"), {"date": today, "hours": "2", "member": "bob"})
    assert sorted(w.member for w in billing_api.worklogs_of(key)) == ["ada", "bob"]


def test_hours_out_of_range_are_refused_on_the_form_keeping_the_input(falcon, as_user):
    """25 h in a day: refused on the hours field, the note typed is kept, nothing logged."""
    key = falcon["key"]
    response = as_user("ada").post(
        _url(key, "worklogs"),
        {"date": date.today().isoformat(), "hours": "25", "note": "A very long day"},
    )
    page = _text(response)
    assert response.status_code == 422
    assert "more than 0 and at most 24" in page
    assert 'value="25"' in page and "A very long day" in page
    assert billing_api.worklogs_of(key) == []


def test_SP_14_the_social_chat_cap_refusal_is_shown_on_the_log_time_form(falcon, as_user):
    """30 minutes fit on the chat's ticket; 15 more are refused naming SP-14, input kept."""
    number = falcon["number"]
    start = org_api.sprint_calendar().sprint(number).start
    rituals_api.set_firefighters(org_api.actor_named("sam"), "Falcon", start, ["ada", "bob"])
    chat = rituals_api.organise_social_chat(
        org_api.actor_named("ada"),
        "Falcon",
        number,
        "Games",
        datetime.combine(start, time(12), UTC),
    )
    client = as_user("ada")
    day = (start + timedelta(days=1)).isoformat()
    ok = client.post(_url(chat.ticket, "worklogs"), {"date": day, "hours": "0.5"})
    assert ok.status_code == 302
    refused = client.post(
        _url(chat.ticket, "worklogs"), {"date": day, "hours": "0.25", "note": "Stayed longer"}
    )
    page = _text(refused)
    assert refused.status_code == 422
    assert "SP-14: Time logged on a social chat is capped at 30 minutes" in page
    assert 'value="0.25"' in page and "Stayed longer" in page
    assert [w.hours for w in billing_api.worklogs_of(chat.ticket)] == [Decimal("0.50")]


def test_SP_9_an_edit_through_the_page_is_saved_with_its_history(falcon, as_user):
    """Title, status and points change; the history names who changed what."""
    key = falcon["key"]
    client = as_user("ada")
    form = _edit(
        key, 1, title="Import the whole catalogue", status="Under review", story_points="3"
    )
    response = client.post(_url(key, "edit"), form, follow=True)
    ticket = api.get_ticket(key)
    assert (ticket.title, ticket.status, ticket.story_points, ticket.version) == (
        "Import the whole catalogue",
        "Under review",
        3,
        2,
    )
    assert ticket.remaining_hours == Decimal(10) and ticket.assignee == "ada"
    page = _text(response)
    assert "Status: Backlog → Under review" in page and f"{key} is saved." in page


def test_a_stale_edit_shows_the_conflict_keeps_the_input_and_changes_nothing(falcon, as_user):
    """Bob saved first: Ada's edit of version 1 is a 409 naming Bob, her title stays typed."""
    key = falcon["key"]
    api.update_ticket(org_api.actor_named("bob"), key, {"title": "Bob's title"}, version=1)
    response = as_user("ada").post(_url(key, "edit"), _edit(key, 1, title="Ada's title"))
    page = _text(response)
    assert response.status_code == 409
    assert f"{key} was changed meanwhile by Bob Marley" in page
    assert "reload" in page.lower()
    assert 'value="Ada\'s title"' in page
    ticket = api.get_ticket(key)
    assert (ticket.title, ticket.version) == ("Bob's title", 2)


def test_SP_5_and_SP_2_an_edit_lists_every_refusal_with_its_rule(falcon, as_user):
    """Reviewer = assignee is refused with SP-5 on the reviewer field; nothing changes."""
    key = falcon["key"]
    response = as_user("ada").post(_url(key, "edit"), _edit(key, 1, reviewer="ada", title="New"))
    page = _text(response)
    assert response.status_code == 422
    assert "SP-5: The reviewer must be someone other than the assignee" in page
    assert 'aria-describedby="ticket_reviewer_helptext ticket_reviewer_error"' in page
    assert api.get_ticket(key).title == "Import the catalogue"


def test_HTML_in_a_description_is_escaped_and_its_line_breaks_kept(falcon, as_user):
    """A description is plain text: tags are shown, never run; line breaks are kept."""
    key = api.create_ticket(
        org_api.actor_named("sam"),
        title="Harmless",
        description="<script>alert('x')</script>\n<b>bold?</b>",
        cell="Falcon",
        account="Hedera LMS",
    ).key
    page = as_user("ada").get(_url(key)).content.decode()
    assert "<script>alert" not in page and "<b>bold?</b>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;<br>&lt;b&gt;bold?&lt;/b&gt;" in page


def test_board_cards_link_to_their_ticket_page(falcon, as_user):
    """Each card's key and title is a link to the ticket page; the board links to a new ticket."""
    number, key = falcon["number"], falcon["key"]
    page = as_user("ada").get(f"/sprints/Falcon/{number}/board/").content.decode()
    assert f'href="/sprints/tickets/{key}/"' in page
    assert f'href="/sprints/Falcon/{number}/tickets/new/"' in page
    planning = as_user("ada").get(f"/sprints/Falcon/{number}/planning/").content.decode()
    assert f'href="/sprints/Falcon/{number}/tickets/new/"' in planning


def _new(**fields) -> dict:
    return {
        "title": "Filter by language",
        "description": "As a learner, I want to filter by language so that I find courses.",
        "placement": "sprint",
        "account": "Hedera LMS",
        "story_points": "",
    } | fields


def test_the_new_ticket_page_offers_the_story_template_and_creates_the_ticket(falcon, as_user):
    """The description starts from the template; creating goes to the new ticket's page."""
    number = falcon["number"]
    client = as_user("ada")
    form = client.get(f"/sprints/Falcon/{number}/tickets/new/")
    assert form.status_code == 200
    assert "As a …, I want … so that …" in _text(form)
    response = client.post(
        f"/sprints/Falcon/{number}/tickets/new/",
        _new(story_points="3", assignee="ada", reviewer="bob", epic="EP-1", remaining_hours="4"),
    )
    assert response.status_code == 302
    key = response.url.rstrip("/").rsplit("/", 1)[1]
    ticket = api.get_ticket(key)
    assert (ticket.title, ticket.sprint, ticket.stretch, ticket.story_points, ticket.epic) == (
        "Filter by language",
        number,
        False,
        3,
        "EP-1",
    )
    assert (ticket.assignee, ticket.reviewer, ticket.remaining_hours) == ("ada", "bob", Decimal(4))
    followed = client.get(response.url)
    assert f"{key} is created in sprint {number}." in _text(followed)


def test_the_story_template_is_a_placeholder_never_saved_when_left(falcon, as_user):
    """Issue #14 item 15: the template shows as the field's placeholder, the field itself
    starts empty, and a description left as the template is saved empty."""
    number = falcon["number"]
    client = as_user("ada")
    page = client.get(f"/sprints/Falcon/{number}/tickets/new/").content.decode()
    assert 'placeholder="As a …, I want … so that …"' in page
    assert ">As a …, I want … so that …</textarea>" not in page
    left = client.post(
        f"/sprints/Falcon/{number}/tickets/new/", _new(description="As a …, I want … so that …")
    )
    assert left.status_code == 302
    key = left.url.rstrip("/").rsplit("/", 1)[1]
    assert api.get_ticket(key).description == ""


def test_a_new_ticket_on_an_epic_inherits_its_account(falcon, as_user):
    """Issue #14 item 15: the account is not asked for when the epic already has one."""
    number = falcon["number"]
    made = as_user("ada").post(
        f"/sprints/Falcon/{number}/tickets/new/", _new(account="", epic="EP-1")
    )
    assert made.status_code == 302
    key = made.url.rstrip("/").rsplit("/", 1)[1]
    ticket = api.get_ticket(key)
    assert (ticket.epic, ticket.account) == ("EP-1", "Hedera LMS")


def test_SP_2_and_SP_5_a_new_ticket_lists_every_violation_and_keeps_the_input(falcon, as_user):
    """No account and reviewer = assignee: both reported, the title kept, nothing created."""
    number = falcon["number"]
    before = len(api.list_tickets("Falcon", number))
    response = as_user("ada").post(
        f"/sprints/Falcon/{number}/tickets/new/",
        _new(account="", assignee="bob", reviewer="bob"),
    )
    assert response.status_code == 422
    page = _text(response)
    assert "Choose the account the work is for." in page
    assert 'value="Filter by language"' in page
    response = as_user("ada").post(
        f"/sprints/Falcon/{number}/tickets/new/", _new(assignee="bob", reviewer="bob")
    )
    assert "SP-5: The reviewer must be someone other than the assignee" in _text(response)
    assert len(api.list_tickets("Falcon", number)) == before


@pytest.fixture
def running(falcon):
    """The current sprint (it has begun, so past its cut-off) with one ticket in it."""
    number = org_api.sprint_calendar().for_date(date.today()).number
    start = org_api.sprint_calendar().sprint(number).start
    key = api.create_ticket(
        org_api.actor_named("sam"),
        title="Already planned",
        cell="Falcon",
        account="Hedera LMS",
        sprint=number,
        now=datetime.combine(start - timedelta(days=30), time(9), UTC),
    ).key
    return number, key


def test_SP_8_after_the_cut_off_a_plain_insertion_is_refused_and_the_input_kept(running, as_user):
    """The current sprint has begun: a plain ticket is refused naming SP-8 and both paths."""
    number, _ = running
    before = len(api.list_tickets("Falcon", number))
    response = as_user("ada").post(
        f"/sprints/Falcon/{number}/tickets/new/", _new(title="Late idea", remaining_hours="3")
    )
    page = _text(response)
    assert response.status_code == 422
    assert "SP-8: Too late to add this ticket" in page
    assert "replaces or was split out from" in page and "stretch goals" in page
    assert 'value="Late idea"' in page and 'value="3"' in page
    assert '<fieldset class="field" aria-describedby="ticket_placement_error">' in page
    assert len(api.list_tickets("Falcon", number)) == before


def test_SP_8_after_the_cut_off_a_replacement_or_a_stretch_goal_is_created(running, as_user):
    """Path (a) awaits the manager's confirmation; path (b) is a stretch goal."""
    number, planned = running
    client = as_user("ada")
    replacement = client.post(
        f"/sprints/Falcon/{number}/tickets/new/", _new(replaces=planned), follow=True
    )
    assert "waits for the sprint planning manager's confirmation" in _text(replacement)
    stretch = client.post(
        f"/sprints/Falcon/{number}/tickets/new/", _new(title="Stretch", placement="stretch")
    )
    assert stretch.status_code == 302
    created = {t.title: t for t in api.list_tickets("Falcon", number)}
    assert created["Filter by language"].awaiting_confirmation is True
    assert created["Filter by language"].replaces == planned
    assert created["Stretch"].stretch is True


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1969-12-31", "2200-01-01"])
def test_finding_3_the_worklog_form_refuses_the_dates_the_api_refuses(falcon, as_user, day):
    """Issue #9 finding 3: a day outside 1970-01-01..2199-12-31 (the API's `Day`) is a form
    error on the date field that says which dates are accepted; the input is kept and nothing
    is logged."""
    key = falcon["key"]
    response = as_user("ada").post(
        _url(key, "worklogs"), {"date": day, "hours": "2", "note": "Time travel"}
    )
    page = _text(response)
    assert response.status_code == 422
    assert "Give a date between 1970-01-01 and 2199-12-31." in page
    assert f'value="{day}"' in page and "Time travel" in page
    assert billing_api.worklogs_of(key) == []


def test_finding_3_the_worklog_date_picker_offers_only_the_dates_the_api_accepts(falcon, as_user):
    """Issue #9 finding 3: the date input carries the API's bounds as its min and max."""
    page = _text(as_user("ada").get(_url(falcon["key"])))
    assert 'min="1970-01-01"' in page and 'max="2199-12-31"' in page


@pytest.fixture
def lynx(make_member):
    make_member("sam", cell="Lynx", roles=(Role.SPRINT_PLANNING_MANAGER,))
    make_member("ada", cell="Lynx")
    org_api.create_account(Actor.system("test"), "Hedera LMS")
    return org_api.sprint_calendar().for_date(date.today()).number + 3


@pytest.mark.django_db
def test_finding_2_ticket_page_routes_take_exactly_the_grammar(lynx, client, django_user_model):
    """/sprints/tickets/LYNX-1/ resolves; a key of another shape has no route (404)."""
    api.create_ticket(
        Actor.system("sam"), key="LYNX-1", title="t", cell="Lynx", account="Hedera LMS"
    )
    client.force_login(django_user_model.objects.get(username="ada"))
    assert client.get(reverse("sprints:ticket", args=["LYNX-1"])).status_code == 200
    assert client.get("/sprints/tickets/lynx-1/").status_code == 404
    assert client.get("/sprints/tickets/LYNX-%C2%B2/").status_code == 404
    with pytest.raises(NoReverseMatch):
        reverse("sprints:ticket", args=["EVIL/1"])


# --- issue #14 item 15: logging time offers to update the remaining hours ---------------


def test_item_15_logging_time_offers_the_remaining_hours_less_what_was_logged(falcon, as_user):
    """Logging 2.5 h on a ticket with 10 h remaining lands on an offer prefilled with 7.50,
    focused; one click saves it, and the page then shows 7.50 h remaining."""
    key = falcon["key"]
    client = as_user("ada")
    logged = client.post(_url(key, "worklogs"), {"date": date.today().isoformat(), "hours": "2.5"})
    assert logged.status_code == 302
    assert logged["Location"] == f"{_url(key)}?logged=2.5"
    page = _text(client.get(logged["Location"]))
    assert "Update the remaining hours?" in page
    assert (
        "You logged 2.5 h. The ticket still says 10.00 h remaining; 10.00 − 2.5 is filled in"
        in page
    )
    offer = page[page.index('id="remaining-offer"') :]
    assert 'name="remaining_hours"' in offer and 'value="7.50"' in offer
    assert "autofocus" in offer.split("</form>")[0]
    assert f'name="version" value="{api.get_ticket(key).version}"' in offer
    saved = client.post(
        _url(key, "remaining"),
        {"remaining_hours": "7.50", "version": str(api.get_ticket(key).version)},
        follow=True,
    )
    assert saved.status_code == 200
    assert api.get_ticket(key).remaining_hours == Decimal("7.50")
    after = _text(saved)
    assert f"{key} has 7.50 h remaining." in after
    assert "Update the remaining hours?" not in after  # offered once, after the log


def test_item_15_the_offer_never_goes_below_zero_and_a_bad_value_is_kept_with_its_error(
    falcon, as_user
):
    key = falcon["key"]
    client = as_user("ada")
    page = _text(client.get(_url(key) + "?logged=12"))
    assert 'value="0.00"' in page[page.index('id="remaining-offer"') :]
    refused = client.post(
        _url(key, "remaining"),
        {"remaining_hours": "-3", "version": str(api.get_ticket(key).version)},
    )
    assert refused.status_code == 422
    text = _text(refused)
    assert "Give 0 or more hours." in text and 'value="-3"' in text
    assert api.get_ticket(key).remaining_hours == Decimal(10)
    stale = client.post(_url(key, "remaining"), {"remaining_hours": "4", "version": "999"})
    assert stale.status_code == 422
    assert "was changed meanwhile, so the remaining hours were not saved" in _text(stale)
    assert api.get_ticket(key).remaining_hours == Decimal(10)
    garbled = _text(client.get(_url(key) + "?logged=lots"))
    assert "Update the remaining hours?" not in garbled
