"""Cells and members (ORG-1, ORG-2): listing, looking up, creating, changing."""

from __future__ import annotations

import functools
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from cellops.kernel.violations import InvalidInput, NotFound
from cellops.org import data, models, rules
from cellops.org.api.actors import check, editor
from cellops.org.api.calendar import cell_kind
from cellops.org.policy import Permission, allows
from cellops.platform.api import record_audit

# --- cells ---------------------------------------------------------------


def _cell(cell: models.Cell, active: int | None = None) -> data.Cell:
    return data.Cell(name=cell.name, kind=data.CellKind(cell.kind), active_members=active or 0)


def _active_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}status__in": [s.value for s in rules.ACTIVE_STATUSES]})


def list_cells() -> list[data.Cell]:
    cells = models.Cell.objects.annotate(active=Count("members", filter=_active_q("members__")))
    return [_cell(c, c.active) for c in cells]


def get_cell(name: str, field: str = "cell") -> data.Cell:
    cell = models.Cell.objects.filter(name=name).first()
    if cell is None:
        raise NotFound(field, f"no cell is called {name!r}")
    return _cell(cell, cell.members.filter(_active_q()).count())


def create_cell(actor: data.Actor, name: str, kind: data.CellKind) -> data.Cell:
    by = editor(actor)  # EDIT_ORGANISATION, before anything else
    name = rules.check_name("name", name)
    with transaction.atomic():
        if models.Cell.objects.filter(name=name).exists():
            raise InvalidInput("name", f"a cell called {name!r} already exists")
        cell = models.Cell.objects.create(name=name, kind=data.CellKind(kind).value)
        record_audit(by, "cell.create", "cell", name, {"kind": cell.kind})
    return _cell(cell)


def update_cell(actor: data.Actor, name: str, kind: data.CellKind) -> data.Cell:
    by = editor(actor)  # EDIT_ORGANISATION, before anything else
    with transaction.atomic():
        cell = models.Cell.objects.select_for_update().filter(name=name).first()
        if cell is None:
            raise NotFound("name", f"no cell is called {name!r}")
        if cell.kind != kind:
            record_audit(by, "cell.update", "cell", name, {"kind": [cell.kind, kind.value]})
            cell.kind = kind.value
            cell.save(update_fields=["kind"])
    return get_cell(name)


# --- members -------------------------------------------------------------


def _member(m: models.Member) -> data.Member:
    return data.Member(
        username=m.user.username,
        first_name=m.user.first_name,
        last_name=m.user.last_name,
        email=m.user.email,
        cell=m.cell.name,
        status=data.MemberStatus(m.status),
        weekly_hours=Decimal(m.weekly_hours),
        working_days=tuple(m.working_days),
        timezone=m.timezone,
        start_date=m.start_date,
        jira_account_id=m.jira_account_id,
    )


def _members_qs() -> QuerySet[models.Member]:
    return models.Member.objects.select_related("user", "cell")


def _hides_candidates(viewer: data.Actor | None) -> bool:
    """RC-7: candidates are seen only by recruitment managers, the CEO and administrators.
    `viewer` None is another use case reading for its own rules, not a person."""
    if viewer is None:
        return False
    check(viewer, Permission.VIEW_ORGANISATION)
    return not allows(viewer, Permission.VIEW_CANDIDATES)


def list_members(
    cell: str | None = None,
    limit: int | None = None,
    offset: int = 0,
    active_only: bool = False,
    *,
    viewer: data.Actor | None = None,
) -> tuple[list[data.Member], int]:
    """Members (of one cell, when named), by username, one page of them, and the total;
    for a `viewer`, only those the policy lets them see (RC-7)."""
    members = _members_qs()
    if _hides_candidates(viewer):
        members = members.exclude(status=data.MemberStatus.CANDIDATE.value)
    if cell is not None:
        get_cell(cell)
        members = members.filter(cell__name=cell)
    if active_only:
        members = members.filter(_active_q())
    total = members.count()
    page = members[offset : offset + limit] if limit is not None else members[offset:]
    return [_member(m) for m in page], total


def active_members_of(cell: str) -> list[data.Member]:
    """The active members of a cell in one query (a second one only to tell an unknown cell)."""
    members = [_member(m) for m in _members_qs().filter(_active_q(), cell__name=cell)]
    if not members:
        get_cell(cell)
    return members


@functools.cache
def _team_rows() -> QuerySet:
    """The rows `active_team_by_id` reads, shaped once per process: building this queryset
    costs more than running it, on the dashboard's hot path (decision 0069). Each call
    filters a copy of it."""
    in_progress = (
        models.Epic.objects.filter(owner=OuterRef("pk"), status=data.EpicStatus.IN_PROGRESS.value)
        .order_by()
        .values("owner")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        models.Member.objects.filter(_active_q())
        .order_by("user__username")
        .annotate(epics=Subquery(in_progress))
        .values_list(
            "pk",
            "user__username",
            "user__first_name",
            "user__last_name",
            "user__email",
            "status",
            "weekly_hours",
            "working_days",
            "timezone",
            "start_date",
            "jira_account_id",
            "cell__kind",
            "epics",
        )
    )


