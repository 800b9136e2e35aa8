"""The checklist pages: /checklists/ (my open checklists) and /checklists/<id>/, and ticking
an item by a plain form post (no JavaScript) or with htmx."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from cellops.checklists import api
from cellops.org.data import Role

pytestmark = pytest.mark.django_db

SPRINT_START = date(2026, 3, 2)


def _client(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.fixture
def runs(make_member):
    api.seed_default_templates()
    make_member("ada", roles=(Role.SPRINT_PLANNING_MANAGER,))
    make_member("cyd", first_name="Cyd", last_name="Charisse")
    make_member("eve")
    made = api.ensure_sprint_runs("Falcon", 24, SPRINT_START, ["ada", "cyd", "eve"])
    return {r.member: r for r in made}


def test_SP_12_my_checklists_show_items_due_dates_and_one_h1(runs):
    """The page lists my sprint checklist with each item, its due date and sprint day."""
    response = _client("cyd").get(reverse("checklists:mine"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1 and "My checklists" in html
    assert "Sprint checklist" in html and "Sprint Falcon/24" in html
    assert 'datetime="2026-03-09"' in html and "(sprint day 7)" in html
    assert f'id="item-{runs["cyd"].items[0].id}-done"' in html
    assert f'<label for="item-{runs["cyd"].items[0].id}-done">' in html
    assert 'role="status" aria-live="polite"' in html
    assert "Overdue" in html  # March 2026 is past by the time these tests run
    assert f"/checklists/{runs['eve'].id}/" not in html  # only mine


def test_ticking_without_javascript_posts_and_comes_back_to_the_item(runs):
    """The checkbox form posts; the item is done by me; the page says so and keeps the tick."""
    client = _client("cyd")
    run = runs["cyd"]
    item = run.items[3]
    url = reverse("checklists:tick", args=[run.id, item.id])
    response = client.post(url, {"done": "1", "back": "mine"})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('checklists:mine')}#item-{item.id}"
    ticked = next(i for i in api.run(run.id).items if i.id == item.id)
    assert (ticked.done, ticked.done_by) == (True, "cyd")
    page = client.get(response["Location"]).content.decode()
    assert (
        "Marked done" in page
        and 'Done</span> by <span class="person" title="cyd">Cyd Charisse</span>' in page
    )

    # Unchecking sends no 'done': the item is not done any more.
    client.post(url, {"back": "detail"})
    assert next(i for i in api.run(run.id).items if i.id == item.id).done_at is None


def test_ticking_with_htmx_swaps_the_item_and_announces_it(runs):
    """An htmx post answers the item alone, the run's progress and the live message."""
    run = runs["cyd"]
    item = run.items[0]
    response = _client("cyd").post(
        reverse("checklists:tick", args=[run.id, item.id]),
        {"done": "1", "back": "mine"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith("<li") or f'<li id="item-{item.id}"' in html
    assert "checked" in html
    assert f'id="run-{run.id}-progress" hx-swap-oob="true">1 of {run.total} done' in html
    assert 'id="checklist-status" hx-swap-oob="innerHTML">Marked done' in html
    assert "<h1" not in html


def test_someone_else_cannot_tick_my_item_403(runs):
    """Eve posting to Cyd's item: 403, the item unchanged; she cannot open the page either."""
    run = runs["cyd"]
    eve = _client("eve")
    response = eve.post(reverse("checklists:tick", args=[run.id, run.items[0].id]), {"done": "1"})
    assert response.status_code == 403
    assert api.run(run.id).items[0].done_at is None
    assert eve.get(reverse("checklists:detail", args=[run.id])).status_code == 403


def test_a_sprint_planning_manager_sees_and_ticks_someone_elses_checklist(runs):
    """Ada (MANAGE_SPRINTS) opens Cyd's checklist, named as Cyd's, and ticks an item."""
    run = runs["cyd"]
    ada = _client("ada")
    page = ada.get(reverse("checklists:detail", args=[run.id]))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("<h1") == 1 and "Cyd Charisse's" in html
    response = ada.post(
        reverse("checklists:tick", args=[run.id, run.items[0].id]), {"done": "1", "back": "detail"}
    )
    assert response["Location"].startswith(reverse("checklists:detail", args=[run.id]))
    assert api.run(run.id).items[0].done_by == "ada"


def test_a_missing_checklist_or_item_is_404(runs):
    client = _client("cyd")
    assert client.get(reverse("checklists:detail", args=[999_999])).status_code == 404
    other = runs["eve"].items[0].id
    response = client.post(reverse("checklists:tick", args=[runs["cyd"].id, other]), {"done": "1"})
    assert response.status_code == 404


def test_TO_8_a_vacation_checklist_links_its_time_off_and_counts_back_the_days(runs):
    """A vacation run shows '1 day before the time off' and links the time-off request."""
    first_day = date.today() + timedelta(days=30)
    (run,) = api.ensure_vacation_runs(7, "cyd", [], True, {}, first_day)
    html = _client("cyd").get(reverse("checklists:detail", args=[run.id])).content.decode()
    assert "Before time off: developer" in html
    assert "(1 day before the time off)" in html and "(14 days before the time off)" in html
    assert 'href="/time-off/7/"' in html


def test_the_pages_need_a_login(runs, client):
    response = client.get(reverse("checklists:mine"))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert client.post(reverse("checklists:tick", args=[1, 1])).status_code == 302


def test_a_finished_checklist_says_so_and_leaves_the_open_list(runs):
    """Ticking the last item says all are done; the list then offers the finished ones."""
    client = _client("cyd")
    run = runs["cyd"]
    for item in run.items:
        response = client.post(reverse("checklists:tick", args=[run.id, item.id]), {"done": "1"})
    page = client.get(response["Location"]).content.decode()
    assert f"All {run.total} items of “Sprint checklist” are done." in page
    assert "no checklist with items left" in page
    everything = client.get(reverse("checklists:mine") + "?all=1").content.decode()
    assert f"{run.total} of {run.total} done" in everything
