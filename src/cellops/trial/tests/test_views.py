"""The trial timeline page: a GET form, the SVG timeline, its table and key dates.

Milestone states depend on the real today, so the tests use trials wholly in
the past (every state "Done"), far in the future ("Upcoming"), or placed
around today.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from cellops.org import api as org_api
from cellops.org.data import Actor, MemberStatus, Role

pytestmark = pytest.mark.django_db

URL = "/trial/"


@pytest.fixture
def mentor_client(make_member, client, django_user_model):
    """Bob, a core member mentoring Ada Lovelace (a newcomer since 2026-01-07), logged in."""
    make_member("bob")
    make_member(
        "ada",
        first_name="Ada",
        last_name="Lovelace",
        status=MemberStatus.NEWCOMER,
        start_date=date(2026, 1, 7),
    )
    org_api.assign_role(
        Actor.system("test"), member="bob", role=Role.MENTOR, start=date(2026, 1, 1), mentee="ada"
    )
    client.force_login(django_user_model.objects.get(username="bob"))
    return client


@pytest.fixture
def member_client(make_member, client, django_user_model):
    """Carol, a core member who mentors nobody, logged in."""
    make_member("carol")
    client.force_login(django_user_model.objects.get(username="carol"))
    return client


def _page(client, **query) -> str:
    response = client.get(URL, query)
    assert response.status_code == 200
    return response.content.decode()


def _between(html: str, start: str, end: str) -> str:
    return html[html.index(start) : html.index(end, html.index(start))]


def _svg(html: str) -> str:
    return _between(html, "<svg", "</svg>")


def _table(html: str) -> str:
    return _between(html, "<table", "</table>")


def _input(html: str, name: str) -> str:
    return re.search(rf'<input type="date" name="{name}"[^>]*>', html).group(0)


def test_the_page_renders_with_one_h1_labelled_fields_and_grouped_fieldsets(member_client):
    """One h1; a label for every field; fieldsets with legends; no result before asking."""
    html = _page(member_client)
    assert html.count("<h1") == 1
    for field in ("newcomer", "start", "date_of_121"):
        assert f'<label for="id_{field}">' in html
    for radio in range(3):
        assert f'<label for="id_sprints_{radio}">' in html
    assert "<legend>Whose trial</legend>" in html
    assert "<legend>Extension (optional)</legend>" in html
    assert "Length of the extension" in html
    assert "<svg" not in html and 'class="errors"' not in html


def test_an_anonymous_visitor_is_sent_to_log_in(db, client):
    """The page needs a login, like every page but the login itself."""
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_picking_a_newcomer_uses_their_start_date(mentor_client):
    """?newcomer=ada shows Ada's trial from 2026-01-07: screening 1 Feb, end 4 Mar."""
    html = _page(mentor_client, newcomer="ada")
    assert '<option value="ada" selected>' in html
    assert "Trial of Ada Lovelace" in html
    assert '<time datetime="2026-01-07">Wed 7 Jan 2026</time>' in html
    assert '<time datetime="2026-02-01">Sun 1 Feb 2026</time>' in html
    assert '<time datetime="2026-03-04">Wed 4 Mar 2026</time>' in html


def test_a_mentor_sees_their_mentees_trial_without_asking(mentor_client):
    """With no query, a mentor's page opens on their (first) mentee's trial."""
    html = _page(mentor_client)
    assert "Trial of Ada Lovelace" in html


def test_a_newcomer_sees_their_own_trial_without_asking(mentor_client, django_user_model):
    """With no query, a newcomer's page opens on their own trial."""
    mentor_client.force_login(django_user_model.objects.get(username="ada"))
    html = _page(mentor_client)
    assert "Trial of Ada Lovelace" in html


def test_a_typed_start_date_shows_that_trial(member_client):
    """A start date alone is enough: 2026-01-14 ends on 11 Mar with reviews by 4 Mar."""
    html = _page(member_client, start="2026-01-14")
    assert "Trial starting Wed 14 Jan 2026" in html
    assert '<time datetime="2026-03-11">Wed 11 Mar 2026</time>' in html
    assert '<time datetime="2026-03-04">Wed 4 Mar 2026</time>' in html
    assert 'value="2026-01-14"' in _input(html, "start")


def test_a_bad_date_shows_the_error_tied_to_the_field_keeping_the_typed_value(member_client):
    """An impossible date: a summary linking to the field, the error described by it."""
    html = _page(member_client, start="2026-02-30")
    summary = _between(html, 'class="errors"', "</div>")
    assert 'href="#id_start"' in summary and "YYYY-MM-DD" in summary
    assert '<p class="field-error" id="id_start_error">' in html
    field = _input(html, "start")
    assert 'value="2026-02-30"' in field
    assert 'aria-invalid="true"' in field
    assert 'aria-describedby="id_start_helptext id_start_error"' in field
    assert "<svg" not in html


