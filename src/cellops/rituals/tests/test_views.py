"""The retrospective page (SP-13 to SP-15) and the tech talks on the sprints index (SP-16),
through their forms, as a person would use them."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest

from cellops.org import api as org_api
from cellops.org.data import Actor, Role
from cellops.rituals import api
from cellops.sprints import api as sprints_api

pytestmark = pytest.mark.django_db


@pytest.fixture
def falcon(make_member):
    """Falcon: Sam (sprint planning manager), Ada, Bob, Cyd; Otter's Otto; the current sprint."""
    make_member("sam", first_name="Sam", last_name="Planner", roles=(Role.SPRINT_PLANNING_MANAGER,))
    make_member("ada", first_name="Ada", last_name="Lovelace")
    make_member("bob", first_name="Bob", last_name="Marley")
    make_member("cyd", first_name="Cyd", last_name="Charisse")
    make_member("otto", cell="Otter", first_name="Otto", last_name="Lilienthal")
    return org_api.sprint_calendar().for_date(date.today())


@pytest.fixture
def as_user(client, django_user_model):
    def login(username: str):
        client.force_login(django_user_model.objects.get(username=username))
        return client

    return login


def _url(number: int, page: str = "", cell: str = "Falcon") -> str:
    return f"/sprints/{cell}/{number}/retrospective/{page}"


def _html(response) -> str:
    return response.content.decode()


def test_the_page_has_one_h1_a_nav_link_and_needs_a_login(falcon, client, as_user):
    """200 with one h1 for a member, linked from the sprint nav; anonymous → login; unknown → 404."""
    assert client.get(_url(falcon.number)).status_code == 302
    member = as_user("ada")
    html = _html(member.get(_url(falcon.number)))
    assert html.count("<h1") == 1
    assert f'href="/sprints/Falcon/{falcon.number}/retrospective/" aria-current="page"' in html
    assert member.get(_url(falcon.number, cell="Nowhere")).status_code == 404
    assert member.get(_url(0)).status_code == 404


def test_SP_13_a_member_adds_an_item_through_the_form(falcon, as_user):
    """The item appears under its kind with its author's name."""
    member = as_user("ada")
    response = member.post(
        _url(falcon.number, "items/"), {"kind": "to improve", "text": "Reviews took days"}
    )
    assert response.status_code == 302
    html = _html(member.get(_url(falcon.number)))
    to_improve = html.split('id="to-improve-heading"')[1].split("</section>")[0]
    assert "Reviews took days" in to_improve and "Ada Lovelace" in to_improve


def test_SP_13_a_refused_item_shows_the_rule_on_the_form(falcon, as_user):
    """A missing kind is named on its field; after completion the refusal says SP-13."""
    member = as_user("ada")
    missing = member.post(_url(falcon.number, "items/"), {"text": "x"})
    assert missing.status_code == 422
    assert "Choose whether it went well or is to improve." in _html(missing)
    number = falcon.number + 2
    sprints_api.complete(org_api.actor_named("sam"), "Falcon", number, confirm=True)
    late = member.post(_url(number, "items/"), {"kind": "went well", "text": "x"})
    assert late.status_code == 422 and "SP-13" in _html(late)


def test_SP_13_another_cells_member_sees_no_item_and_cannot_add(falcon, as_user):
    """Otto sees the privacy notice, not Falcon's items; his post is 403."""
    api.add_retro_item(
        org_api.actor_named("ada"), "Falcon", falcon.number, "went well", "Secret sauce"
    )
    otto = as_user("otto")
    html = _html(otto.get(_url(falcon.number)))
    assert "Secret sauce" not in html and "is private to its members" in html
    assert "Add my item" not in html
    post = otto.post(_url(falcon.number, "items/"), {"kind": "went well", "text": "x"})
    assert post.status_code == 403