def active_team_by_id(cell: str) -> data.Team:
    """The cell's kind and active members keyed by database id, with how many epics `In
    progress` each owns (SP-6), in one query (a second one only when it has no member): for
    other apps' aggregates over foreign keys to members, the capacity dashboard's hot path."""
    rows = list(_team_rows().filter(cell__name=cell))
    if not rows:
        return data.Team(cell_kind(cell), {}, {})
    members = {
        pk: data.Member(
            username,
            first,
            last,
            email,
            cell,
            data.MemberStatus(status),
            Decimal(weekly),
            tuple(days),
            zone,
            start,
            jira,
        )
        for pk, username, first, last, email, status, weekly, days, zone, start, jira, _, _ in rows
    }
    kind = rows[0][-2]
    return data.Team(data.CellKind(kind), members, {row[0]: row[-1] or 0 for row in rows})


def get_member(
    username: str, field: str = "member", *, viewer: data.Actor | None = None
) -> data.Member:
    """One member; for a `viewer` who may not see candidates, a candidate is not found
    (RC-7: not even a hint that they exist)."""
    member = _members_qs().filter(user__username=username).first()
    if member is not None and member.status == data.MemberStatus.CANDIDATE.value:
        if _hides_candidates(viewer):
            member = None
    elif viewer is not None:
        check(viewer, Permission.VIEW_ORGANISATION)
    if member is None:
        raise NotFound(field, f"no member has the username {username!r}")
    return _member(member)


#: ORG-2 active statuses, for other apps' queries over members.
ACTIVE_STATUS_VALUES = tuple(sorted(s.value for s in rules.ACTIVE_STATUSES))


def daily_hours_of(member: data.Member) -> Decimal:
    """A member's daily hours (weekly hours over their working days)."""
    return rules.daily_hours(member.weekly_hours, member.working_days)


def member_pk(username: str, field: str = "member") -> int:
    """The database id of a member, for other apps' foreign keys to `org.Member`."""
    pk = models.Member.objects.filter(user__username=username).values_list("pk", flat=True).first()
    if pk is None:
        raise NotFound(field, f"no member has the username {username!r}")
    return pk


def member_pks(usernames: set[str]) -> dict[str, int]:
    """Ids of the members that exist among `usernames` (for bulk imports)."""
    found: dict[str, int] = {}
    names = sorted(usernames)
    for start in range(0, len(names), 5_000):
        found.update(
            models.Member.objects.filter(
                user__username__in=names[start : start + 5_000]
            ).values_list("user__username", "pk")
        )
    return found


def cell_pk(name: str, field: str = "cell") -> int:
    pk = models.Cell.objects.filter(name=name).values_list("pk", flat=True).first()
    if pk is None:
        raise NotFound(field, f"no cell is called {name!r}")
    return pk


def account_pk(name: str, field: str = "account") -> int:
    pk = models.Account.objects.filter(name=name).values_list("pk", flat=True).first()
    if pk is None:
        raise NotFound(field, f"no account is called {name!r}")
    return pk


def epic_pk(key: str, field: str = "epic") -> int:
    pk = models.Epic.objects.filter(key=key).values_list("pk", flat=True).first()
    if pk is None:
        raise NotFound(field, f"no epic has the key {key!r}")
    return pk


def lock_cell(name: str) -> None:
    """Serialise writes that depend on a cell's whole state (e.g. the TO-4 cap).

    Call inside `transaction.atomic()`: concurrent callers for the same cell
    wait for each other on PostgreSQL (row lock); SQLite takes its write lock
    at the start of each transaction (settings: transaction_mode IMMEDIATE).
    """
    if not models.Cell.objects.select_for_update().filter(name=name).exists():
        raise NotFound("cell", f"no cell is called {name!r}")


def active_first_names() -> dict[str, str]:
    """Username → first name of every active member (TO-5 needs the whole organisation)."""
    return dict(
        models.Member.objects.filter(_active_q()).values_list("user__username", "user__first_name")
    )


def full_names() -> dict[str, str]:
    """Username → full name of every login (the username when it has none), as pages show
    people: by name, the username on hover (issue #14 item 11)."""
    rows = get_user_model().objects.values_list("username", "first_name", "last_name")
    return {u: f"{first} {last}".strip() or u for u, first, last in rows}


def zone_for(actor: data.Actor) -> str:
    """The IANA time zone pages show `actor` times in: their member's, else UTC."""
    zone = (
        models.Member.objects.filter(user__username=actor.username)
        .values_list("timezone", flat=True)
        .first()
    )
    return zone or "UTC"


def member_for(actor: data.Actor) -> data.Member | None:
    """The member behind `actor` (their own row: cell, time zone…), or None for a login
    with no member and for the system. The doors make the actor once
    (`actor_for(request.user)`) and ask this, never with a Django user (issue #8)."""
    member = _members_qs().filter(user__username=actor.username).first()
    return _member(member) if member else None


