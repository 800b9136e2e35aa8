"""Use cases of the organisation: the only door into `cellops.org`.

Every function takes and returns plain values (`cellops.org.data`), applies
the ORG rules, writes inside a transaction and leaves an audit entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Count, Q

from cellops.kernel.calendar import BeforeFirstSprint, OutsideCalendar, Sprint, SprintCalendar
from cellops.kernel.violations import InvalidInput, NotFound
from cellops.org import data, models, rules
from cellops.org.policy import Permission, allows, allows_in_cell, denial_message
from cellops.platform.api import record_audit

# --- the sprint calendar -------------------------------------------------


def sprint_calendar() -> SprintCalendar:
    """The dev calendar configured by CELLOPS_FIRST_SPRINT (ORG-1, SP-1)."""
    first = settings.CELLOPS_FIRST_SPRINT
    return SprintCalendar(first_number=first["number"], first_start=first["start"])


def sprint_for_date(day: date, field: str = "date") -> tuple[Sprint, int]:
    """The dev sprint containing `day`, and `day`'s number in it."""
    try:
        sprint = sprint_calendar().for_date(day)
    except OutsideCalendar as exc:
        raise InvalidInput(field, str(exc)) from exc
    return sprint, sprint.day_of(day)


def sprint_overview(today: date, count: int = 6) -> list[data.SprintRow]:
    """The current sprint and the next ones (or the first ones, before the calendar starts)."""
    calendar = sprint_calendar()
    try:
        first = calendar.for_date(today).number
    except BeforeFirstSprint:
        first = calendar.first_number
    return [rules.sprint_row(calendar.sprint(first + i), today) for i in range(count)]


# --- who is asking -------------------------------------------------------


def actor_for(user, day: date | None = None) -> data.Actor:
    """The roles `user` holds today (ORG-3), for the permission policy."""
    if user is None or not user.is_authenticated:
        raise PermissionDenied("You need to be logged in.")
    day = day or date.today()
    # One query on every request: the member's cell with each role they ever held.
    rows = (
        models.Member.objects.filter(user=user)
        .order_by()
        .values_list(
            "cell__name",
            "status",
            "roles__role",
            "roles__start",
            "roles__end",
            "roles__cell__name",
        )
    )
    cell = None
    active = False  # a login with no member behind it is no member (decision 0022)
    held: set[tuple[data.Role, str | None]] = set()
    for cell_name, status, role, start, end, role_cell in rows:
        cell = cell_name
        active = data.MemberStatus(status) in rules.ACTIVE_STATUSES  # ORG-2
        if role is not None and rules.role_held_on(start, end, day):  # ORG-3
            held.add((data.Role(role), role_cell))
    return data.Actor(
        username=user.username,
        is_admin=bool(user.is_staff or user.is_superuser),
        roles=frozenset(role for role, _ in held),
        cell=cell,
        role_cells=frozenset(held),
        active=active,
    )


