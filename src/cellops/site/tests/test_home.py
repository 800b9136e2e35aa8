"""Home "What needs me now" (issue #14 item 13): lists as lists with a link to the rest,
nothing from finished sprints, advice that fits the role, and for the CEO and the managers
an overview of the agency — each asserted by the values the page shows."""

from __future__ import annotations

import html as html_lib
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from cellops.checklists import api as checklists_api
from cellops.checklists.data import ItemInfo, Kind, TemplateInfo
from cellops.org import api as org_api
from cellops.org.data import Actor, EpicStatus, MemberStatus, Role
from cellops.sprints import api as sprints_api
from cellops.time_off import api as time_off_api
from cellops.time_off.data import Kind as TimeOffKind
from cellops.trial import api as trial_api

pytestmark = pytest.mark.django_db

SYSTEM = Actor.system("test")
LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)


def _day(d: date) -> str:
    return d.strftime("%a ") + str(d.day) + d.strftime(" %b %Y")


def _page(client, django_user_model, username: str) -> tuple[str, str]:
    """The home page as HTML, and as the words a reader sees (tags out, spaces squeezed)."""
    client.force_login(django_user_model.objects.get(username=username))
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    words = html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))
    return html, re.sub(r" ([,.:;)])", r"\1", words)


def _section(html: str, element_id: str) -> str:
    start = html.index(f'id="{element_id}"')
    return html[start : html.index("</section>", start)]


@pytest.fixture
def today() -> date:
    return date.today()


@pytest.fixture
def sprint(today) -> int:
    return org_api.sprint_calendar().for_date(today).number


@pytest.fixture
def agency(make_member, sprint):
    """Falcon: Ada and Bob (developers), Tom (sprint manager); Xavier, the CEO, in Compass.
    Two tickets in the current sprint, made before it began: Ada's 100 h (epic EP-1, 110 h
    budget: at risk) and Bob's 8 h (epic EP-2, 5 h budget: over)."""
    make_member("ada", first_name="Ada", last_name="Lovelace")
    make_member("bob", first_name="Bob", last_name="Marley")
    make_member("tom", first_name="Tom", last_name="Nowak", roles=(Role.SPRINT_MANAGER,))
    make_member("xavier", first_name="Xavier", last_name="Antoine", cell="Compass")
    org_api.assign_role(SYSTEM, member="xavier", role=Role.CEO, start=date(2020, 1, 1))
    org_api.create_account(SYSTEM, "Hedera LMS")
    for key, budget in (("EP-1", Decimal(110)), ("EP-2", Decimal(5))):
        org_api.create_epic(
            SYSTEM,
            key=key,
            title=f"Epic {key}",
            account="Hedera LMS",
            owner="tom",
            reviewer="tom",
            status=EpicStatus.ACCEPTED,
            budget_hours=budget,
        )
    before = datetime.combine(
        org_api.sprint_calendar().sprint(sprint).start - timedelta(days=6),
        datetime.min.time(),
        tzinfo=UTC,
    )
    sam = org_api.actor_named("tom")
    keys = {}
    for name, assignee, reviewer, points, hours, epic in (
        ("big", "ada", "bob", 3, 100, "EP-1"),
        ("small", "bob", "ada", 2, 8, "EP-2"),
    ):
        keys[name] = sprints_api.create_ticket(
            sam,
            title=f"Ticket {name}",
            cell="Falcon",
            account="Hedera LMS",
            epic=epic,
            sprint=sprint,
            story_points=points,
            assignee=assignee,
            reviewer=reviewer,
            remaining_hours=Decimal(hours),
            now=before,
        ).key
    return keys


def test_home_lists_a_checklists_items_as_a_list_with_a_link_to_the_rest(
    make_member, client, django_user_model, sprint, today
):
    """Nine items due: five listed, each linking to its item, then "See all 9"."""
    make_member("ada", first_name="Ada", last_name="Lovelace")
    start = org_api.sprint_calendar().sprint(sprint).start
    checklists_api.create_template(
        SYSTEM,
        TemplateInfo(
            key="sprint-falcon",
            title="Falcon sprint",
            kind=Kind.SPRINT,
            cell="Falcon",
            items=tuple(ItemInfo(f"Step {n}", (today - start).days - n) for n in range(9)),
        ),
    )
    (run,) = checklists_api.ensure_sprint_runs("Falcon", sprint, start, ["ada"])
    html, words = _page(client, django_user_model, "ada")
    assert f"9 items due in Falcon sprint (sprint Falcon/{sprint}), 8 overdue" in words
    card = html[html.index(f'href="/checklists/{run.id}/"') :]
    card = card[: card.index("</li>\n  \n  <li") if "</li>\n  \n  <li" in card else None]
    lines = re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', card)
    first = run.items[8]  # step 8, the most overdue, comes first
    assert len(lines) == 5
    assert lines[0] == (
        f"/checklists/{run.id}/#item-{first.id}",
        f"Day {first.due_day}, {_day(first.due_date)} (overdue): Step 8",
    )
    assert [text.rsplit(": ", 1)[1] for _, text in lines] == [f"Step {n}" for n in (8, 7, 6, 5, 4)]
    assert "See all 9: 9 items due in Falcon sprint" in words
    assert "(4 more not listed here)" in words
    assert "and 4 more" not in words


