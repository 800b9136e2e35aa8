"""Checklist rules (SP-12, TO-8), as pure functions.

- SP-12: when a sprint starts, every active member of the cell gets one
  sprint checklist made from the cell's own sprint template, or the default
  one; each item is due on its sprint day, and an item that names a role
  goes only to the members who hold it.
- TO-8: when time off is confirmed, the member gets the vacation list of
  each of their roles that has one (developer for every dev-cell member;
  CEO, CTO, business development specialist), and whoever covers one of
  those roles gets its backup lists.

A run is identified by (template, member, subject), so making runs again
for the same sprint or time off finds the ones already made. Pure Python:
standard library and this app's `data` only.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta

from cellops.checklists.data import (
    DEVELOPER,
    Kind,
    PlannedItem,
    PlannedRun,
    Result,
    RunInfo,
    TemplateInfo,
)
from cellops.kernel.calendar import (
    BUSINESS_CALENDAR_POLICY,
    DEFAULT_CALENDAR_POLICY,
    CalendarPolicy,
)

SP_12_SPRINT_CHECKLISTS = "SP-12"
TO_8_VACATION_CHECKLISTS = "TO-8"

#: Due days further than this from the anchor are refused as typos (a year).
MAX_DUE_DAY_DISTANCE = 366


def sprint_subject(cell: str, number: int) -> str:
    """SP-12: what a sprint checklist is about, e.g. ``sprint Falcon/24``."""
    return f"sprint {cell}/{number}"


def time_off_subject(request_id: int) -> str:
    """TO-8: what a vacation checklist is about, e.g. ``time off 12``."""
    return f"time off {request_id}"


def sprint_template_for(cell: str, templates: Iterable[TemplateInfo]) -> TemplateInfo | None:
    """SP-12: the cell's own sprint template, else the default one (no cell), else None."""
    sprint = [t for t in templates if t.kind is Kind.SPRINT]
    own = [t for t in sprint if t.cell == cell]
    if own:
        return own[0]
    defaults = sorted((t for t in sprint if t.cell is None), key=lambda t: t.key)
    return defaults[0] if defaults else None


def one_week_due_day(
    due_day: int | None,
    dev: CalendarPolicy = DEFAULT_CALENDAR_POLICY,
    business: CalendarPolicy = BUSINESS_CALENDAR_POLICY,
) -> int | None:
    """SP-1 / SP-12 (decision 0062): where a day of the default sprint template, written
    for a dev cell's two weeks, falls in a business cell's one-week sprint.

    The mid-sprint meeting (dev day 7) moves to the business mid-sprint day (2); the other
    days of the second week move to the same weekday of the one week (day 10, Thursday's
    cut-off, is day 3; day 13 is day 6); first-week days and days outside the dev sprint
    stay as they are."""
    if due_day is None:
        return None
    if due_day == dev.mid_sprint_day:
        return business.mid_sprint_day
    week = business.sprint_length_days
    if week <= due_day <= dev.last_day:
        return due_day - week
    return due_day


def one_week_template(template: TemplateInfo) -> TemplateInfo:
    """SP-12 for a business cell: the default (dev) sprint template with every due day
    moved into the one-week sprint (`one_week_due_day`)."""
    return replace(
        template,
        items=tuple(replace(i, due_day=one_week_due_day(i.due_day)) for i in template.items),
    )


def due_date(anchor: date, due_day: int | None) -> date | None:
    """The date of a due day: the anchor (sprint day 0, first day away) plus that many days."""
    return None if due_day is None else anchor + timedelta(days=due_day)


def items_for(
    template: TemplateInfo, anchor: date, roles: Collection[str] | None = None
) -> tuple[PlannedItem, ...]:
    """A run's items from its template, with due dates from `anchor`.

    SP-12: with `roles`, an item that names a role is kept only when it is
    one of them (the firefighter's item goes to firefighters only); items
    without a role are always kept. `roles=None` keeps every item.
    """
    return tuple(
        PlannedItem(
            position,
            item.text,
            item.due_day,
            due_date(anchor, item.due_day),
            item.role,
            item.section,
        )
        for position, item in enumerate(template.items)
        if roles is None or not item.role or item.role in roles
    )


def role_of_duty(duty: str) -> str:
    """The role a TO-6 duty key names: ``role:ceo`` or ``role:firefighter:Falcon`` → the role.

    A plain role value is returned as it is; an epic duty (``epic:AC-1``) names no role: "".
    """
    if duty.startswith("epic:"):
        return ""
    if duty.startswith("role:"):
        return duty.split(":", 2)[1]
    return duty


