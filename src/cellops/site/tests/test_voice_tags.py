"""The one-voice template tags (issue #14 item 11): people by full name with the username on
hover, times in the viewer's zone with the zone named, usernames inside a rule's sentence."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.template import Context, Template

pytestmark = pytest.mark.django_db


def _render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_issue_14_item_11_person_shows_the_full_name_with_the_username_on_hover(make_member):
    make_member("priya", first_name="Priya", last_name="Patel")
    assert _render("{% person who %}", who="priya") == (
        '<span class="person" title="priya">Priya Patel</span>'
    )
    # someone who is no login is printed as given, escaped
    assert _render("{% person who %}", who="<b>x</b>") == "&lt;b&gt;x&lt;/b&gt;"


def test_issue_14_item_11_people_joins_each_by_name(make_member):
    make_member("priya", first_name="Priya", last_name="Patel")
    make_member("dmitri", first_name="Dmitri", last_name="Petrov")
    assert _render("{% people who %}", who=["dmitri", "priya"]) == (
        '<span class="person" title="dmitri">Dmitri Petrov</span>, '
        '<span class="person" title="priya">Priya Patel</span>'
    )


def test_issue_14_item_11_naming_puts_the_name_in_a_rules_sentence(make_member):
    make_member("dmitri", first_name="Dmitri", last_name="Petrov")
    shown = _render(
        "{% naming text who %}", text="dmitri is overcommitted (SP-6) <now>", who="dmitri"
    )
    assert shown == (
        '<span class="person" title="dmitri">Dmitri Petrov</span> is overcommitted (SP-6) '
        "&lt;now&gt;"
    )
    # only whole words: an e-mail address or a longer username stays as it is
    assert _render("{% naming text who %}", text="dmitri@x.org dmitri2", who="dmitri") == (
        "dmitri@x.org dmitri2"
    )


def test_issue_14_item_11_local_time_is_in_the_viewers_zone_named():
    moment = datetime(2026, 12, 1, 13, 5, tzinfo=UTC)
    assert _render("{% local_time at %}", at=moment, viewer_zone="Europe/Berlin") == (
        "Tue 1 Dec 2026, 14:05 (Europe/Berlin)"
    )
    assert _render("{% local_time at %}", at=moment) == "Tue 1 Dec 2026, 13:05 (UTC)"