def test_SP_13_the_manager_publishes_and_members_approve_in_the_poll(falcon, as_user):
    """Publish after completion; three items to improve open a poll; checkboxes record approvals."""
    number = falcon.number + 2
    ids = [
        api.add_retro_item(org_api.actor_named("bob"), "Falcon", number, "to improve", text).id
        for text in ("Flaky CI", "Slow reviews", "Late estimates")
    ]
    sprints_api.complete(org_api.actor_named("sam"), "Falcon", number, confirm=True)
    assert as_user("ada").post(_url(number, "publish/")).status_code == 403
    sam = as_user("sam")
    assert "Publish the retrospective" in _html(sam.get(_url(number)))
    sam.post(_url(number, "publish/"))
    ada = as_user("ada")
    html = _html(ada.get(_url(number)))
    assert "Published" in html and "Sprint Retrospective - Falcon" in html
    assert html.count('type="checkbox"') == 3
    response = ada.post(_url(number, "poll/"), {"items": [str(ids[1]), str(ids[2])]})
    assert response.status_code == 302
    as_user("bob").post(_url(number, "poll/"), {"items": [str(ids[2])]})
    html = _html(as_user("ada").get(_url(number)))
    rows = re.findall(r'<tr id="result-(\d+)"><td class="num">(\d+)</td>', html)
    assert rows == [(str(ids[2]), "1"), (str(ids[1]), "2"), (str(ids[0]), "3")]
    assert re.search(rf'value="{ids[1]}"[^>]*checked', html)
    bad = as_user("ada").post(_url(number, "poll/"), {"items": ["999999"]})
    assert bad.status_code == 422 and "Choose among the poll" in _html(bad)


def test_SP_15_the_page_lists_each_members_exact_video_title_and_records_mine(falcon, as_user):
    """Titles in read-only fields with labels; my link is recorded; a bad link is refused on its field."""
    ada = as_user("ada")
    html = _html(ada.get(_url(falcon.number)))
    assert f'value="Sprint {falcon.number} - Falcon - Bob Marley"' in html
    assert "Video title for Bob Marley" in html
    bad = ada.post(_url(falcon.number, "video-update/"), {"url": "nope"})
    assert bad.status_code == 422 and "Paste a link" in _html(bad)
    ada.post(_url(falcon.number, "video-update/"), {"url": "https://www.loom.com/share/x"})
    row = _html(ada.get(_url(falcon.number))).split('id="update-ada"')[1].split("</tr>")[0]
    assert "Posted" in row and "https://www.loom.com/share/x" in row


def test_SP_14_the_first_weeks_firefighter_organises_the_chat_in_their_time_zone(
    falcon, as_user, make_member
):
    """The form reads the viewer's zone; the time outside the first week is refused with SP-14."""
    number = falcon.number + 2
    start = org_api.sprint_calendar().sprint(number).start
    api.set_firefighters(org_api.actor_named("sam"), "Falcon", start, ["ada", "bob"])
    org_api.update_member(Actor.system("test"), "ada", timezone="Asia/Tokyo")
    ada = as_user("ada")
    html = _html(ada.get(_url(number)))
    assert "Ada Lovelace and Bob Marley" in html and "Organise the social chat" in html
    late = ada.post(
        _url(number, "social-chat/"), {"topic": "Games", "at": f"{start + timedelta(days=5)}T15:00"}
    )
    assert late.status_code == 422 and "SP-14" in _html(late)
    ok = ada.post(
        _url(number, "social-chat/"), {"topic": "Games", "at": f"{start + timedelta(days=1)}T09:00"}
    )
    assert ok.status_code == 302
    chat = api.social_chat(Actor.system(), "Falcon", number)
    assert chat.at == datetime.combine(start + timedelta(days=1), time(0), UTC)  # 09:00 in Tokyo
    assert (
        as_user("cyd")
        .post(_url(number, "social-chat/"), {"topic": "x", "at": f"{start}T09:00"})
        .status_code
        == 403
    )
    html = _html(as_user("cyd").get(_url(number)))
    assert "Organise the social chat" not in html and chat.ticket in html


def test_SP_14_the_page_shows_the_firefighters_of_the_coming_weeks(falcon, as_user):
    """Six weeks from this one, each with two names, set or from the rotation."""
    api.set_firefighters(org_api.actor_named("sam"), "Falcon", date.today(), ["cyd", "bob"])
    html = _html(as_user("ada").get(_url(falcon.number)))
    table = html.split('class="firefighters"')[1].split("</table>")[0]
    assert table.count("<tr>") == 6 + 1
    assert "Cyd Charisse, Bob Marley" in table and "Set" in table and "Rotation" in table


def test_SP_16_the_index_lists_upcoming_tech_talks(falcon, as_user):
    """Scheduled talks show their day, title, speaker and preparation ticket."""
    talk = api.schedule_tech_talk(
        org_api.actor_named("ada"),
        title="Property tests",
        cell="Falcon",
        sprint=falcon.number + 1,
        speaker="ada",
    )
    html = _html(as_user("bob").get("/sprints/"))
    section = html.split('id="tech-talks-heading"')[1]
    assert "Property tests" in section and "Ada Lovelace" in section and talk.ticket in section