def vacation_lists(
    templates: Iterable[TemplateInfo],
    member: str,
    roles: Iterable[str],
    is_dev: bool,
    covers: Mapping[str, str],
) -> tuple[PlannedRun, ...]:
    """TO-8: the vacation lists to make when `member`'s time off is confirmed.

    The member's own list for each role they hold that has one, `developer`
    counting as held by every dev-cell member. For each of those roles, its
    backup lists go to whoever covers it: `covers` maps a TO-6 duty or role
    (``role:ceo``, ``ceo``) — or a backup template's key, to name a different
    person for that list — to a username. A backup list with nobody (else)
    covering is not made.
    """
    held = {role_of_duty(r) for r in roles} - {""}
    if is_dev:
        held.add(DEVELOPER)
    by_role: dict[str, str] = {}
    for duty, who in covers.items():
        by_role.setdefault(role_of_duty(duty), who)
    vacation = sorted((t for t in templates if t.kind is Kind.VACATION), key=lambda t: t.key)
    planned = [PlannedRun(t, member) for t in vacation if not t.backup_of_role and t.role in held]
    for template in vacation:
        if template.backup_of_role not in held:
            continue
        who = covers.get(template.key) or by_role.get(template.backup_of_role)
        if who and who != member:
            planned.append(PlannedRun(template, who, template.backup_of_role))
    return tuple(planned)


def unique_in_order(names: Sequence[str]) -> list[str]:
    """SP-12: each member once, in the order first given (a name listed twice gets one run)."""
    return list(dict.fromkeys(names))


def template_problems(
    template: TemplateInfo, known_roles: Collection[str]
) -> list[tuple[str, str]]:
    """What is wrong with a template before it is stored: (field, what to do) pairs."""
    problems: list[tuple[str, str]] = []
    if not template.key or not all(c.isalnum() or c in "-_" for c in template.key):
        problems.append(("key", "use letters, digits, '-' and '_' only, e.g. 'sprint-falcon'"))
    if not template.title.strip():
        problems.append(("title", "give the checklist a title"))
    if template.cell is not None and template.kind is not Kind.SPRINT:
        problems.append(("cell", "only sprint templates belong to a cell; leave the cell out"))
    for name, value in (("role", template.role), ("backup_of_role", template.backup_of_role)):
        if value and value not in known_roles:
            problems.append((name, f"{value!r} is not a role; use one of {sorted(known_roles)}"))
    for n, item in enumerate(template.items):
        if not item.text.strip():
            problems.append((f"items.{n}.text", "say what is to be done"))
        if item.due_day is not None and abs(item.due_day) > MAX_DUE_DAY_DISTANCE:
            problems.append(
                (f"items.{n}.due_day", f"keep the due day within ±{MAX_DUE_DAY_DISTANCE} days")
            )
        if item.role and item.role not in known_roles:
            problems.append((f"items.{n}.role", f"{item.role!r} is not a role"))
    return problems


# --- runs that gate a step (decision 0038) ------------------------------------------

#: The longest note an item's result keeps.
MAX_NOTE_LENGTH = 2000
MAX_LINK_LENGTH = 500


def result_problems(result: Result, note: str, link: str) -> list[tuple[str, str]]:
    """What is wrong with an item's result, as (field, message) pairs.

    A `fail` or `n/a` says why in its note (WF-4: every item with a note); a link is a
    web address (http or https).
    """
    problems = []
    if result in (Result.FAIL, Result.NOT_APPLICABLE) and not note.strip():
        problems.append(
            (
                "note",
                f"say in a note why the item is {result.value} (what failed, or why it "
                "does not apply)",
            )
        )
    if len(note) > MAX_NOTE_LENGTH:
        problems.append(("note", f"a note is at most {MAX_NOTE_LENGTH} characters"))
    if link and not link.startswith(("http://", "https://")):
        problems.append(("link", "a link starts with http:// or https://"))
    if len(link) > MAX_LINK_LENGTH:
        problems.append(("link", f"a link is at most {MAX_LINK_LENGTH} characters"))
    return problems


def gate_gaps(run: RunInfo) -> list[str]:
    """Decision 0038: why `run` does not yet open the step it gates — one sentence per item
    not checked (or ticked) and per item that failed. No gaps: the step may be taken.

    An item marked `n/a` counts as checked; a `fail` must be fixed and checked again.
    """
    gaps = []
    for item in run.items:
        if item.result is Result.FAIL:
            gaps.append(f"“{item.text}” failed: {item.note}".rstrip(": "))
        elif not item.done:
            gaps.append(f"“{item.text}” is not checked yet")
    return gaps