def actor_named(username: str, day: date | None = None) -> data.Actor:
    """`actor_for` the login called `username` (a command run for someone, a test);
    NotFound when there is no such login."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise NotFound("member", f"no login has the username {username!r}")
    return actor_for(user, day)


def check(actor: data.Actor, permission: Permission) -> data.Actor:
    """`actor`, if the policy lets them do `permission`; PermissionDenied otherwise."""
    if not allows(actor, permission):
        raise PermissionDenied(denial_message(permission, actor=actor))
    return actor


def check_in_cell(actor: data.Actor, permission: Permission, cell: str) -> data.Actor:
    """`check`, for a permission exercised on one cell (e.g. planning its sprints)."""
    if not allows_in_cell(actor, permission, cell):
        raise PermissionDenied(denial_message(permission, cell, actor=actor))
    return actor


def require(user, permission: Permission) -> data.Actor:
    """The actor, if the policy lets them do `permission`; PermissionDenied otherwise."""
    return check(actor_for(user), permission)


def require_in_cell(user, permission: Permission, cell: str) -> data.Actor:
    """`require`, for a permission exercised on one cell (e.g. planning its sprints)."""
    return check_in_cell(actor_for(user), permission, cell)


def can_in_cell(user, permission: Permission, cell: str) -> bool:
    try:
        require_in_cell(user, permission, cell)
    except PermissionDenied:
        return False
    return True


def can(user, permission: Permission) -> bool:
    try:
        require(user, permission)
    except PermissionDenied:
        return False
    return True


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


def create_cell(actor: str, name: str, kind: data.CellKind) -> data.Cell:
    name = rules.check_name("name", name)
    with transaction.atomic():
        if models.Cell.objects.filter(name=name).exists():
            raise InvalidInput("name", f"a cell called {name!r} already exists")
        cell = models.Cell.objects.create(name=name, kind=data.CellKind(kind).value)
        record_audit(actor, "cell.create", "cell", name, {"kind": cell.kind})
    return _cell(cell)


def update_cell(actor: str, name: str, kind: data.CellKind) -> data.Cell:
    with transaction.atomic():
        cell = models.Cell.objects.select_for_update().filter(name=name).first()
        if cell is None:
            raise NotFound("name", f"no cell is called {name!r}")
        if cell.kind != kind:
            record_audit(actor, "cell.update", "cell", name, {"kind": [cell.kind, kind.value]})
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
    )


def _members_qs():
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


def active_members_by_id(cell: str) -> dict[int, data.Member]:
    """`active_members_of`, keyed by database id, for other apps' aggregates over
    foreign keys to members (the capacity dashboard joins nothing this way)."""
    rows = (
        models.Member.objects.filter(_active_q(), cell__name=cell)
        .order_by("user__username")
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
        )
    )
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
        )
        for pk, username, first, last, email, status, weekly, days, zone, start in rows
    }
    if not members:
        get_cell(cell)
    return members


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


def in_progress_epics_owned_by_id(member_ids: Iterable[int]) -> dict[int, int]:
    """SP-6: how many epics `In progress` each member (by database id) owns."""
    counts = dict.fromkeys(member_ids, 0)
    for owner in models.Epic.objects.filter(
        owner_id__in=list(counts), status=data.EpicStatus.IN_PROGRESS.value
    ).values_list("owner_id", flat=True):
        counts[owner] += 1
    return counts


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


def member_of_user(user) -> data.Member | None:
    member = _members_qs().filter(user=user).first() if user.is_authenticated else None
    return _member(member) if member else None


def _check_email(email: str) -> str:
    try:
        validate_email(email)
    except ValidationError as exc:
        raise InvalidInput("email", "give a valid email address, like ada@example.com") from exc
    return email


def create_member(
    actor: str,
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
) -> data.Member:
    """ORG-2: a member of one cell, with a login account (no usable password yet)."""
    rules.check_username(username)
    first_name = rules.check_name("first_name", first_name, 150)
    last_name = (last_name or "").strip()[:150]
    _check_email(email)
    days = rules.check_working_days(working_days)
    hours = rules.check_weekly_hours(weekly_hours)
    rules.check_timezone(timezone)
    status = data.MemberStatus(status)
    User = get_user_model()
    with transaction.atomic():
        cell_row = models.Cell.objects.filter(name=cell).first()
        if cell_row is None:
            raise NotFound("cell", f"no cell is called {cell!r}")
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
        )
        record_audit(
            actor,
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
)


def update_member(actor: str, username: str, **changes: object) -> data.Member:
    """Change a member's fields; only the given ones, each checked like at creation."""
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
        user.save()
        member.save()
        after = _member(member)
        diff = {
            f: [getattr(before, f), getattr(after, f)]
            for f in MEMBER_FIELDS
            if getattr(before, f) != getattr(after, f)
        }
        if diff:
            record_audit(actor, "member.update", "member", username, diff)
    return after


# --- roles ---------------------------------------------------------------


def _role(r: models.RoleAssignment) -> data.RoleAssignment:
    return data.RoleAssignment(
        id=r.pk,
        member=r.member.user.username,
        role=data.Role(r.role),
        start=r.start,
        end=r.end,
        cell=r.cell.name if r.cell else None,
        mentee=r.mentee.user.username if r.mentee else None,
    )


