"""Decision 0028: the rituals' models moved from sprints to rituals with
`SeparateDatabaseAndState`. Rows written through the old models (the state of
`sprints.0004`, before the move) are read, the same, through the new ones after
migrating forward: no table renamed, no row copied or lost. Runs on SQLite and on
PostgreSQL (`DATABASE_URL=postgresql://…`)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.apps import apps as current_apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cellops.org import api as org_api
from cellops.org.data import Actor
from cellops.rituals import api, models
from cellops.sprints import api as sprints_api

#: The last migration of sprints before the rituals left it.
BEFORE = ("sprints", "0004_ticket_key_grammar")
MOVED = ["Retrospective", "RetroItem", "PollApproval", "FirefighterWeek", "SocialChat"]
MOVED += ["VideoUpdate", "TechTalk"]
AT = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)


def _migrate(targets: list[tuple[str, str]]):
    """Migrate the test database to `targets`; the app registry of that state."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def _forward() -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def _rows_before_the_move(old, keys: list[str]) -> dict[str, int]:
    """One row of each moved table, written through sprints' models of the old state."""
    member = old.get_model("org", "Member")
    cell = old.get_model("org", "Cell").objects.get(name="Falcon")
    ada, bob = (member.objects.get(user__username=u) for u in ("ada", "bob"))
    sprint = old.get_model("sprints", "Sprint").objects.get(pk=sprints_api.sprint_id("Falcon", 6))
    ticket = old.get_model("sprints", "Ticket")
    chat_ticket, talk_ticket = (ticket.objects.get(key=k) for k in keys)
    m = {name: old.get_model("sprints", name) for name in MOVED}
    retro = m["Retrospective"].objects.create(
        sprint=sprint, published_at=AT, published_by="sam", poll_open=True
    )
    item = m["RetroItem"].objects.create(sprint=sprint, author="ada", kind="to improve", text="CI")
    approval = m["PollApproval"].objects.create(item=item, member=bob)
    week = m["FirefighterWeek"].objects.create(
        cell=cell, week_start=date(2026, 3, 16), slot=1, member=ada, set_by="sam"
    )
    chat = m["SocialChat"].objects.create(
        sprint=sprint, topic="Board games", at=AT, organiser="ada", ticket=chat_ticket
    )
    video = m["VideoUpdate"].objects.create(
        sprint=sprint,
        member=ada,
        title="Sprint 6 - Falcon - Ada Tester",
        url="https://example.com/v/1",
        posted_at=AT,
        posted_by="ada",
    )
    talk = m["TechTalk"].objects.create(
        title="Django 6",
        cell=cell,
        sprint_number=6,
        day=date(2026, 3, 23),
        speaker=bob,
        ticket=talk_ticket,
        scheduled_by="bob",
    )
    rows = (retro, item, approval, week, chat, video, talk)
    return {name: row.pk for name, row in zip(MOVED, rows, strict=True)}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_decision_0028_rows_written_before_the_move_are_read_through_the_rituals_models(
    make_member,
):
    make_member("sam")
    make_member("ada")
    make_member("bob")
    org_api.create_account(Actor.system("test"), "Meetings")
    keys = [
        sprints_api.create_ticket(
            org_api.actor_named("sam"), title=title, cell="Falcon", account="Meetings"
        ).key
        for title in ("Social chat", "Tech talk")
    ]
    sprints_api.sprint_id("Falcon", 6)
    try:
        old = _migrate([BEFORE])
        # Before the move, the models are sprints' and rituals has none.
        assert {name.lower() for name in MOVED} <= set(old.all_models["sprints"])
        assert not old.all_models.get("rituals")
        ids = _rows_before_the_move(old, keys)
        content_type = ContentType.objects.get(app_label="sprints", model="retroitem").pk
    finally:
        _forward()

    # The tables kept their names: the new models read them.
    tables = set(connection.introspection.table_names())
    for name in MOVED:
        model = current_apps.get_model("rituals", name)
        assert model._meta.db_table == f"sprints_{name.lower()}" in tables
        assert list(model.objects.values_list("pk", flat=True)) == [ids[name]]
    assert "retroitem" not in current_apps.all_models["sprints"]
    # The content type (and the admin permissions on it) followed the model.
    assert ContentType.objects.get(app_label="rituals", model="retroitem").pk == content_type

    item = models.RetroItem.objects.get()
    assert (item.author, item.kind, item.text, item.sprint.number) == ("ada", "to improve", "CI", 6)
    assert models.PollApproval.objects.get().item_id == item.pk
    assert models.Retrospective.objects.get().sprint_id == item.sprint_id
    week = models.FirefighterWeek.objects.get()
    assert (week.cell.name, week.member.user.username, week.slot) == ("Falcon", "ada", 1)
    chat = models.SocialChat.objects.get()
    assert (chat.topic, chat.at, chat.ticket.key) == ("Board games", AT, keys[0])
    video = models.VideoUpdate.objects.get()
    assert (video.url, video.posted_at) == ("https://example.com/v/1", AT)
    talk = models.TechTalk.objects.get()
    assert (talk.title, talk.day, talk.ticket.key) == ("Django 6", date(2026, 3, 23), keys[1])
    # …and the use cases read them as before the move.
    assert api.social_chat_tickets(set(keys)) == {keys[0]}
    assert [t.title for t in api.tech_talks(Actor.system(), date(2026, 3, 1))] == ["Django 6"]
    retro = api.retrospective(org_api.actor_named("ada"), "Falcon", 6)
    assert retro.state == "published" and retro.poll is not None
    assert [(line.text, line.votes) for line in retro.poll.results] == [("CI", 1)]
