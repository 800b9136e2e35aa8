"""The demo's workflows: posts at every step, decisions (one paused), a completed test run."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from cellops.org.data import Actor
from cellops.workflows import api
from cellops.workflows.data import DecisionState, Step

pytestmark = pytest.mark.django_db


def test_the_demo_has_posts_at_every_step_decisions_and_a_completed_instance_test():
    call_command("demo", stdout=StringIO())
    viewer = Actor.system("viewer")
    board = dict(api.board(viewer))
    assert all(board[step] for step in Step), {s: len(p) for s, p in board.items()}
    states = sorted(d.state.value for d in api.decisions(viewer))
    assert states == ["agreed", "decided", "paused"]
    decided = api.decisions(viewer, state=DecisionState.DECIDED)[0]
    assert decided.by_ceo
    (test,) = api.instance_tests(viewer)
    _, run = api.instance_test(viewer, test.id)
    counts = run.counts()
    assert counts["untested"] == 0 and counts["fail"] == 1 and counts["n/a"] >= 1
    call_command("demo", stdout=StringIO())  # a second load adds nothing
    assert sum(len(p) for p in dict(api.board(viewer)).values()) == len(Step)
    assert len(api.decisions(viewer)) == 3
