"""Recruitment's rules (RC-1 to RC-6), as pure functions: standard library and kernel only.

Each returns a list of `Violation`s (empty: accepted) or a value; the use cases in
`cellops.recruitment.api` raise them all at once.
"""

from __future__ import annotations

import math
import re
from datetime import datetime
from urllib.parse import urlsplit

from cellops.kernel.violations import Violation
from cellops.recruitment.data import (
    DEFAULT_POLICY,
    FLOW,
    Application,
    CellNeed,
    Clarity,
    Grade,
    Preselection,
    RecruitmentPolicy,
    Status,
)

RC_1_ROUNDS = "RC-1"
RC_2_CLAIMS = "RC-2"
RC_3_PRESELECTION = "RC-3"
RC_5_STATUS_FLOW = "RC-5"
RC_6_GRADES = "RC-6"

EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,253}\.[^@\s.]{2,63}$")


def round_violations(name: str, cells: list[CellNeed]) -> list[Violation]:
    """RC-1: a round has a name and, per recruiting cell (each once), newcomers wanted ≥ 1
    and a margin ≥ 0."""
    found = []
    if not name.strip():
        found.append(Violation(RC_1_ROUNDS, "Give the round a name.", {"field": "name"}))
    if not cells:
        found.append(
            Violation(RC_1_ROUNDS, "Name at least one recruiting cell.", {"field": "cells"})
        )
    seen = set()
    for i, need in enumerate(cells):
        if need.cell in seen:
            found.append(
                Violation(
                    RC_1_ROUNDS, f"{need.cell} is listed twice.", {"field": f"cells[{i}].cell"}
                )
            )
        seen.add(need.cell)
        if need.wanted < 1:
            found.append(
                Violation(
                    RC_1_ROUNDS,
                    f"{need.cell} wants at least 1 newcomer, not {need.wanted}.",
                    {"field": f"cells[{i}].wanted"},
                )
            )
        if need.margin < 0:
            found.append(
                Violation(
                    RC_1_ROUNDS,
                    f"The margin of {need.cell} cannot be negative ({need.margin}).",
                    {"field": f"cells[{i}].margin"},
                )
            )
    return found


def claim_size(unassigned: int, recruiting_cells: int) -> int:
    """RC-2: a manager claims ceil(U / X) of the oldest unassigned candidatures."""
    if unassigned <= 0 or recruiting_cells <= 0:
        return 0
    return math.ceil(unassigned / recruiting_cells)


def next_claim_at(
    last_claim: datetime | None, policy: RecruitmentPolicy = DEFAULT_POLICY
) -> datetime | None:
    """RC-2: 48 hours after the manager's last claim that took something (None: now)."""
    return None if last_claim is None else last_claim + policy.claim_interval


def claim_violations(now: datetime, last_claim: datetime | None) -> list[Violation]:
    """RC-2: at most one claim every 48 hours per manager."""
    due = next_claim_at(last_claim)
    if due is None or now >= due:
        return []
    return [
        Violation(
            RC_2_CLAIMS,
            f"You claimed less than 48 hours ago; your next claim is possible at "
            f"{due.isoformat(timespec='minutes')}.",
            {"next_claim_at": due.isoformat()},
        )
    ]


def _url_ok(url: str, policy: RecruitmentPolicy) -> bool:
    if len(url) > policy.max_url:
        return False
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in url