def _roles_qs():
    return models.RoleAssignment.objects.select_related("member__user", "cell", "mentee__user")


def assign_role(
    actor: str,
    *,
    member: str,
    role: data.Role,
    start: date,
    end: date | None = None,
    cell: str | None = None,
    mentee: str | None = None,
) -> data.RoleAssignment:
    """ORG-3: `member` holds `role` from `start` to `end` (open-ended without one)."""
    role = data.Role(role)
    rules.check_role_scope(role, cell, mentee, start, end)
    with transaction.atomic():
        holder = models.Member.objects.filter(user__username=member).first()
        if holder is None:
            raise NotFound("member", f"no member has the username {member!r}")
        cell_row = None
        if cell:
            cell_row = models.Cell.objects.filter(name=cell).first()
            if cell_row is None:
                raise NotFound("cell", f"no cell is called {cell!r}")
        mentee_row = None
        if mentee:
            mentee_row = models.Member.objects.filter(user__username=mentee).first()
            if mentee_row is None:
                raise NotFound("mentee", f"no member has the username {mentee!r}")
        assignment = models.RoleAssignment.objects.create(
            member=holder, role=role.value, cell=cell_row, mentee=mentee_row, start=start, end=end
        )
        record_audit(
            actor,
            "role.assign",
            "member",
            member,
            {"role": role.value, "start": start, "end": end, "cell": cell, "mentee": mentee},
        )
    return _role(assignment)


def end_role(actor: str, assignment_id: int, end: date) -> data.RoleAssignment:
    with transaction.atomic():
        assignment = _roles_qs().select_for_update(of=("self",)).filter(pk=assignment_id).first()
        if assignment is None:
            raise NotFound("role", f"no role assignment {assignment_id}")
        if end < assignment.start:
            raise InvalidInput(
                "end", f"the role cannot end ({end}) before it starts ({assignment.start})"
            )
        record_audit(
            actor,
            "role.end",
            "member",
            assignment.member.user.username,
            {"role": assignment.role, "end": [assignment.end, end]},
        )
        assignment.end = end
        assignment.save(update_fields=["end"])
    return _role(assignment)


def roles_of(username: str) -> list[data.RoleAssignment]:
    """Every role `username` holds or held, oldest first."""
    return [_role(r) for r in _roles_qs().filter(member__user__username=username)]


def role_holders(
    role: data.Role, day: date | None = None, cell: str | None = None
) -> list[data.RoleAssignment]:
    """Who holds `role` on `day` (today by default), optionally for one cell."""
    day = day or date.today()
    found = (
        _roles_qs()
        .filter(role=data.Role(role).value, start__lte=day)
        .filter(Q(end__isnull=True) | Q(end__gte=day))
    )
    if cell is not None:
        found = found.filter(cell__name=cell)
    return [_role(r) for r in found]


def mentor_of(username: str, day: date | None = None) -> str | None:
    for assignment in role_holders(data.Role.MENTOR, day):
        if assignment.mentee == username:
            return assignment.member
    return None


# --- clients, accounts, epics --------------------------------------------


def _client(c: models.Client, show_money: bool) -> data.Client:
    return data.Client(name=c.name, hourly_rate=c.hourly_rate if show_money else None)


def list_clients(show_money: bool) -> list[data.Client]:
    return [_client(c, show_money) for c in models.Client.objects.all()]


def create_client(actor: str, name: str, hourly_rate: Decimal | None = None) -> data.Client:
    name = rules.check_name("name", name, 120)
    rules.check_not_negative("hourly_rate", hourly_rate)
    with transaction.atomic():
        if models.Client.objects.filter(name=name).exists():
            raise InvalidInput("name", f"a client called {name!r} already exists")
        client = models.Client.objects.create(name=name, hourly_rate=hourly_rate)
        record_audit(actor, "client.create", "client", name, {"hourly_rate": hourly_rate})
    return _client(client, True)


def _account(a: models.Account, show_money: bool) -> data.Account:
    return data.Account(
        name=a.name,
        client=a.client.name if a.client else None,
        monthly_budget_hours=a.monthly_budget_hours if show_money else None,
    )


