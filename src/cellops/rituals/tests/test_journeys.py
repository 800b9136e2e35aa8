"""Journeys through the rituals: the demo loads each dev cell's rituals, once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from cellops.org import api as org_api
from cellops.org.data import Actor
from cellops.rituals import api

JSON = "application/json"
D = Decimal


# --- the demo ------------------------------------------------------------------------------------


def test_the_demo_has_each_dev_cells_rituals_and_loading_it_twice_adds_nothing(db):
    """A published retrospective with a poll and approvals, firefighters recorded for this
    sprint and the next, a social chat, video updates, one tech talk; idempotent."""
    from io import StringIO

    from django.core.management import call_command

    call_command("demo", stdout=StringIO())
    current = org_api.sprint_calendar().for_date(date.today())

    def snapshot():
        seen = {}
        for cell in ("Falcon", "Otter", "Lynx"):
            retro = api.retrospective(Actor.system(), cell, current.number - 1)
            chat = api.social_chat(Actor.system(), cell, current.number)
            weeks = api.firefighters(Actor.system(), cell, current.start, 4)
            posted = [
                v.member
                for v in api.video_updates(Actor.system(), cell, current.number - 1).members
                if v.posted
            ]
            seen[cell] = (retro, chat, weeks, posted)
        return seen, api.tech_talks(Actor.system(), date(1970, 1, 1))

    first, talks = snapshot()
    for cell, (retro, chat, weeks, posted) in first.items():
        assert retro.state == "published" and retro.went_well and len(retro.to_improve) > 2
        assert retro.poll is not None and retro.poll.voters >= 2
        assert retro.poll.results[0].votes > retro.poll.results[-1].votes
        assert chat.organised and chat.organiser in chat.organisers
        assert all(w.recorded and len(w.members) == 2 for w in weeks)
        assert len(posted) == 2, cell
    assert len(talks) == 1
    call_command("demo", stdout=StringIO())
    assert snapshot() == (first, talks)
