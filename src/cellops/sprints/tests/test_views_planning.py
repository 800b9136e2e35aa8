"""The planning dashboard (SP-5, SP-6, SP-7, SP-10): capacity, budgets, start and
completion, and the SP-10 spillover reasons in its completion section.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest

from cellops.org import api as org_api
from cellops.org.data import Actor, EpicStatus, Role
from cellops.platform import api as core_api
from cellops.sprints import api
from cellops.sprints.tests.conftest import spillover_line as _line

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


def test_the_dashboard_shows_capacity_numbers_their_breakdown_and_readiness_gaps(falcon, as_user):
    """SP-6 in an SVG and a table with the same numbers; each figure explained; SP-5 gaps linked."""
    number = falcon["number"]
    html = _html(as_user("ada").get(_url("planning", number)))
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    # Ada: 10 h assignee + 2 h epic EP-1; Bob: 6 h (tentative) + 3 h review of 5 pt; 78 h each.
    assert "Ada Lovelace: 12 of 78 h committed, under-committed" in svg
    assert "Bob Marley: 9 of 78 h committed, under-committed" in svg
    row = html[html.index('<tr id="member-ada"') :]
    row = row[: row.index("</tr>")]
    assert "78 h" in row and "12 h" in row and "66 h" in row and "Under-committed" in row
    # Decision 0036: the breakdown loads when its <details> opens (htmx), from a page of its
    # own that the link inside it opens without JavaScript.
    how = html[html.index('<details class="how" id="how-bob"') :]
    how = how[: how.index("</details>")]
    link = f"/sprints/Falcon/{number}/planning/how/bob/"
    assert f'hx-get="{link}"' in how and f'<a href="{link}">' in how
    how = _html(as_user("ada").get(link))
    assert falcon["unready"] in how and "tentative" in how and "Review time for 5 pt" in how
    assert how.count("<time") == 10 and "Planning reserve" in how
    part = _html(as_user("ada").get(link, HTTP_HX_REQUEST="true"))
    assert part.count("<time") == 10 and "<html" not in part
    gaps = html[html.index('id="readiness-heading"') :]
    gaps = gaps[: gaps.index("</section>")]
    assert "SP-5" in gaps and f"{falcon['unready']} has no story points" in gaps
    assert f"{falcon['unready']} has no reviewer" in gaps
    assert "has no assignee" not in gaps  # SP-4: the tentative assignee will be
    assert f'href="/sprints/Falcon/{number}/board/#card-{falcon["unready"]}"' in gaps


def test_budgets_are_hidden_for_a_plain_member_and_shown_to_the_manager(falcon, as_user):
    """SP-7 figures are for those who may see client budgets."""
    number = falcon["number"]
    assert "Budgets," not in _html(as_user("ada").get(_url("planning", number)))
    html = _html(as_user("sam").get(_url("planning", number)))
    table = html[html.index('id="budgets-heading"') :]
    table = table[: table.index("</section>")]
    # Decision 0036: the cell's own budgets (its tickets bill to the account, to no epic);
    # the whole organisation one click away.
    assert "Account Hedera LMS (monthly)" in table and "Epic EP-1 (total)" not in table
    assert '<span class="chip ok">OK</span>' in table
    assert '<a href="?scope=all#budgets-heading">The whole organisation</a>' in table
    html = _html(as_user("sam").get(_url("planning", number) + "?scope=all"))
    table = html[html.index('id="budgets-heading"') :]
    table = table[: table.index("</section>")]
    assert "Account Hedera LMS (monthly)" in table and "Epic EP-1 (total)" in table


def test_SP_7_burn_charts_and_their_figures_are_shown_only_to_who_may_see_budgets(falcon, as_user):
    """An accessible SVG per budget with its figures in a table; nothing of it for a developer."""
    from cellops.billing import api as billing_api

    number = org_api.sprint_calendar().for_date(date.today()).number
    start = api.sprint_record("Falcon", number).start  # on or before today, in the page's month
    billing_api.log_work(
        org_api.actor_named("sam"),
        ticket=falcon["ready"],
        member="ada",
        day=start,
        hours=Decimal("7.5"),
    )
    # This sprint has no tickets of its own: the whole organisation's budgets (decision 0036).
    html = _html(as_user("sam").get(_url("planning", number) + "?scope=all"))
    section = html[html.index('id="budgets-heading"') :]
    section = section[: section.index("</section>")]
    account = section[section.index('data-budget="account:Hedera LMS"') :]
    account = account[: account.index("</figure>")]
    svg = account[account.index("<svg") : account.index("</svg>")]
    assert 'role="img"' in svg and 'aria-labelledby="burn-1-title burn-1-desc"' in svg
    assert f"Burn of account Hedera LMS, {start:%B %Y}" in svg
    month_end = (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    reached = min(date.today(), month_end)  # the logged line stops at today or the month's end
    assert f"Logged by {reached.day} {reached:%B}: 7.50 h." in svg
    assert 'class="logged"' in svg and 'class="budget"' in svg
    figures = account[account.index("<details") : account.index("</details>")]
    assert "Show the figures" in figures
    # Decision 0036: the figures load when opened, from their own page (no JavaScript needed).
    link = f"/sprints/Falcon/{number}/planning/burn/account/Hedera%20LMS/"
    assert f'href="{link}"' in figures
    figures = _html(as_user("sam").get(link))
    assert f'<time datetime="{start:%Y-%m-%d}">' in figures and "7.50" in figures
    assert 'data-budget="epic:EP-1"' in section and "Burn of epic EP-1" in section

    developer = _html(as_user("ada").get(_url("planning", number)))
    assert "Burn of" not in developer and "burn-chart" not in developer
    assert "Show the figures" not in developer and "7.50" not in developer
    assert as_user("ada").get(link).status_code == 404


def test_starting_with_gaps_lists_them_and_the_override_needs_a_reason(falcon, as_user):
    """SP-5: refused with every gap; the override without a reason is refused; with one it starts."""
    number = falcon["number"]
    manager = as_user("sam")
    refused = manager.post(_url("planning/start", number))
    assert refused.status_code == 422
    html = _html(refused)
    assert "The sprint did not start: 2 readiness gaps" in html
    assert 'name="override" value="1"' in html and "Why start it anyway" in html
    no_reason = manager.post(_url("planning/start", number), {"override": "1", "reason": " "})
    assert no_reason.status_code == 422
    assert 'aria-describedby="id_reason_helptext id_reason_error"' in _html(no_reason)
    assert api.sprint_record("Falcon", number).started_at is None
    started = manager.post(
        _url("planning/start", number),
        {"override": "1", "reason": "The client demo cannot wait", "confirm": "1"},
        follow=True,
    )  # the sprint is ahead: its early start is confirmed too (issue #14 item 2)
    assert "has started early with an override of 2 gaps" in _html(started)
    record = api.sprint_record("Falcon", number)
    assert record.started_at is not None and record.start_overridden
    entry = next(e for e in core_api.audit_log() if e.action == "sprint.start")
    assert entry.changes["reason"] == "The client demo cannot wait"


def test_completing_shows_clean_sprints_and_spillover_per_member(falcon, as_user):
    """SP-10: Ada finished hers (clean); Bob's open ticket spilled over to the next sprint."""
    number = falcon["number"]
    api.start(org_api.actor_named("sam"), "Falcon", number, override=True, confirm=True)
    api.update_ticket(org_api.actor_named("ada"), falcon["ready"], {"status": "Done"})
    html = _html(
        as_user("sam").post(_url("planning/complete", number), {"confirm": "1"}, follow=True)
    )  # the sprint is ahead: completing it now is early, so confirmed (issue #14 item 2)
    table = html[html.index('id="completion-heading"') :]
    table = table[: table.index("</table>")]
    ada = table[table.index("Ada Lovelace") :]
    assert '<span class="chip ok">Clean</span>' in ada[: ada.index("</tr>")]
    bob = table[table.index("Bob Marley") :]
    assert '<span class="chip bad">Not clean</span>' in bob[: bob.index("</tr>")]
    assert f'board/#card-{falcon["unready"]}">{falcon["unready"]}</a>' in bob
    assert api.get_ticket(falcon["unready"]).sprint == number + 1