def list_accounts(show_money: bool, client: str | None = None) -> list[data.Account]:
    """Accounts; budgets only for those the policy lets see them (VIEW_CLIENT_BUDGETS)."""
    accounts = models.Account.objects.select_related("client")
    if client is not None:
        accounts = accounts.filter(client__name=client)
    return [_account(a, show_money) for a in accounts]


def create_account(
    actor: str, name: str, client: str | None = None, monthly_budget_hours: Decimal | None = None
) -> data.Account:
    name = rules.check_name("name", name, 120)
    rules.check_not_negative("monthly_budget_hours", monthly_budget_hours)
    with transaction.atomic():
        client_row = None
        if client:
            client_row = models.Client.objects.filter(name=client).first()
            if client_row is None:
                raise NotFound("client", f"no client is called {client!r}")
        if models.Account.objects.filter(name=name).exists():
            raise InvalidInput("name", f"an account called {name!r} already exists")
        account = models.Account.objects.create(
            name=name, client=client_row, monthly_budget_hours=monthly_budget_hours
        )
        record_audit(
            actor,
            "account.create",
            "account",
            name,
            {"client": client, "monthly_budget_hours": monthly_budget_hours},
        )
    return _account(account, True)


def _epic(e: models.Epic, show_money: bool) -> data.Epic:
    return data.Epic(
        key=e.key,
        title=e.title,
        account=e.account.name,
        owner=e.owner.user.username,
        reviewer=e.reviewer.user.username,
        status=data.EpicStatus(e.status),
        budget_hours=e.budget_hours if show_money else None,
    )


ACTIVE_EPIC_STATUSES = (data.EpicStatus.ACCEPTED, data.EpicStatus.IN_PROGRESS)


def active_epics_of(username: str) -> list[data.Epic]:
    """Epics `username` owns or reviews that are accepted or in progress (budgets hidden)."""
    epics = models.Epic.objects.select_related("account", "owner__user", "reviewer__user").filter(
        Q(owner__user__username=username) | Q(reviewer__user__username=username),
        status__in=[s.value for s in ACTIVE_EPIC_STATUSES],
    )
    return [_epic(e, show_money=False) for e in epics]


def list_epics(show_money: bool, owner: str | None = None) -> list[data.Epic]:
    epics = models.Epic.objects.select_related("account", "owner__user", "reviewer__user")
    if owner is not None:
        epics = epics.filter(owner__user__username=owner)
    return [_epic(e, show_money) for e in epics]


def create_epic(
    actor: str,
    *,
    key: str,
    title: str,
    account: str,
    owner: str,
    reviewer: str,
    status: data.EpicStatus = data.EpicStatus.PROSPECTIVE,
    budget_hours: Decimal | None = None,
) -> data.Epic:
    """ORG-4: an epic of an account, with an owner, a reviewer and an optional budget."""
    key = rules.check_name("key", key, 30)
    title = rules.check_name("title", title, 200)
    rules.check_not_negative("budget_hours", budget_hours)
    status = data.EpicStatus(status)
    with transaction.atomic():
        account_row = models.Account.objects.filter(name=account).first()
        if account_row is None:
            raise NotFound("account", f"no account is called {account!r}")
        people = {}
        for field, username in (("owner", owner), ("reviewer", reviewer)):
            row = models.Member.objects.filter(user__username=username).first()
            if row is None:
                raise NotFound(field, f"no member has the username {username!r}")
            people[field] = row
        if models.Epic.objects.filter(key=key).exists():
            raise InvalidInput("key", f"an epic with the key {key!r} already exists")
        epic = models.Epic.objects.create(
            key=key,
            title=title,
            account=account_row,
            owner=people["owner"],
            reviewer=people["reviewer"],
            status=status.value,
            budget_hours=budget_hours,
        )
        record_audit(
            actor,
            "epic.create",
            "epic",
            key,
            {
                "title": title,
                "account": account,
                "owner": owner,
                "reviewer": reviewer,
                "status": status.value,
                "budget_hours": budget_hours,
            },
        )
    return _epic(epic, True)
