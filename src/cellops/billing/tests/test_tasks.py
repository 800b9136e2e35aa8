"""SL-6 on schedule (decision 0056): the monthly drafting task is registered and queued
for 06:00 UTC on the next first of the month — after `cellops migrate`, by any drafting and
by each run for the month after — never twice for the same first; and the CLI's `--json`
shows money exactly as the API does."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django_tasks_db.models import DBTaskResult

from cellops.billing import api, models, tasks
from cellops.billing.tests.test_rest_invoices import march  # noqa: F401 (a fixture)
from cellops.org.data import Actor, Role

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TASK = "billing.tasks.draft_invoices_monthly"


def queued() -> list[datetime]:
    return sorted(r.run_after for r in DBTaskResult.objects.filter(task_path__endswith=TASK))


@pytest.fixture
def nothing_queued():
    """Start with no monthly run queued (the test database's own migrate queued one)."""
    DBTaskResult.objects.filter(task_path__endswith=TASK).delete()
    models.ScheduledDraft.objects.all().delete()


def test_SL_6_the_monthly_task_is_registered_for_the_use_cases_to_queue_by_name():
    from cellops.billing import queue

    assert queue.task("draft_invoices_monthly") is tasks.draft_invoices_monthly


def test_SL_6_migrate_queues_the_monthly_drafting_once(nothing_queued):
    """What deploying does: after `cellops migrate` the next first's run is queued; a
    second migrate queues nothing more."""
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert queued() == [api.next_first(date.today())]


def test_SL_6_drafting_queues_the_next_first_once(nothing_queued, make_member):
    make_member("ann", roles=(Role.ADMIN_SPECIALIST,))
    admin = Actor(username="ann", is_admin=False, roles=frozenset({Role.ADMIN_SPECIALIST}))
    api.draft_invoices(admin, "2026-03")
    api.draft_invoices(admin, "2026-03")
    api.draft_invoices(admin, "2026-04")
    assert queued() == [api.next_first(date.today())]


def test_SL_6_a_run_drafts_last_month_and_queues_the_next_one(nothing_queued):
    """The run itself keeps the chain going: the next first of the month, once."""
    assert api.schedule_monthly_drafts(date(2026, 4, 1)) == datetime(2026, 5, 1, 6, tzinfo=UTC)
    assert api.schedule_monthly_drafts(date(2026, 4, 1)) is None  # queued already
    assert api.schedule_monthly_drafts(date(2026, 4, 20)) is None  # the same first
    assert api.schedule_monthly_drafts(date(2026, 12, 1)) == datetime(2027, 1, 1, 6, tzinfo=UTC)
    tasks.draft_invoices_monthly.call()
    assert api.next_first(date.today()) in queued()
    assert len(queued()) == len(set(queued()))


def test_SL_6_the_command_prints_money_as_the_api_does(march):  # noqa: F811
    """`cellops invoices draft --json`: rates, amounts and totals as two-decimal strings,
    never floats — the very body `GET /api/v1/invoices?month=` answers."""
    out = io.StringIO()
    call_command("invoices", "draft", "--month", "2026-03", "--json", stdout=out)
    body = json.loads(out.getvalue())
    lines = [line for item in body["items"] for line in item["lines"]]
    assert {(line["rate"], line["amount"]) for line in lines} >= {("90.00", "877.50")}
    for value in [i["total_amount"] for i in body["items"]] + [
        v for line in lines for v in (line["rate"], line["amount"])
    ]:
        assert isinstance(value, str) and Decimal(value) == Decimal(value).quantize(Decimal("0.01"))
        assert len(value.split(".")[1]) == 2
    api_body = march["ann"].get("/api/v1/invoices?month=2026-03").json()
    assert body["items"] == api_body["items"]
