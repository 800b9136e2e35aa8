"""Who is asking: the one `Actor` type every use case takes (issue #8, decision 0058).

It lives in the kernel so that every floor can take it, `platform` included (its
token functions sit below `org`). What the roles *mean* is `org`'s business: the
kernel only carries them (`org.data.Role` values, a `StrEnum`, so plain strings
here), and `org.policy` decides what they allow.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    """Who is asking: what the permission policy needs to decide."""

    username: str
    is_admin: bool
    #: the ORG-3 roles held today (`org.data.Role` values)
    roles: frozenset[str]
    cell: str | None = None
    #: each role held with the cell it was given for (None: the whole organisation)
    role_cells: frozenset[tuple[str, str | None]] = frozenset()
    #: ORG-2: only newcomers and core members are active; a `candidate` or a member who
    #: `left` (or a login with no member behind it) holds no member permission
    #: (decision 0022). The administrator flag still wins.
    active: bool = True

    @classmethod
    def system(cls, name: str = "system") -> Actor:
        """The software acting on its own authority: the worker's scheduled tasks, the
        demo loader, a command an operator runs on the server. The policy lets it do
        what an administrator may; `name` is what the audit log and histories record."""
        return cls(username=name, is_admin=True, roles=frozenset(), active=True)
