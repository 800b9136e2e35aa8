"""Journeys (issue #14 items 13 and 14), at 1366 px and 390 px, axe clean on every state:

- the board: its eight columns sit in one row that scrolls sideways; the first card is a
  few Tab presses away through the "Skip to the board" link; a card moves from the
  keyboard (Shift+→, and M for the move menu) and by drag and drop, and the ticket's
  status is what was chosen; each card's "Move…" form works as a page of its own;
- home: the CEO's needs are lists with a link to the rest, the advice fits the role, and
  the agency overview shows the cells' capacity, budgets over or at risk, open trial
  reviews and time off soon."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from cellops.org import api as org_api
from cellops.org.data import Actor, EpicStatus, MemberStatus, Role
from cellops.sales import api as sales_api
from cellops.sprints import api as sprints_api
from cellops.time_off import api as time_off_api
from cellops.time_off.data import Kind
from tests.browser.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = [1366, 390]
SYSTEM = Actor.system("test")


@pytest.fixture
def falcon(make_member):
    """Falcon's current sprint with three tickets made before it began: Ada's 100 h one
    (epic EP-1, 110 h budget: at risk), Bob's 8 h one (EP-2, 5 h budget: over), a third."""
    make_member("ada", first_name="Ada", last_name="Lovelace", password=PASSWORD)
    make_member("bob", first_name="Bob", last_name="Marley")
    make_member("sam", first_name="Sam", last_name="Planner", roles=(Role.SPRINT_PLANNING_MANAGER,))
    make_member(
        "xavier",
        first_name="Xavier",
        last_name="Antoine",
        cell="Compass",
        roles=(Role.CEO,),
        password=PASSWORD,
    )
    org_api.create_account(SYSTEM, "Hedera LMS")
    for key, budget in (("EP-1", Decimal(110)), ("EP-2", Decimal(5))):
        org_api.create_epic(
            SYSTEM,
            key=key,
            title=f"Epic {key}",
            account="Hedera LMS",
            owner="sam",
            reviewer="sam",
            status=EpicStatus.ACCEPTED,
            budget_hours=budget,
        )
    number = org_api.sprint_calendar().for_date(date.today()).number
    before = datetime.combine(
        org_api.sprint_calendar().sprint(number).start - timedelta(days=6),
        datetime.min.time(),
        tzinfo=UTC,
    )
    keys = {}
    for name, assignee, reviewer, hours, epic in (
        ("search", "ada", "bob", 100, "EP-1"),
        ("export", "bob", "ada", 8, "EP-2"),
        ("login", "ada", "bob", 4, None),
    ):
        keys[name] = sprints_api.create_ticket(
            org_api.actor_named("sam"),
            title=f"Ticket {name}",
            cell="Falcon",
            account="Hedera LMS",
            epic=epic,
            sprint=number,
            story_points=3,
            assignee=assignee,
            reviewer=reviewer,
            remaining_hours=Decimal(hours),
            now=before,
        ).key
    return {"number": number, **keys}


def _drag(page, card, column) -> None:
    """Press on `card`, move onto `column`, release: the browser's own drag and drop. The
    row is scrolled to put the column's left edge mid-screen, so both are in sight."""
    board = page.locator("#board-columns")
    column.evaluate(
        "(c) => { const b = c.parentElement;"
        " b.scrollLeft = c.offsetLeft - b.offsetLeft - b.clientWidth / 2; }"
    )
    area, start, end = board.bounding_box(), card.bounding_box(), column.bounding_box()

    def visible(box):
        left = max(box["x"], area["x"])
        right = min(box["x"] + box["width"], area["x"] + area["width"])
        assert right - left > 20, (box, area)
        return (left + right) / 2

    page.mouse.move(visible(start), start["y"] + start["height"] - 8)
    page.mouse.down()
    page.mouse.move(visible(end), end["y"] + 60, steps=8)
    page.mouse.up()


def _status(key: str) -> str:
    return sprints_api.get_ticket(key).status


