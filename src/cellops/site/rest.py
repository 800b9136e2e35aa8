"""JSON door of the core app: who am I."""

from __future__ import annotations

from ninja import Router, Schema

from cellops.org import api as org_api

router = Router(tags=["identity"])


class MeOut(Schema):
    username: str
    is_admin: bool
    roles: list[str]
    cell: str | None


@router.get("/me", response=MeOut, summary="The authenticated person and the roles they hold today")
def me(request):
    actor = org_api.actor_for(request.user)
    return MeOut(
        username=actor.username,
        is_admin=actor.is_admin,
        roles=sorted(r.value for r in actor.roles),
        cell=actor.cell,
    )
