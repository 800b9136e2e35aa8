"""Organisation pages: what people see and what their forms do."""

import pytest
from django.urls import reverse

from cellops.org import api
from cellops.org.data import Actor, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def ceo_client(client, make_member, django_user_model):
    make_member("boss", roles=(Role.CEO,))
    client.force_login(django_user_model.objects.get(username="boss"))
    return client


@pytest.fixture
def plain_client(client, make_member, django_user_model):
    make_member("plain")
    client.force_login(django_user_model.objects.get(username="plain"))
    return client


def test_pages_need_a_login(client):
    """Anonymous visitors are sent to the login page."""
    response = client.get(reverse("org:cells"))
    assert response.status_code == 302 and reverse("core:login") in response["Location"]


@pytest.mark.parametrize(
    "name", ["org:cells", "org:members", "org:clients", "org:epics", "org:sprints"]
)
def test_each_organisation_page_renders_with_one_h1(plain_client, name):
    """Every organisation page answers 200 with exactly one h1 and the area navigation."""
    response = plain_client.get(reverse(name))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1 and 'aria-label="Organisation"' in html


def test_the_ceo_creates_a_cell_from_the_page(ceo_client):
    """ORG-1: posting the new-cell form creates it and shows it in the list."""
    response = ceo_client.post(reverse("org:cells"), {"name": "Bebop", "kind": "dev"}, follow=True)
    assert "Cell Bebop created." in response.content.decode()
    assert api.get_cell("Bebop").kind == "dev"


def test_a_duplicate_cell_shows_the_error_on_the_name_field(ceo_client):
    """A refused creation shows the summary and ties the message to the field."""
    response = ceo_client.post(reverse("org:cells"), {"name": "Falcon", "kind": "dev"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "already exists" in html and 'href="#id_name"' in html and 'aria-invalid="true"' in html


def test_plain_members_see_no_edit_forms_and_cannot_post(plain_client):
    """Editing the organisation is refused to members without the role."""
    assert "New cell" not in plain_client.get(reverse("org:cells")).content.decode()
    assert (
        plain_client.post(reverse("org:cells"), {"name": "Bebop", "kind": "dev"}).status_code == 403
    )


def test_budgets_are_not_on_the_page_for_plain_members(plain_client, ceo_client):
    """Privacy: the accounts page leaves out monthly budgets for members without a planning role."""
    api.create_client(Actor.system("test"), "Hedera", 150)
    api.create_account(Actor.system("test"), "Hedera LMS", "Hedera", 123)
    assert "123" in ceo_client.get(reverse("org:clients")).content.decode()
    plain_client.force_login(
        __import__("django.contrib.auth", fromlist=["get_user_model"])
        .get_user_model()
        .objects.get(username="plain")
    )
    html = plain_client.get(reverse("org:clients")).content.decode()
    assert "123" not in html and "150" not in html


def test_the_ceo_gives_a_role_and_it_shows_as_held(ceo_client, make_member):
    """ORG-3: the role form on a member's page records a role from a date."""
    make_member("ada", cell="Falcon")
    response = ceo_client.post(
        reverse("org:assign_role", args=["ada"]),
        {"role": "sprint_manager", "start": "2026-01-05", "cell": "Falcon"},
        follow=True,
    )
    assert "Sprint manager" in response.content.decode()
    assert api.roles_of("ada")[0].cell == "Falcon"


def test_a_role_without_its_cell_is_refused_on_the_cell_field(ceo_client, make_member):
    """ORG-3: a firefighter without a cell gets the message on the cell field."""
    make_member("ada")
    response = ceo_client.post(
        reverse("org:assign_role", args=["ada"]), {"role": "firefighter", "start": "2026-01-05"}
    )
    assert response.status_code == 422
    assert "held for one cell" in response.content.decode()


def test_the_sprint_calendar_finds_the_sprint_of_a_date(plain_client):
    """SP-1: the calendar page answers which sprint and day a date is."""
    html = plain_client.get(reverse("org:sprints"), {"date": "2026-01-19"}).content.decode()
    assert "Mon 19 Jan 2026 is day 0 of Sprint 2 for dev cells" in html


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2200-01-01", "1969-12-31"])
def test_finding_3_the_sprint_calendar_refuses_a_date_outside_the_range_keeping_it(
    plain_client, day
):
    """Issue #9 finding 3: /org/sprints/?date=9999-12-31 is a form error naming the accepted
    dates (the API's), with the date typed kept, not a 500; the calendar still shows."""
    plain_client.raise_request_exception = False
    response = plain_client.get(reverse("org:sprints"), {"date": day})
    html = response.content.decode()
    assert response.status_code in (200, 422)
    assert "Give a date between 1970-01-01 and 2199-12-31." in html
    assert f'value="{day}"' in html
    assert " is day " not in html


def test_finding_3_the_sprint_calendar_answers_for_the_last_date_kept(plain_client):
    """2199-12-31 itself is in the calendar's last sprint."""
    html = plain_client.get(reverse("org:sprints"), {"date": "2199-12-31"}).content.decode()
    last = api.sprint_calendar().last_number
    assert "Tue 31 Dec 2199 is day " in html and f"of Sprint {last} " in html


def test_finding_3_a_role_starting_outside_the_range_is_a_form_error(ceo_client, make_member):
    """Issue #9 finding 3: the role form takes the API's dates only; the input is kept."""
    make_member("ada")
    response = ceo_client.post(
        reverse("org:assign_role", args=["ada"]), {"role": "ceo", "start": "9999-12-31"}
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "Give a date between 1970-01-01 and 2199-12-31." in html
    assert 'value="9999-12-31"' in html
    assert api.roles_of("ada") == []


def test_RC_7_members_page_hides_candidates_from_a_developer(plain_client, make_member):
    """The members page and a cell's page list no candidate; a candidate's page is a 404."""
    from cellops.org.data import MemberStatus

    make_member("carla", first_name="Carlotta", status=MemberStatus.CANDIDATE)
    assert "Carlotta" not in plain_client.get(reverse("org:members")).content.decode()
    assert "Carlotta" not in plain_client.get(reverse("org:cell", args=["Falcon"])).content.decode()
    assert plain_client.get(reverse("org:member", args=["carla"])).status_code == 404
    assert plain_client.get(reverse("org:member", args=["plain"])).status_code == 200


def test_RC_7_the_ceo_sees_candidates_on_the_members_page(ceo_client, make_member):
    from cellops.org.data import MemberStatus

    make_member("carla", first_name="Carlotta", status=MemberStatus.CANDIDATE)
    assert "Carlotta" in ceo_client.get(reverse("org:members")).content.decode()
    assert ceo_client.get(reverse("org:member", args=["carla"])).status_code == 200


def test_ORG_2_a_member_who_left_cannot_open_the_organisation_pages(
    client, make_member, django_user_model
):
    from cellops.org.data import MemberStatus

    make_member("gone", status=MemberStatus.LEFT)
    client.force_login(django_user_model.objects.get(username="gone"))
    assert client.get(reverse("org:members")).status_code == 403
