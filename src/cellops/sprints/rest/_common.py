"""What the JSON door of sprints shares: the router every module adds to, field types, who asks."""

from typing import Annotated, Literal

from ninja import Field, Router

from cellops.org import api as org_api
from cellops.org.data import Actor
from cellops.sprints import api
from cellops.sprints.data import STATUSES
from cellops.web.schemas import Text

router = Router(tags=["sprints"])

Key = Text(30, 1)
Title = Text(200, 1)
Description = Text(20_000)
Comment = Text(2_000)
#: SP-9: the statuses the schema accepts, read from the one list in `data.STATUSES`.
StatusName = Literal[STATUSES]  # type: ignore[valid-type]
SprintNumber = Annotated[int, Field(ge=1, le=100_000)]
HoursIn = Field(None, ge=-1000, le=10_000, max_digits=7, decimal_places=2)
PointsIn = Field(None, ge=-1000, le=1000)


def _worker(request) -> str:
    """For reads, which take no actor: any active member (ORG-2) or an administrator."""
    return api.require_worker(org_api.actor_for(request.user)).username


def _actor(request) -> Actor:
    """Who is asking; the use case decides what they may do (decision 0022)."""
    return org_api.actor_for(request.user)
