"""WF-4: instance test runs — the instance test checklist run against a named instance."""

from __future__ import annotations

from django.db import transaction

from cellops.checklists import api as checklists_api
from cellops.checklists.data import Result, RunInfo
from cellops.kernel.violations import InvalidInput, NotFound
from cellops.org.data import Actor
from cellops.platform.api import record_audit
from cellops.workflows import models
from cellops.workflows.api.common import ensure_templates, require_member
from cellops.workflows.data import INSTANCE_TEST_TEMPLATE, InstanceTestInfo


def _info(row: models.InstanceTestRun) -> InstanceTestInfo:
    return InstanceTestInfo(
        id=row.pk,
        instance=row.instance,
        reason=row.reason,
        tester=row.tester,
        checklist=row.checklist,
        created_at=row.created_at,
    )


def _instance_test(test_id: int) -> tuple[InstanceTestInfo, RunInfo]:
    """The test run with its checklist (items by section, results, counts)."""
    row = models.InstanceTestRun.objects.filter(pk=test_id).first() if 0 < test_id < 2**62 else None
    if row is None:
        raise NotFound("test_id", f"there is no instance test run {test_id}")
    return _info(row), checklists_api.run(row.checklist)


def _instance_tests() -> list[InstanceTestInfo]:
    return [_info(r) for r in models.InstanceTestRun.objects.all()]


def start_instance_test(
    actor: Actor, instance: str, reason: str
) -> tuple[InstanceTestInfo, RunInfo]:
    """WF-4: `actor` starts testing `instance` after a deep change (`reason`)."""
    require_member(actor)
    instance, reason = instance.strip(), reason.strip()
    if not instance or len(instance) > 200:
        raise InvalidInput("instance", "name the instance tested (at most 200 characters)")
    if not reason or len(reason) > 2000:
        raise InvalidInput("reason", "say which deep change is being tested")
    ensure_templates()
    with transaction.atomic():
        row = models.InstanceTestRun.objects.create(
            instance=instance, reason=reason, tester=actor.username, checklist=None
        )
        run = checklists_api.start_run(
            actor,
            INSTANCE_TEST_TEMPLATE,
            f"instance test {row.pk}: {instance}"[:200],
            actor.username,
        )
        row.checklist = run.id
        row.save(update_fields=["checklist"])
        record_audit(
            actor.username,
            "workflows.instance_test",
            "instance_test",
            row.pk,
            {"instance": instance},
        )
    return _info(row), run


def record(
    actor: Actor, test_id: int, item_id: int, result: Result, note: str = ""
) -> tuple[InstanceTestInfo, RunInfo]:
    """WF-4: an item's result (pass / fail / n/a, a note required for fail and n/a)."""
    info, run = _instance_test(test_id)
    if item_id not in {i.id for i in run.items}:
        raise NotFound("item_id", f"instance test run {test_id} has no item {item_id}")
    return info, checklists_api.record_result(actor, run.id, item_id, result, note)


def section_counts(run: RunInfo) -> list[tuple[str, dict[str, int]]]:
    """WF-4 report: each section with its counts of pass, fail, n/a and untested."""
    counted = []
    for name, items in run.sections():
        found = {"pass": 0, "fail": 0, "n/a": 0, "untested": 0}
        for item in items:
            found[item.result.value or "untested"] += 1
        counted.append((name, found))
    return counted


# --- reads, for who may see them (active members and administrators, ORG-2) ---


def instance_test(actor: Actor, test_id: int) -> tuple[InstanceTestInfo, RunInfo]:
    """The test run with its checklist (items by section, results, counts)."""
    require_member(actor)
    return _instance_test(test_id)


def instance_tests(actor: Actor) -> list[InstanceTestInfo]:
    require_member(actor)
    return _instance_tests()
