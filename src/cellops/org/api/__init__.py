"""Use cases of the organisation: the only door into `cellops.org`.

Every function takes and returns plain values (`cellops.org.data`), applies
the ORG rules, writes inside a transaction and leaves an audit entry. The use
cases live in one module per area; callers keep `from cellops.org import api`.
"""

from __future__ import annotations

from cellops.org.api.actors import (
    actor_for,
    actor_named,
    can,
    can_in_cell,
    check,
    check_in_cell,
    require,
    require_in_cell,
)
from cellops.org.api.calendar import sprint_calendar, sprint_for_date, sprint_overview
from cellops.org.api.clients import (
    ACTIVE_EPIC_STATUSES,
    active_epics_of,
    create_account,
    create_client,
    create_epic,
    list_accounts,
    list_clients,
    list_epics,
)
from cellops.org.api.members import (
    ACTIVE_STATUS_VALUES,
    MEMBER_FIELDS,
    account_pk,
    active_first_names,
    active_members_by_id,
    active_members_of,
    cell_pk,
    create_cell,
    create_member,
    daily_hours_of,
    epic_pk,
    get_cell,
    get_member,
    in_progress_epics_owned_by_id,
    list_cells,
    list_members,
    lock_cell,
    member_of_user,
    member_pk,
    member_pks,
    update_cell,
    update_member,
)
from cellops.org.api.roles import assign_role, end_role, mentor_of, role_holders, roles_of

__all__ = [
    "ACTIVE_EPIC_STATUSES",
    "ACTIVE_STATUS_VALUES",
    "MEMBER_FIELDS",
    "account_pk",
    "active_epics_of",
    "active_first_names",
    "active_members_by_id",
    "active_members_of",
    "actor_for",
    "actor_named",
    "assign_role",
    "can",
    "can_in_cell",
    "cell_pk",
    "check",
    "check_in_cell",
    "create_account",
    "create_cell",
    "create_client",
    "create_epic",
    "create_member",
    "daily_hours_of",
    "end_role",
    "epic_pk",
    "get_cell",
    "get_member",
    "in_progress_epics_owned_by_id",
    "list_accounts",
    "list_cells",
    "list_clients",
    "list_epics",
    "list_members",
    "lock_cell",
    "member_of_user",
    "member_pk",
    "member_pks",
    "mentor_of",
    "require",
    "require_in_cell",
    "role_holders",
    "roles_of",
    "sprint_calendar",
    "sprint_for_date",
    "sprint_overview",
    "update_cell",
    "update_member",
]