def application_problems(
    app: Application, policy: RecruitmentPolicy = DEFAULT_POLICY
) -> dict[str, str]:
    """The public form's checks: field → what to write instead (empty: accepted)."""
    problems: dict[str, str] = {}
    if not app.name.strip():
        problems["name"] = "Tell us your name."
    elif len(app.name) > policy.max_name:
        problems["name"] = f"Keep your name under {policy.max_name} characters."
    if not EMAIL.match(app.email.strip()):
        problems["email"] = "Give an e-mail address like name@example.com."
    if not 0 <= app.years_experience <= 60:
        problems["years_experience"] = "Give your years of professional experience, 0 to 60."
    for key in ("python", "django", "react", "motivation"):
        text = getattr(app, key)
        if not text.strip():
            problems[key] = "Please write a few words here."
        elif len(text) > policy.max_text:
            problems[key] = f"Keep this under {policy.max_text} characters."
    if len(app.timezone) > 64:
        problems["timezone"] = "Give a time zone such as Europe/Paris or UTC+2."
    if len(app.contributions) > policy.max_contributions:
        problems["contributions"] = f"List at most {policy.max_contributions} links."
    elif any(not _url_ok(u, policy) for u in app.contributions):
        problems["contributions"] = "Each link starts with https:// (one per line)."
    elif not app.contributions and not app.no_contribution:
        problems["contributions"] = (
            "Link at least one merged pull request to someone else's project, or tick "
            "'I have none'."
        )
    return problems


def preselection_violations(
    p: Preselection, policy: RecruitmentPolicy = DEFAULT_POLICY
) -> list[Violation]:
    """RC-3, in the handbook's order; failing any criterion rejects. The contribution comes
    first, and without one the check stops there (nothing else is looked at)."""
    c = p.contribution
    if c is None:
        return [
            Violation(
                RC_3_PRESELECTION,
                "No merged pull request to a third-party project: rejected at once.",
                {"criterion": "contribution"},
            )
        ]
    found = []
    missing = [
        what
        for ok, what in (
            (c.merged, "merged"),
            (c.third_party, "to someone else's project"),
            (c.described, "with a description and discussion"),
            (c.stars >= policy.min_stars, f"to a project with ≥ {policy.min_stars} stars"),
            (c.forks >= policy.min_forks, f"and ≥ {policy.min_forks} forks"),
        )
        if not ok
    ]
    if missing:
        found.append(
            Violation(
                RC_3_PRESELECTION,
                "The contribution must be " + ", ".join(missing) + ".",
                {"criterion": "contribution"},
            )
        )
    if not p.writing_ok:
        found.append(
            Violation(RC_3_PRESELECTION, "The writing is not reasonable.", {"criterion": "writing"})
        )
    if p.python is Clarity.NONE:
        found.append(
            Violation(RC_3_PRESELECTION, "No sign of Python experience.", {"criterion": "python"})
        )
    if p.years_experience < policy.min_years and not p.open_source_exception:
        found.append(
            Violation(
                RC_3_PRESELECTION,
                f"Less than {policy.min_years} years as a hired developer, and not marked as "
                "a prolific open source contributor.",
                {"criterion": "experience"},
            )
        )
    return found


def skills_field(python: Clarity, django: Clarity, react: Clarity) -> str:
    """RC-4: `OK` when Python, Django and React are all clear, else the doubtful ones."""
    doubtful = [
        name
        for name, clarity in (("Python", python), ("Django", django), ("React", react))
        if clarity is not Clarity.CLEAR
    ]
    return " ".join(f"{name}?" for name in doubtful) or "OK"


def transition_violations(current: Status, to: str) -> list[Violation]:
    """RC-5: a candidature moves one step of the flow at a time; the answer lists the next
    statuses allowed."""
    allowed = [s.value for s in FLOW[current]]
    if to in allowed:
        return []
    return [
        Violation(
            RC_5_STATUS_FLOW,
            f"From {current.value!r} a candidature goes to "
            + (" or ".join(repr(a) for a in allowed) if allowed else "nothing: it is final")
            + f", not {to!r}.",
            {"field": "to", "allowed": allowed},
        )
    ]


#: RC-5 (handbook "Interviews"): the steps only the CEO takes — meeting the candidate
#: both recruitment managers accepted, and the decision after that meeting.
CEO_STEPS = (Status.CEO_INTERVIEW, Status.HIRED)


