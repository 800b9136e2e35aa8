"""The home page's needs: my time off soon and who covers me (TO-6)."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse

from cellops.kernel.calendar import format_day
from cellops.org.data import ROLE_LABELS, Actor
from cellops.org.policy import sees_agency_overview
from cellops.platform.data import Need, NeedLine
from cellops.time_off.api.access import shown_to
from cellops.time_off.api.reading import (
    _qs,
    list_time_off,
)
from cellops.time_off.data import (
    Kind,
    Status,
    TimeOff,
)

__all__ = ["NEEDS_HORIZON_DAYS", "OVERVIEW_DAYS", "kind_words", "needs_of", "upcoming"]


NEEDS_HORIZON_DAYS = 30
#: The agency overview lists time off starting (or under way) in the next two weeks.
OVERVIEW_DAYS = 14

_KIND_WORDS = {
    Kind.OFF.value: "off",
    Kind.REDUCED.value: "reduced hours",
    Kind.SCOPED.value: "scoped time off",
    Kind.SICK.value: "sick leave",
}


def kind_words(kind: Kind) -> str:
    """TO-1's kind as a sentence says it: off, reduced hours, scoped time off, sick leave."""
    return _KIND_WORDS.get(kind.value, kind.value)


def _duty_label(duty: str) -> str:
    """A stored coverage duty (`epic:KEY`, `role:ROLE[:WHERE]`) as people read it."""
    kind, _, rest = duty.partition(":")
    if kind == "epic":
        return f"Epic {rest}"
    role, _, where = rest.partition(":")
    label = next((text for r, text in ROLE_LABELS.items() if r.value == role), role or duty)
    return f"{label} {where}".strip() if kind == "role" else duty


def needs_of(actor: Actor, today: date) -> list[Need]:
    """My time off in the next 30 days (or under way) and who covers me (TO-6); a pending
    request says it still needs announcing. Two queries."""
    rows = (
        _qs()
        .filter(
            member__user__username=actor.username,
            end__gte=today,
            start__lte=today + timedelta(days=NEEDS_HORIZON_DAYS),
        )
        .exclude(status=Status.CANCELLED.value)
    )
    needs = []
    for row in rows:
        lines: tuple[NeedLine, ...] = ()
        days = (
            format_day(row.start)
            if row.start == row.end
            else f"{format_day(row.start)} to {format_day(row.end)}"
        )
        if row.status == Status.PENDING.value:
            detail = (
                "Pending (TO-6): announce it with who covers each of your epics, rotations and "
                "roles on those dates; only then is it confirmed."
            )
        else:
            lines = tuple(
                NeedLine(
                    f"{_duty_label(c.duty)}: "
                    f"{c.covered_by.user.get_full_name() or c.covered_by.user.username}"
                )
                for c in row.coverage.all()
            )
            detail = (
                "Confirmed. Covering you:" if lines else "Confirmed; nobody needs to cover you."
            )
        needs.append(
            Need(
                area="Time off",
                title=f"Your time off ({_KIND_WORDS.get(row.kind, row.kind)}): {days}",
                detail=detail,
                url=reverse("time_off:detail", args=[row.pk]),
                when=row.start,
                lines=lines,
            )
        )
    return needs


def upcoming(actor: Actor, today: date) -> list[TimeOff] | None:
    """The home page's agency overview (issue #14 item 13): everyone's time off under way
    or starting in the next `OVERVIEW_DAYS` days, not cancelled, by start; sick leave is
    "off" to who may not see its kind (decision 0016). None for who does not see the
    overview (`org.policy.sees_agency_overview`)."""
    if not sees_agency_overview(actor):
        return None
    items = list_time_off(start=today, end=today + timedelta(days=OVERVIEW_DAYS))
    return shown_to(actor, sorted(items, key=lambda t: (t.start, t.name)))