def test_home_leaves_out_the_checklist_of_a_finished_sprint(
    make_member, client, django_user_model, sprint, today
):
    """Last sprint's checklist, all overdue, is not shown; this sprint's is."""
    make_member("ada", first_name="Ada", last_name="Lovelace")
    calendar = org_api.sprint_calendar()
    checklists_api.create_template(
        SYSTEM,
        TemplateInfo(
            key="sprint-falcon",
            title="Falcon sprint",
            kind=Kind.SPRINT,
            cell="Falcon",
            items=tuple(ItemInfo(f"Step {n}", n) for n in range(9)),
        ),
    )
    (old,) = checklists_api.ensure_sprint_runs(
        "Falcon", sprint - 1, calendar.sprint(sprint - 1).start, ["ada"]
    )
    (new,) = checklists_api.ensure_sprint_runs(
        "Falcon", sprint, calendar.sprint(sprint).start, ["ada"]
    )
    html, words = _page(client, django_user_model, "ada")
    assert f"(sprint Falcon/{sprint - 1})" not in words
    assert f'href="/checklists/{old.id}/' not in html
    assert f"(sprint Falcon/{sprint})" in words
    assert f'href="/checklists/{new.id}/"' in html


def test_SP_6_the_ceo_is_not_told_to_pick_up_a_stretch_goal_a_developer_is(
    agency, client, django_user_model, sprint
):
    _, ceo = _page(client, django_user_model, "xavier")
    assert f"Compass sprint {sprint} (this sprint): 0 h committed of" in ceo
    assert "stretch goal" not in ceo
    assert "under 80 % of your hours are in tickets: put the work you plan" in ceo
    _, bob = _page(client, django_user_model, "bob")
    assert f"Falcon sprint {sprint} (this sprint): 10 h committed of" in bob
    assert "pick up a stretch goal or ask for a ticket" in bob


def test_the_ceo_sees_the_agency_overview_with_its_figures(
    agency, make_member, client, django_user_model, sprint, today
):
    """Cells' capacity, budgets at risk and over, open trial reviews, time off soon."""
    make_member(
        "nia",
        first_name="Nia",
        last_name="Newton",
        status=MemberStatus.NEWCOMER,
        start_date=today - timedelta(days=3),
    )
    monday = today + timedelta(days=7 - today.weekday())
    time_off_api.book(
        Actor.system("bob"),
        member="bob",
        kind=TimeOffKind.SICK,
        start=monday,
        end=monday + timedelta(days=1),
        requested_at=LONG_AGO,
    )
    html, words = _page(client, django_user_model, "xavier")
    falcon = {c.member: c for c in sprints_api.capacity("Falcon", sprint)}
    available = sum(c.available_hours for c in falcon.values())
    row = _section(html, "overview-capacity")
    row = row[row.index(">", row.index('id="overview-cell-falcon"')) + 1 :]
    row = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row[: row.index("</tr>")])).strip()
    # Ada 100 h + 1 h review of the 2 pt ticket; Bob 8 h + 2 h review of the 3 pt one.
    assert row.startswith(
        f"Falcon sprint {sprint} 111 h {available.normalize():f} h 1 Ada Lovelace"
    )
    under = sum(c.status == "under-committed" for c in falcon.values())
    assert row.endswith(f"{under} of {len(falcon)} 0 tickets under review in Falcon")

    budgets = _section(html, "overview-budgets")
    assert budgets.index("overview-budget-epic-ep-2") < budgets.index("overview-budget-epic-ep-1")
    budget_words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", budgets))
    assert "Over Epic EP-2: 0 h logged + 8 h planned of 5 h" in budget_words
    assert "At risk Epic EP-1: 0 h logged + 100 h planned of 110 h" in budget_words

    reviews = [r for r in trial_api.reviews_of(SYSTEM, "nia") if r.state == "open"]
    assert reviews
    first = min(reviews, key=lambda r: (r.due, r.id))
    assert (
        f"{first.kind.value.capitalize()} review of Nia Newton: due {_day(first.due)}, "
        f"0 of {len(first.reviewers)} voted"
    ) in words

    assert (
        f"Bob Marley (Falcon), sick leave: {_day(monday)} to {_day(monday + timedelta(days=1))}"
        " Pending"
    ) in words


def test_a_sprint_manager_sees_the_overview_without_budgets_a_developer_sees_none(
    agency, client, django_user_model
):
    """Client budgets are for VIEW_CLIENT_BUDGETS; the overview for the CEO and managers."""
    html, words = _page(client, django_user_model, "tom")
    assert 'id="overview-capacity"' in html
    assert 'id="overview-budgets"' not in html and "EP-2" not in words
    html, _ = _page(client, django_user_model, "ada")
    assert "The agency today" not in html