def step_by_violations(
    current: Status, to: str, by: str, evaluated_by: frozenset[str], is_ceo: bool
) -> list[Violation]:
    """RC-5, who takes a step: `reviewed` is a *second* recruitment manager's agreement, so
    not one of `evaluated_by` (the assignee, the interviewer); the CEO interview and what
    follows it (hired, or refused from it) are the CEO's (decision 0059)."""
    if to == Status.REVIEWED.value and by in evaluated_by:
        return [
            Violation(
                RC_5_STATUS_FLOW,
                "A second recruitment manager reviews the selection and the interview: "
                "not the one who evaluated or interviewed the candidate.",
                {"field": "to", "by": by},
            )
        ]
    ceo_step = to in {s.value for s in CEO_STEPS} or current is Status.CEO_INTERVIEW
    if ceo_step and not is_ceo:
        return [
            Violation(
                RC_5_STATUS_FLOW,
                "The CEO meets the candidates both recruitment managers accepted and takes "
                f"the decision: {to!r} is the CEO's step.",
                {"field": "to"},
            )
        ]
    return []


def grade_violations(
    grades: list[Grade], recording_url: str = "", policy: RecruitmentPolicy = DEFAULT_POLICY
) -> list[Violation]:
    """RC-6: the scorecard grades every criterion once, each a whole number 1 to 5 with a
    short comment; the recording link, when given, is a web address."""
    known = [key for key, _ in policy.criteria]
    found = []
    seen: set[str] = set()
    for i, g in enumerate(grades):
        if g.criterion not in known:
            found.append(
                Violation(
                    RC_6_GRADES,
                    f"{g.criterion!r} is not on the scorecard; its criteria are "
                    + ", ".join(known)
                    + ".",
                    {"field": f"grades[{i}].criterion"},
                )
            )
            continue
        if g.criterion in seen:
            found.append(
                Violation(
                    RC_6_GRADES,
                    f"{g.criterion} is graded twice; give it one grade.",
                    {"field": f"grades[{i}].criterion"},
                )
            )
        seen.add(g.criterion)
        if isinstance(g.grade, bool) or not isinstance(g.grade, int) or not 1 <= g.grade <= 5:
            found.append(
                Violation(
                    RC_6_GRADES,
                    f"Grade {g.criterion} with a whole number from 1 to 5, not {g.grade!r}.",
                    {"field": f"grades[{i}].grade"},
                )
            )
        if not g.comment.strip():
            found.append(
                Violation(
                    RC_6_GRADES,
                    f"Add a short comment to the {g.criterion} grade (e.g. “5 – aced it”).",
                    {"field": f"grades[{i}].comment"},
                )
            )
        elif len(g.comment) > policy.max_text:
            found.append(
                Violation(
                    RC_6_GRADES,
                    f"Keep the {g.criterion} comment under {policy.max_text} characters.",
                    {"field": f"grades[{i}].comment"},
                )
            )
    for key in known:
        if key not in seen:
            found.append(
                Violation(
                    RC_6_GRADES,
                    f"The scorecard also needs a grade for {key}.",
                    {"field": "grades", "criterion": key},
                )
            )
    if recording_url and not _url_ok(recording_url, policy):
        found.append(
            Violation(
                RC_6_GRADES,
                "The recording link is a web address starting with https://.",
                {"field": "recording_url"},
            )
        )
    return found


def rejection_template_for(from_status: str, policy: RecruitmentPolicy = DEFAULT_POLICY) -> str:
    """RC-5: the rejection e-mail template a refusal from `from_status` sends ("" for none:
    only interviewed candidates get one)."""
    return dict(policy.rejection_templates).get(from_status, "")


def fill_template(text: str, values: dict[str, str]) -> str:
    """A rejection template's text with its `{name}`-style fields filled in; anything else
    in braces is left as written (an administrator's typo never breaks the e-mail)."""
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), text)
