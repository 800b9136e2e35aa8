"""Ticket comments in JSON."""

from dataclasses import asdict
from datetime import datetime

from ninja import Field, Schema, Status

from cellops.sprints import api
from cellops.sprints.rest._common import _actor, _worker, router
from cellops.web.schemas import Text

# --- ticket comments -------------------------------------------------------------


class CommentIn(Schema):
    text: Text(2_000, 1)


class CommentOut(Schema):
    id: int
    author: str
    at: datetime
    text: str
    source: str = Field(description='"comment", or "estimation" for an SP-3 vote comment')


@router.get(
    "/tickets/{key}/comments",
    response=list[CommentOut],
    summary="A ticket's comments, oldest first (SP-3 vote comments included)",
)
def list_comments(request, key: str):
    _worker(request)
    return [asdict(c) for c in api.comments(key)]


@router.post("/tickets/{key}/comments", response={201: CommentOut}, summary="Comment on a ticket")
def add_comment(request, key: str, payload: CommentIn):
    return Status(201, asdict(api.add_comment(_actor(request), key, payload.text)))
