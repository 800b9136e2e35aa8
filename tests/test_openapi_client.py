"""Issue #15, item 4: other tools talk to cellops through a client generated from the schema.

Operation ids read as verbs and are derived in one place (`site.api_v1.operation_id`);
a client generated with `openapi-python-client` (offline, from the schema as served)
drives a short journey against a live server and reads a problem+json error.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from cellops.org.data import Role
from cellops.site.api_v1 import api, operation_id

PREFIX = "/api/v1/"
VERBS = {
    *[
        "accept",
        "add",
        "advance",
        "agree",
        "announce",
        "approve",
        "assign",
        "book",
        "cancel",
        "change",
        "check",
        "claim",
        "close",
    ],
    *[
        "comment",
        "complete",
        "confirm",
        "create",
        "decide",
        "delete",
        "deliver",
        "draft",
        "erase",
        "export",
        "get",
        "give",
    ],
    *[
        "import",
        "list",
        "log",
        "make",
        "mark",
        "move",
        "open",
        "organise",
        "patch",
        "post",
        "prepare",
        "preselect",
        "propose",
        "publish",
    ],
    *[
        "pull",
        "record",
        "resolve",
        "revise",
        "rotate",
        "save",
        "schedule",
        "score",
        "send",
        "set",
        "start",
        "submit",
        "tick",
        "update",
    ],
    *["vote", "withdraw"],
}


def _operations() -> list[tuple[str, str, dict]]:
    schema = api.get_openapi_schema(path_prefix=PREFIX)
    return [(m, p, op) for p, item in schema["paths"].items() for m, op in item.items()]


def test_every_operation_id_is_unique_and_starts_with_a_verb():
    ids = [op["operationId"] for _, _, op in _operations()]
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    assert sorted(i for i in ids if i.split("_")[0] not in VERBS) == []
    by_path = {(m, p): op["operationId"] for m, p, op in _operations()}
    assert by_path[("post", "/api/v1/cells")] == "create_cell"
    assert by_path[("post", "/api/v1/time-off")] == "book_time_off"
    assert by_path[("get", "/api/v1/members")] == "list_members"
    assert by_path[("get", "/api/v1/sprints/{cell}/{number}/capacity")] == "get_capacity"


def test_a_new_verb_named_view_function_gives_its_own_name_as_id():
    """Endpoints added later (`import_tickets`, `export_tickets_csv`) need no mapping."""

    def import_tickets():  # pragma: no cover - never called
        pass

    def capacity():  # pragma: no cover - never called
        pass

    import_tickets.__module__ = "cellops.sprints.rest.tickets"
    capacity.__module__ = "cellops.sprints.rest.planning"
    assert operation_id(import_tickets) == "import_tickets"
    assert operation_id(capacity) == "get_capacity"


def test_every_operation_is_tagged_with_its_area():
    tags = {tuple(op["tags"]) for _, _, op in _operations()}
    assert all(len(t) == 1 for t in tags)
    by_path = {(m, p): op["tags"][0] for m, p, op in _operations()}
    assert by_path[("get", "/api/v1/tech-talks")] == "rituals"
    assert by_path[("get", "/api/v1/budgets")] == "billing"
    assert by_path[("post", "/api/v1/time-off")] == "time off"


@pytest.fixture(scope="module")
def generated_client(tmp_path_factory):
    """`openapi-python-client generate` on the served schema, imported as `cellops_client`."""
    root = tmp_path_factory.mktemp("client")
    schema = root / "schema.json"
    schema.write_text(json.dumps(api.get_openapi_schema(path_prefix=PREFIX), default=str))
    tool = Path(sys.executable).parent / "openapi-python-client"
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(
        [
            str(tool),
            "generate",
            "--path",
            str(schema),
            "--output-path",
            str(root / "cellops_client"),
            "--meta",
            "none",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    sys.path.insert(0, str(root))
    try:
        yield importlib.import_module("cellops_client")
    finally:
        sys.path.remove(str(root))
        for name in [n for n in sys.modules if n.split(".")[0] == "cellops_client"]:
            del sys.modules[name]


def test_a_generated_client_creates_a_cell_and_members_books_time_off_and_reads_capacity(
    generated_client, live_server, make_member, transactional_db
):
    from cellops.org import api as org_api

    make_member("boss", cell="Board", first_name="Bea", roles=(Role.CEO,))
    from cellops.kernel.actor import Actor
    from cellops.platform.api import create_token

    token = create_token(Actor.system(), username="boss", name="journey").secret
    c = generated_client
    organisation = importlib.import_module("cellops_client.api.organisation")
    time_off = importlib.import_module("cellops_client.api.time_off")
    sprints = importlib.import_module("cellops_client.api.sprints")
    models = importlib.import_module("cellops_client.models")
    for name in ("create_cell", "create_member", "list_members", "get_sprint_for_date"):
        importlib.import_module(f"cellops_client.api.organisation.{name}")
    importlib.import_module("cellops_client.api.time_off.book_time_off")
    importlib.import_module("cellops_client.api.sprints.get_capacity")
    client = c.AuthenticatedClient(base_url=live_server.url, token=token)

    cell = organisation.create_cell.sync(client=client, body=models.CellIn(name="Kestrel"))
    assert isinstance(cell, models.CellOut) and cell.name == "Kestrel"
    again = organisation.create_cell.sync(client=client, body=models.CellIn(name="Kestrel"))
    assert isinstance(again, models.Problem) and again.status in (409, 422)
    for username, first in (("ana", "Ana"), ("ben", "Ben")):
        member = organisation.create_member.sync(
            client=client,
            body=models.MemberIn(
                username=username, first_name=first, email=f"{username}@example.com", cell="Kestrel"
            ),
        )
        assert isinstance(member, models.MemberOut), member
    listed = organisation.list_members.sync(client=client, cell="Kestrel")
    assert sorted(m.username for m in listed.items) == ["ana", "ben"]

    day = date.today() + timedelta(days=30)
    while day.weekday() != 2:
        day += timedelta(days=1)
    sprint = organisation.get_sprint_for_date.sync(client=client, date=day)
    assert isinstance(sprint, models.SprintOut), sprint
    booking = time_off.book_time_off.sync(
        client=client,
        body=models.TimeOffIn(member="ana", kind=models.TimeOffInKind.OFF, start=day, end=day),
    )
    assert isinstance(booking, models.BookingOut), booking
    assert booking.working_days == 1
    saturday = day + timedelta(days=3)
    bad = time_off.book_time_off.sync(
        client=client,
        body=models.TimeOffIn(
            member="ben", kind=models.TimeOffInKind.OFF, start=saturday, end=saturday
        ),
    )
    assert isinstance(bad, models.Problem) and bad.status == 422
    assert [v.rule for v in bad.violations] == ["TO-2"]

    capacity = sprints.get_capacity.sync("Kestrel", sprint.number, client=client)
    assert isinstance(capacity, models.CapacityOut), capacity
    hours = {m.member: m.available_hours for m in capacity.members}
    assert hours["ben"] - hours["ana"] == 8, hours
    assert org_api.list_cells()
