"""Helpers the rituals' tests share."""

from __future__ import annotations

from cellops.kernel.violations import RuleRefusal
from cellops.org import api as org_api
from cellops.platform import api as core_api
from cellops.rituals import api
from cellops.sprints import api as sprints_api


def _user(django_user_model, username):
    return django_user_model.objects.get(username=username)


def _completed(number: int, cell: str = "Falcon") -> None:
    sprints_api.complete(org_api.actor_named("sam"), cell, number, confirm=True)


def _audits(action: str) -> int:
    return sum(1 for e in core_api.audit_log(limit=1000) if e.action == action)


def _rule_ids(error: RuleRefusal) -> set[str]:
    return {v.rule for v in error.violations}


def _future_chat(falcon, firefighters=("ada", "bob")):
    number = falcon.number + 2
    start = org_api.sprint_calendar().sprint(number).start
    api.set_firefighters(org_api.actor_named("sam"), "Falcon", start, list(firefighters))
    return number, start