@pytest.mark.parametrize("width", WIDTHS)
def test_SP_9_cards_move_by_keyboard_and_by_drag_and_drop_on_a_one_row_board(
    page, login, check_page, falcon, width
):
    number, search, export, login_key = (
        falcon["number"],
        falcon["search"],
        falcon["export"],
        falcon["login"],
    )
    page.set_viewport_size({"width": width, "height": 900})
    login("ada")
    page.goto(f"/sprints/Falcon/{number}/board/")
    expect(page.locator("#move-keys")).to_be_visible()  # the script runs: keys explained
    check_page(f"board-{width}")

    # One row: the eight columns share their top; the row scrolls sideways.
    tops = page.locator("#board-columns > .board-column").evaluate_all(
        "columns => columns.map(c => Math.round(c.getBoundingClientRect().top))"
    )
    assert len(tops) == 8 and len(set(tops)) == 1, tops
    assert page.locator("#board-columns").evaluate("b => b.scrollWidth > b.clientWidth")
    assert page.evaluate("() => document.documentElement.scrollWidth") == width  # only the row
    assert page.locator("#card-" + search + " select").count() == 0

    # The first card in four key presses: skip link, skip to the board, into the row.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to the board")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#board-columns")).to_be_focused()
    page.keyboard.press("Tab")
    first = page.locator("#board-columns .ticket-card").first
    expect(first.locator(".ticket-title a")).to_be_focused()

    # Keyboard: Shift+→ moves the focused card one column right.
    title = page.locator(f"#card-{search} .ticket-title a")
    title.focus()
    page.keyboard.press("Shift+ArrowRight")
    expect(page.locator("#board-status")).to_have_text(f"{search} moved to In progress.")
    expect(
        page.get_by_role("region", name="In progress").locator(f"#card-{search}")
    ).to_be_visible()
    expect(page.locator(f"#card-{search} .ticket-title a")).to_be_focused()
    assert _status(search) == "In progress"

    # Keyboard: M opens the one move menu on the focused card; arrows, then Enter.
    page.keyboard.press("m")
    menu = page.get_by_role("dialog", name=f"Move {search} to…")
    expect(menu).to_be_visible()
    expect(menu.get_by_role("button", name="In progress (now)")).to_be_focused()
    check_page(f"board-move-menu-{width}")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # In progress → Under review → External review
    expect(menu.get_by_role("button", name="External review / blocker")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#board-status")).to_have_text(
        f"{search} moved to External review / blocker."
    )
    assert _status(search) == "External review / blocker"
    # Focus comes back to the moved card's title, where M was pressed, once the board settles.
    expect(page.locator(f"#card-{search} .ticket-title a")).to_be_focused()
    # Escape closes the menu without moving anything.
    page.keyboard.press("m")
    expect(menu).to_be_visible()
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    assert _status(search) == "External review / blocker"

    # Drag and drop: Bob's card from Backlog onto the next column, "In progress", with the
    # mouse (on a narrow screen the row is scrolled so both columns show in part).
    target = page.locator('#board-columns > .board-column[data-status="In progress"]')
    _drag(page, page.locator(f"#card-{export}"), target)
    expect(page.locator("#board-status")).to_have_text(f"{export} moved to In progress.")
    expect(target.locator(f"#card-{export}")).to_be_visible()
    assert _status(export) == "In progress"
    check_page(f"board-moved-{width}")

    # Without the menu: the card's own "Move…" form, a page of its own.
    page.locator(f"#card-{login_key} .move-link").evaluate("a => location.assign(a.href)")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Move {login_key}")
    expect(page.get_by_role("radio", name="Backlog (now)")).to_be_checked()
    check_page(f"move-form-{width}")
    page.get_by_role("radio", name="Merged").check()
    page.get_by_role("button", name=f"Move {login_key}").click()
    expect(page.get_by_role("status").first).to_contain_text(f"{login_key} moved to Merged.")
    assert _status(login_key) == "Merged"
    assert page.url.endswith(f"#card-{login_key}")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_ceos_home_lists_needs_as_lists_and_shows_the_agency(
    page, login, check_page, falcon, make_member, width
):
    number = falcon["number"]
    for n in range(7):
        sales_api.create_lead(SYSTEM, f"Lead number {n}")
    today = date.today()
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
        kind=Kind.OFF,
        start=monday,
        end=monday,
        requested_at=datetime(2020, 1, 1, tzinfo=UTC),
    )
    page.set_viewport_size({"width": width, "height": 900})
    login("xavier")
    page.goto("/")

    leads = page.locator("li.need").filter(has_text="7 leads are waiting to be scored")
    expect(leads.locator("ul.need-lines > li")).to_have_count(5)
    expect(leads.get_by_role("link", name="Lead number 0, added")).to_be_visible()
    expect(leads.get_by_role("link", name=re.compile(r"^See all 7"))).to_have_attribute(
        "href", "/sales/leads/"
    )
    expect(page.get_by_text("and 2 more", exact=False)).to_have_count(0)
    capacity = page.locator("li.need").filter(has_text=f"Compass sprint {number} (this sprint)")
    expect(capacity).to_contain_text("put the work you plan")
    expect(page.locator("main")).not_to_contain_text("stretch goal")

    falcon_row = page.locator("#overview-cell-falcon")
    expect(falcon_row.get_by_role("rowheader")).to_have_text(f"Falcon sprint {number}")
    # SP-6: Ada 100 + 4 h and 2 h reviewing a 3 pt ticket, Bob 8 h and twice 2 h: 118 h.
    expect(falcon_row.locator("td").nth(0)).to_have_text("118 h")
    expect(falcon_row.locator("td").nth(2)).to_contain_text("Ada Lovelace")
    budgets = page.locator("#overview-budgets li")
    expect(budgets.nth(0)).to_have_text("Over Epic EP-2: 0 h logged + 8 h planned of 5 h")
    expect(budgets.nth(1)).to_have_text("At risk Epic EP-1: 0 h logged + 100 h planned of 110 h")
    expect(page.locator("#overview-reviews")).to_contain_text("review of Nia Newton: due")
    day = monday.strftime("%a ") + str(monday.day) + monday.strftime(" %b %Y")
    expect(page.locator("#overview-time-off")).to_contain_text(
        f"Bob Marley (Falcon), off: {day} Pending"
    )
    check_page(f"home-ceo-{width}")
    overflow = page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow, "the home page is wider than the screen"