def test_a_start_before_the_first_sprint_is_shown_on_the_start_field(member_client):
    """The calendar's refusal is tied to the start field and says what to give instead."""
    html = _page(member_client, start="2025-12-01")
    error = _between(html, 'id="id_start_error"', "</p>")
    assert "on or after Mon 5 Jan 2026" in error
    assert 'value="2025-12-01"' in _input(html, "start")


def test_TR_4_an_extension_of_3_sprints_shows_the_rule_on_the_length_field(member_client):
    """The TR-4 refusal names its rule, on the radio group, described by the error."""
    html = _page(member_client, start="2026-01-07", date_of_121="2026-03-04", sprints="3")
    assert '<fieldset aria-describedby="id_sprints_error">' in html
    error = _between(html, 'id="id_sprints_error"', "</p>")
    assert "TR-4" in error and "2 or 4 sprints" in error
    assert 'href="#id_sprints_0"' in html
    assert "<svg" not in html


def test_every_problem_in_the_form_is_shown_at_once(member_client):
    """A start before the calendar and a 3-sprint extension are both reported."""
    html = _page(member_client, start="2025-12-01", date_of_121="2026-03-04", sprints="3")
    summary = _between(html, 'class="errors"', "</div>")
    assert 'href="#id_start"' in summary and 'href="#id_sprints_0"' in summary
    assert "There are problems" in summary


def test_an_empty_form_asks_for_a_newcomer_or_a_start_date(member_client):
    """Submitting nothing is an error on the start field, not a blank page."""
    html = _page(member_client, newcomer="", start="", sprints="")
    assert "Pick a newcomer or type a start date." in _between(html, 'id="id_start_error"', "</p>")


def test_half_an_extension_is_refused_on_the_missing_part(member_client):
    """A 121 date without a length, or a length without a date, names what is missing."""
    no_length = _page(member_client, start="2026-01-07", date_of_121="2026-03-04")
    assert "Pick 2 or 4 sprints" in _between(no_length, 'id="id_sprints_error"', "</p>")
    no_date = _page(member_client, start="2026-01-07", sprints="2")
    assert "date of the 121" in _between(no_date, 'id="id_date_of_121_error"', "</p>")


def test_an_unknown_or_undated_newcomer_is_refused_on_the_newcomer_field(
    mentor_client, make_member
):
    """Only active newcomers can be picked, and only those with a start date show a trial."""
    make_member("cy", status=MemberStatus.NEWCOMER)
    unknown = _page(mentor_client, newcomer="bob")
    assert "Select a valid choice" in _between(unknown, 'id="id_newcomer_error"', "</p>")
    undated = _page(mentor_client, newcomer="cy")
    assert "no start date yet" in _between(undated, 'id="id_newcomer_error"', "</p>")


def test_TR_7_the_svg_and_the_table_contain_the_milestone_dates(mentor_client):
    """TR-7: the SVG (role img, title, desc, sprint bands) and the table show the same milestones."""
    html = _page(mentor_client, newcomer="ada")
    svg = _svg(html)
    assert 'role="img"' in svg and 'class="timeline"' in svg
    assert '<title id="trial-chart-title">Trial timeline of Ada Lovelace</title>' in svg
    desc = _between(svg, "<desc", "</desc>")
    assert "across sprints 1 to 5" in desc
    for n in range(1, 6):
        assert f">Sprint {n}</text>" in svg
    table = _table(html)
    for title, week, iso, shown in [
        ("Screening review", 2, "2026-02-01", "Sun 1 Feb 2026"),
        ("At least 8 story points completed", 3, "2026-02-03", "Tue 3 Feb 2026"),
        ("Breadth check", 4, "2026-02-10", "Tue 10 Feb 2026"),
        ("Developer review", 7, "2026-02-25", "Wed 25 Feb 2026"),
        ("End of trial", 8, "2026-03-04", "Wed 4 Mar 2026"),
    ]:
        assert f"Week {week} · {shown} · Done" in svg
        assert f"{title}, week {week}, {shown}: done" in desc
        row = _between(table, f'<th scope="row">{title}</th>', "</tr>")
        assert f'<td class="num">{week}</td>' in row
        assert f'datetime="{iso}"' in row
        assert '<span class="chip ok">Done</span>' in row