def test_a_plain_member_cannot_start_or_complete(falcon, as_user):
    """MANAGE_SPRINTS guards the manager's buttons: they are not shown, and posting is 403."""
    client = as_user("ada")
    assert "Start the sprint" not in _html(client.get(_url("planning", falcon["number"])))
    assert client.post(_url("planning/start", falcon["number"])).status_code == 403
    assert client.post(_url("planning/complete", falcon["number"])).status_code == 403


def test_SP_5_another_cells_planning_page_offers_its_manager_no_buttons(
    falcon, as_user, make_member
):
    """Falcon's manager sees Heron's dashboard like any member (no start or estimation
    buttons) and a start posted anyway is refused: the role is held for Falcon only."""
    make_member("hal", cell="Heron")
    number = falcon["number"]
    manager = as_user("sam")
    own = _html(manager.get(_url("planning", number)))
    other = _html(manager.get(_url("planning", number, cell="Heron")))
    assert 'action="/sprints/Falcon/' in own and "/planning/start/" in own
    assert "/planning/start/" not in other
    assert manager.post(_url("planning/start", number, cell="Heron")).status_code == 403
    assert api.sprint_record("Heron", number).started_at is None


def _completion_html(response) -> str:
    html = response.content.decode()
    return html[
        html.index('id="completion-heading"') : html.index(
            "</table>", html.index('id="completion-heading"')
        )
    ]