def _check_email(email: str) -> str:
    try:
        validate_email(email)
    except ValidationError as exc:
        raise InvalidInput("email", "give a valid email address, like ada@example.com") from exc
    return email


def create_member(
    actor: data.Actor,
    *,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    cell: str,
    status: data.MemberStatus = data.MemberStatus.CORE,
    weekly_hours: Decimal = Decimal(40),
    working_days: tuple[int, ...] = (0, 1, 2, 3, 4),
    timezone: str = "UTC",
    start_date: date | None = None,
    jira_account_id: str = "",
) -> data.Member:
    """ORG-2: a member of one cell, with a login account (no usable password yet); their
    Jira account id (optional, unique) names them in Jira Cloud exports (issue #15)."""
    by = editor(actor)  # EDIT_ORGANISATION, before anything else
    rules.check_username(username)
    first_name = rules.check_name("first_name", first_name, 150)
    last_name = (last_name or "").strip()[:150]
    _check_email(email)
    days = rules.check_working_days(working_days)
    hours = rules.check_weekly_hours(weekly_hours)
    rules.check_timezone(timezone)
    status = data.MemberStatus(status)
    jira_account_id = rules.check_jira_account_id(jira_account_id)
    User = get_user_model()
    with transaction.atomic():
        cell_row = models.Cell.objects.filter(name=cell).first()
        if cell_row is None:
            raise NotFound("cell", f"no cell is called {cell!r}")
        _check_jira_account_free(jira_account_id, username)
        if User.objects.filter(username=username).exists():
            raise InvalidInput("username", f"the username {username!r} is taken")
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    username=username, email=email, first_name=first_name, last_name=last_name
                )
        except IntegrityError as exc:
            raise InvalidInput("username", f"the username {username!r} is taken") from exc
        member = models.Member.objects.create(
            user=user,
            cell=cell_row,
            status=status.value,
            weekly_hours=hours,
            working_days=list(days),
            timezone=timezone,
            start_date=start_date,
            jira_account_id=jira_account_id,
        )
        record_audit(
            by,
            "member.create",
            "member",
            username,
            {"cell": cell, "status": status.value, "weekly_hours": hours, "start_date": start_date},
        )
    return _member(member)


MEMBER_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "cell",
    "status",
    "weekly_hours",
    "working_days",
    "timezone",
    "start_date",
    "jira_account_id",
)


def _check_jira_account_free(account_id: str, username: str) -> None:
    """Issue #15: a Jira account id names one member only."""
    if (
        account_id
        and models.Member.objects.filter(jira_account_id=account_id)
        .exclude(user__username=username)
        .exists()
    ):
        raise InvalidInput(
            "jira_account_id", f"another member already has the Jira account id {account_id!r}"
        )


def update_member(actor: data.Actor, username: str, **changes: object) -> data.Member:
    """Change a member's fields; only the given ones, each checked like at creation."""
    by = editor(actor)  # EDIT_ORGANISATION, before anything else
    unknown = set(changes) - set(MEMBER_FIELDS)
    if unknown:
        raise InvalidInput(sorted(unknown)[0], "this field cannot be changed")
    with transaction.atomic():
        member = (
            _members_qs().select_for_update(of=("self",)).filter(user__username=username).first()
        )
        if member is None:
            raise NotFound("username", f"no member has the username {username!r}")
        before = _member(member)
        user = member.user
        if "first_name" in changes:
            user.first_name = rules.check_name("first_name", str(changes["first_name"]), 150)
        if "last_name" in changes:
            user.last_name = str(changes["last_name"] or "").strip()[:150]
        if "email" in changes:
            user.email = _check_email(str(changes["email"]))
        if "cell" in changes:
            cell_row = models.Cell.objects.filter(name=changes["cell"]).first()
            if cell_row is None:
                raise NotFound("cell", f"no cell is called {changes['cell']!r}")
            member.cell = cell_row
        if "status" in changes:
            member.status = data.MemberStatus(changes["status"]).value
        if "weekly_hours" in changes:
            member.weekly_hours = rules.check_weekly_hours(Decimal(str(changes["weekly_hours"])))
        if "working_days" in changes:
            member.working_days = list(rules.check_working_days(changes["working_days"]))  # type: ignore[arg-type]
        if "timezone" in changes:
            member.timezone = rules.check_timezone(str(changes["timezone"]))
        if "start_date" in changes:
            member.start_date = changes["start_date"]
        if "jira_account_id" in changes:
            member.jira_account_id = rules.check_jira_account_id(
                str(changes["jira_account_id"] or "")
            )
            _check_jira_account_free(member.jira_account_id, username)
        user.save()
        member.save()
        after = _member(member)
        diff = {
            f: [getattr(before, f), getattr(after, f)]
            for f in MEMBER_FIELDS
            if getattr(before, f) != getattr(after, f)
        }
        if diff:
            record_audit(by, "member.update", "member", username, diff)
    return after