def test_TR_1_TR_5_TR_6_the_key_dates_are_listed_with_their_rules(mentor_client):
    """The <dl> has the end of trial and review deadline (TR-1: 4 Mar and 25 Feb from
    7 Jan), the screening, the review sprint (TR-5: sprint 3 from 2 Feb, the sprint before
    the deadline's) and the clean sprints needed (TR-6)."""
    dl = _between(_page(mentor_client, newcomer="ada"), "<dl", "</dl>")
    assert 'Screening review due <span class="rule-id">TR-2</span>' in dl
    assert 'Sprint 3, <time datetime="2026-02-02">' in dl
    assert '<time datetime="2026-02-25">' in dl and '<time datetime="2026-03-04">' in dl
    assert "At least 2 of the 4 sprints of the initial trial." in dl


def test_TR_5_a_start_on_a_sprints_day_0_puts_the_review_in_the_trials_last_sprint(
    member_client,
):
    """Monday 5 Jan 2026 is sprint 1's day 0: the review goes in sprint 4 (16 Feb to 1 Mar),
    the trial's last, though the deadline (23 Feb) is in it too."""
    dl = _between(_page(member_client, start="2026-01-05"), "<dl", "</dl>")
    assert 'Sprint 4, <time datetime="2026-02-16">' in dl
    assert '<time datetime="2026-02-23">' in dl and '<time datetime="2026-03-02">' in dl


def test_TR_6_the_clean_sprints_needed_follow_the_trials_length(member_client):
    """Initial: 2 of 4; a 4-sprint extension makes 8 sprints, so ⌊2/3 × 8⌋ = 5."""
    assert "At least 2 of the 4 sprints of the initial trial." in _page(
        member_client, start="2026-01-07"
    )
    extended = _page(member_client, start="2026-01-07", date_of_121="2026-03-04", sprints="4")
    assert "At least 5 of the 8 sprints of the extended trial." in extended


def test_TR_4_an_extension_adds_weeks_11_and_12_to_the_timeline(member_client):
    """A 2-sprint extension from the 121 on 4 Mar: review by 25 Mar, end on 1 Apr."""
    html = _page(member_client, start="2026-01-07", date_of_121="2026-03-04", sprints="2")
    table = _table(html)
    review = _between(table, '<th scope="row">Extension developer review</th>', "</tr>")
    end = _between(table, '<th scope="row">End of extension</th>', "</tr>")
    assert '<td class="num">11</td>' in review and 'datetime="2026-03-25"' in review
    assert '<td class="num">12</td>' in end and 'datetime="2026-04-01"' in end
    assert 'End of extension <span class="rule-id">TR-4</span>' in html
    assert "At least 4 of the 6 sprints of the extended trial." in html
    assert ">Sprint 7</text>" in _svg(html)
    assert 'id="id_sprints_1" checked' in html


def test_a_future_trial_shows_every_milestone_as_upcoming_in_words(member_client):
    """States are words (and shapes), never colour alone; today is not on a future chart."""
    html = _page(member_client, start="2100-01-04")
    table = _table(html)
    assert table.count('<span class="chip info">Upcoming</span>') == 5
    svg = _svg(html)
    assert svg.count("<polygon") == 5 and "<circle" not in svg
    assert 'class="today"' not in svg
    assert "is before the trial starts" in html


def test_TR_7_a_trial_under_way_marks_today_on_the_timeline(member_client):
    """TR-7: started ten days ago: today's line and label are drawn and the week is named."""
    today = date.today()
    start = today - timedelta(days=10)
    html = _page(member_client, start=start.isoformat())
    svg = _svg(html)
    assert '<line class="today"' in svg
    assert f"Today, {today:%a} {today.day} {today:%b %Y}" in svg
    assert "is in week 2 of the trial" in html  # TR-7: day 10 is in week 2


def test_an_htmx_request_gets_only_the_form_and_result_region(member_client):
    """htmx swaps #trial-page and updates the polite status out of band."""
    response = member_client.get(URL, {"start": "2026-01-07"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html and "<h1" not in html
    assert '<div id="trial-page">' in html
    assert '<span id="trial-status" hx-swap-oob="innerHTML">' in html
    assert "from Wed 7 Jan 2026 to Wed 4 Mar 2026" in html
    assert 'hx-target="#trial-page"' in html


def test_the_full_page_has_the_polite_live_region_htmx_updates(member_client):
    """The status region exists before any update, so screen readers announce changes."""
    html = _page(member_client)
    assert '<p id="trial-status" class="visually-hidden" role="status" aria-live="polite">' in html