def test_SP_10_the_page_offers_bob_a_labelled_form_and_shows_the_reason_once_given(
    spilled, as_user
):
    number = spilled["number"]
    url = f"/sprints/Falcon/{number}/planning/"
    client = as_user("bob")
    table = _completion_html(client.get(url))
    bob = table[table.index("Bob Marley") :]
    assert f'action="/sprints/Falcon/{number}/planning/spillover-reason/"' in bob
    assert re.search(r'<label for="id_spill-bob-reason">', bob)
    assert 'id="id_spill-bob-reason"' in bob
    ada = table[table.index("Ada Lovelace") : table.index("Bob Marley")]
    assert "<form" not in ada  # a clean sprint has nothing to explain
    response = client.post(
        f"/sprints/Falcon/{number}/planning/spillover-reason/",
        {"member": "bob", "spill-bob-reason": "Client was away"},
    )
    assert response.status_code == 302 and response["Location"].endswith("#completion")
    assert "Client was away" in _completion_html(client.get(url))
    assert _line(number, "bob").reason == "Client was away"


def test_SP_10_the_page_form_ties_its_error_to_the_field(spilled, as_user):
    number = spilled["number"]
    response = as_user("bob").post(
        f"/sprints/Falcon/{number}/planning/spillover-reason/",
        {"member": "bob", "spill-bob-reason": "   "},
    )
    assert response.status_code == 422
    html = _completion_html(response)
    assert 'aria-describedby="id_spill-bob-reason_error"' in html
    assert 'id="id_spill-bob-reason_error"' in html


def test_SP_10_another_member_sees_the_reason_but_no_form_and_cannot_post(spilled, as_user):
    number = spilled["number"]
    api.give_spillover_reason(
        org_api.actor_named("bob"), "Falcon", number, "bob", "Client was away"
    )
    client = as_user("ada")
    table = _completion_html(client.get(f"/sprints/Falcon/{number}/planning/"))
    assert "Client was away" in table and "<form" not in table
    response = client.post(
        f"/sprints/Falcon/{number}/planning/spillover-reason/",
        {"member": "bob", "spill-bob-reason": "Mine now"},
    )
    assert response.status_code == 403
    assert _line(number, "bob").reason == "Client was away"


def test_SP_10_the_manager_gets_the_form_for_each_member_with_spillover(spilled, as_user):
    table = _completion_html(as_user("sam").get(f"/sprints/Falcon/{spilled['number']}/planning/"))
    assert table.count("<form") == 1 and 'id="id_spill-bob-reason"' in table


