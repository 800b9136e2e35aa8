"""Journey: a member opens their sprint checklist and ticks an item with the keyboard.

The sprint starts on this week's Monday so the due dates are current. With
htmx, the space bar on the checkbox posts at once; the item is swapped in
place (focus stays on the checkbox), the progress updates and the polite
live region says what happened. Every page is checked with axe.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from cellops.checklists import api
from cellops.org.data import Role
from tests.browser.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_SP_12_a_member_ticks_a_sprint_checklist_item_by_keyboard(
    page, login, check_page, make_member
):
    """SP-12 in the browser: my checklist with due dates, a keyboard tick, who and when — axe-clean."""
    api.seed_default_templates()  # a transactional test database is flushed between tests
    make_member("ada", password=PASSWORD, roles=(Role.FIREFIGHTER,))
    make_member("bob")
    today = date.today()
    monday = today - timedelta(days=today.weekday())
    runs = api.ensure_sprint_runs("Falcon", 24, monday, ["ada", "bob"])
    run = runs[0]
    item = next(i for i in run.items if i.due_day == 1)

    login("ada")
    page.goto("/checklists/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My checklists")
    section = page.get_by_role("region", name="Sprint checklist")
    expect(section).to_contain_text("Sprint Falcon/24")
    expect(section).to_contain_text(f"0 of {run.total} done")
    expect(page.locator(f"#item-{item.id}-about")).to_contain_text("sprint day 1")
    expect(page.locator(f"#item-{item.id}-about time")).to_have_attribute(
        "datetime", (monday + timedelta(days=1)).isoformat()
    )
    check_page("my-checklists")

    checkbox = page.get_by_role("checkbox", name=item.text)
    checkbox.focus()
    page.keyboard.press("Space")
    expect(page.locator("#checklist-status")).to_contain_text("Marked done")
    expect(checkbox).to_be_checked()
    expect(checkbox).to_be_focused()
    expect(page.locator(f"#item-{item.id}-about")).to_contain_text("Done by Ada Tester")
    expect(section).to_contain_text(f"1 of {run.total} done")
    check_page("item-ticked")

    ticked = next(i for i in api.run(run.id).items if i.id == item.id)
    assert ticked.done_by == "ada" and ticked.done_at is not None

    # It stays ticked after a reload; the space bar unticks it the same way.
    page.reload()
    checkbox = page.get_by_role("checkbox", name=item.text)
    expect(checkbox).to_be_checked()
    checkbox.focus()
    page.keyboard.press("Space")
    expect(page.locator("#checklist-status")).to_contain_text("Marked not done")
    expect(checkbox).not_to_be_checked()
    assert next(i for i in api.run(run.id).items if i.id == item.id).done_at is None

    # Someone else's checklist is not for Ada (she manages no sprint).
    response = page.goto(f"/checklists/{runs[1].id}/")
    assert response is not None and response.status == 403
    check_page("not-allowed")
