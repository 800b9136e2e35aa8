"""Use cases of recruitment (RC-1 to RC-7): the only door into `cellops.recruitment`.
`core`: rounds, the public form, claims, pre-selection, the status flow; `interviews`:
RC-6; `rights`: RC-7's export and erasure. Callers keep `from cellops.recruitment import api`."""

from __future__ import annotations

from cellops.recruitment.api.core import (
    TooManyCandidatures,
    candidature,
    candidatures,
    change_status,
    claim,
    close_round,
    open_round,
    open_round_id,
    preselect,
    rejection_key,
    round_counts,
    rounds,
    submit,
)
from cellops.recruitment.api.interviews import (
    criteria,
    interview,
    interview_script,
    interviewers,
    invitation_ics,
    invitation_key,
    record_grades,
    schedule_interview,
)
from cellops.recruitment.api.rights import erase, export

__all__ = [
    "TooManyCandidatures",
    "candidature",
    "candidatures",
    "change_status",
    "claim",
    "close_round",
    "criteria",
    "erase",
    "export",
    "interview",
    "interview_script",
    "interviewers",
    "invitation_ics",
    "invitation_key",
    "open_round",
    "open_round_id",
    "preselect",
    "record_grades",
    "rejection_key",
    "round_counts",
    "rounds",
    "schedule_interview",
    "submit",
]