def test_SP_6_the_capacity_csv_has_the_figures_of_the_page_and_of_the_api(falcon, as_user):
    """Issue #15: the planning page links a CSV whose rows are its table's figures."""
    import csv

    number = falcon["number"]
    client = as_user("ada")
    html = _html(client.get(_url("planning", number)))
    link = f"/api/v1/sprints/Falcon/{number}/capacity.csv"
    assert f'<a href="{link}" download>Download CSV' in html
    response = client.get(link)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(response.content.decode().splitlines()))
    by_member = {r["member"]: r for r in rows}
    assert (
        float(by_member["ada"]["available_hours"]),
        float(by_member["ada"]["committed_hours"]),
        float(by_member["ada"]["remaining_hours"]),
        by_member["ada"]["status"],
    ) == (78, 12, 66, "under-committed")
    assert float(by_member["bob"]["committed_hours"]) == 9
    # Every row's figures are the ones the page's table shows for that member.
    for member, r in by_member.items():
        row = html[html.index(f'<tr id="member-{member}"') :]
        row = row[: row.index("</tr>")]
        for field in ("available_hours", "committed_hours"):
            assert f">{float(r[field]):g} h<" in row, (member, field)
        assert f'<td class="num">{float(r["remaining_hours"]):g} h</td>' in row


def test_SP_7_the_budgets_csv_has_the_figures_of_the_page_and_of_the_api(falcon, as_user):
    """Issue #15: the planning page links its month's budgets as CSV: the rows are the whole
    organisation's budget table and the JSON API's items; a developer is refused."""
    import csv

    number = falcon["number"]
    client = as_user("sam")
    html = _html(client.get(_url("planning", number) + "?scope=all"))
    month = f"{api.sprint_record('Falcon', number).start:%Y-%m}"
    link = f"/api/v1/budgets.csv?month={month}"
    assert f'<a href="{link}" download>Download CSV' in html
    response = client.get(link)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(response.content.decode().splitlines()))
    assert [(r["kind"], r["name"], float(r["budget_hours"])) for r in rows] == [
        ("account", "Hedera LMS", 100),
        ("epic", "EP-1", 500),
    ]
    items = client.get(f"/api/v1/budgets?month={month}").json()["items"]
    assert [
        {
            r["kind"]: r["name"],
            **{f: float(r[f]) for f in ("budget_hours", "logged_hours", "planned_hours")},
            "status": r["status"],
        }
        for r in rows
    ] == items
    table = html[html.index('<table class="budgets">') :]
    table = table[: table.index("</table>")]
    for r in rows:
        label = "Account {} (monthly)" if r["kind"] == "account" else "Epic {} (total)"
        row = table[table.index(label.format(r["name"])) :]
        row = row[: row.index("</tr>")]
        cells = [f"{float(r[f]):g} h" for f in ("budget_hours", "logged_hours", "planned_hours")]
        assert "".join(f'<td class="num">{c}</td>' for c in cells) in row, r
    assert as_user("ada").get(link).status_code == 403
    assert "budgets.csv" not in _html(as_user("ada").get(_url("planning", number)))


def test_SP_6_a_newcomer_has_no_hours_before_their_start_date_on_page_api_and_csv(
    falcon, make_member, as_user, api_client_for
):
    """Kenji, hired to start on the next sprint's day 0, has 0 h in this one (not 78 h);
    Mia, starting on day 7 (the second Monday), has her five days: 40 h - 2 h = 38 h.
    The dashboard, the JSON API and the CSV say the same."""
    number = falcon["number"]
    calendar = org_api.sprint_calendar()
    make_member("kenji", first_name="Kenji", start_date=calendar.sprint(number + 1).start)
    make_member("mia", first_name="Mia", start_date=calendar.sprint(number).on_day(7))
    expected = {"kenji": (0, "ok"), "mia": (38, "under-committed"), "ada": (78, "under-committed")}

    by_member = {c.member: c for c in api.capacity("Falcon", number)}
    assert {
        m: (float(by_member[m].available_hours), by_member[m].status) for m in expected
    } == expected
    details = {d.capacity.member: d for d in api.capacity_details("Falcon", number)}
    assert details["mia"].capacity == by_member["mia"]
    assert [day for day, _ in details["mia"].days] == [
        calendar.sprint(number).on_day(n) for n in (7, 8, 9, 10, 11)
    ]
    assert details["kenji"].days == ()

    members = api_client_for("ada").get(f"/api/v1/sprints/Falcon/{number}/capacity").json()
    assert {
        m["member"]: (m["available_hours"], m["status"])
        for m in members["members"]
        if m["member"] in expected
    } == expected

    html = _html(as_user("ada").get(_url("planning", number)))
    for member, (available, _) in expected.items():
        row = html[html.index(f'<tr id="member-{member}"') :]
        row = row[: row.index("</tr>")]
        assert f">{available:g} h<" in row, member
