"""WF-2: pull request titles and commits checked; a pull request record with its checklist,
whose merge moves the ticket to `Merged`, then `Deployed & delivered`."""

from __future__ import annotations

import subprocess
from pathlib import Path

from conventional_pre_commit.format import ConventionalCommit
from django.db import transaction
from django.utils import timezone

from cellops.checklists import api as checklists_api
from cellops.checklists.data import Result, RunInfo
from cellops.kernel.violations import InvalidInput, NotFound, RuleRefusal, Violation
from cellops.org.data import Actor
from cellops.platform.api import record_audit
from cellops.sprints import api as sprints_api
from cellops.sprints.data import DEPLOYED, MERGED
from cellops.workflows import models, rules
from cellops.workflows.api.common import ensure_templates, require_member
from cellops.workflows.data import (
    PULL_REQUEST_TEMPLATE,
    CommitCheck,
    PullRequestInfo,
    PullRequestState,
    TitleCheck,
)

#: Commit types accepted (Conventional Commits' two and the usual others).
COMMIT_TYPES = ConventionalCommit.DEFAULT_TYPES
_RECORD, _FIELD = "\x1e", "\x00"


def check_title(title: str) -> TitleCheck:
    """WF-2: the ticket ID in square brackets in a pull request's title (no database)."""
    return rules.check_title(title)


def check_commit_message(message: str, sha: str = "") -> CommitCheck:
    """WF-2: one commit message against Conventional Commits (the grammar of the
    conventional-pre-commit library; decision 0039). Merge commits pass."""
    grammar = ConventionalCommit(types=COMMIT_TYPES)
    subject = message.strip().splitlines()[0] if message.strip() else ""
    if grammar.is_merge(message):
        return CommitCheck(sha=sha, subject=subject)
    autosquash = grammar.has_autosquash_prefix(message)
    missing = []
    if not autosquash and not grammar.is_valid(message):
        missing = [part for part in grammar.errors(message) if part != "body"] or ["subject"]
    problems = rules.commit_problems(missing, autosquash=autosquash)
    return CommitCheck(sha=sha, subject=subject, problems=problems)


def check_commits(rev_range: str, repository: Path | None = None) -> list[CommitCheck]:
    """WF-2: every commit of `rev_range` (``main..HEAD``) in the git repository at
    `repository` (the working directory by default), oldest first. InvalidInput naming
    `rev_range` when git cannot read it."""
    if not rev_range.strip() or rev_range.startswith("-"):
        raise InvalidInput("rev_range", "name a revision range such as main..HEAD")
    try:
        done = subprocess.run(
            ["git", "log", "--reverse", "--format=%H%x00%B%x1e", rev_range, "--"],
            cwd=repository,
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
    except (OSError, ValueError, subprocess.TimeoutExpired) as exc:
        raise InvalidInput("rev_range", f"git could not be run: {exc}") from exc
    if done.returncode != 0:
        reason = done.stderr.strip().splitlines()[0] if done.stderr.strip() else "git failed"
        raise InvalidInput("rev_range", f"git cannot read {rev_range!r}: {reason}")
    checks = []
    for record in done.stdout.split(_RECORD):
        record = record.strip("\n")
        if not record:
            continue
        sha, _, message = record.partition(_FIELD)
        checks.append(check_commit_message(message, sha[:12]))
    return checks


# --- the pull request record -----------------------------------------------------------


def _info(row: models.PullRequest) -> PullRequestInfo:
    return PullRequestInfo(
        id=row.pk,
        url=row.url,
        title=row.title,
        ticket=row.ticket,
        author=row.author,
        state=PullRequestState(row.state),
        checklist=row.checklist,
        opened_at=row.opened_at,
        merged_at=row.merged_at,
        deployed_at=row.deployed_at,
    )


def _pull_request(pr_id: int) -> PullRequestInfo:
    row = models.PullRequest.objects.filter(pk=pr_id).first() if 0 < pr_id < 2**62 else None
    if row is None:
        raise NotFound("pr_id", f"there is no pull request {pr_id}")
    return _info(row)


def _pull_requests(ticket: str | None = None) -> list[PullRequestInfo]:
    """Pull requests, newest first; only `ticket`'s when given."""
    rows = models.PullRequest.objects.all()
    if ticket:
        rows = rows.filter(ticket=ticket)
    return [_info(r) for r in rows]


def open_pull_request(actor: Actor, url: str, title: str) -> PullRequestInfo:
    """WF-2: record a pull request opened by `actor`, linked to the ticket its title names,
    with the handbook's checklist. Refused (WF-2) when the title names no ticket in square
    brackets; NotFound when no ticket has that key."""
    require_member(actor)
    url = url.strip()
    if not url.startswith(("http://", "https://")) or len(url) > 500 or "\x00" in url:
        raise InvalidInput(
            "url", "give the pull request's address (http:// or https://, at most 500 characters)"
        )
    if len(title.strip()) > 300 or "\x00" in title:
        raise InvalidInput("title", "keep the title within 300 characters, without NUL")
    checked = check_title(title)
    if not checked.ok:
        raise RuleRefusal(
            [Violation(rules.WF_2_PULL_REQUEST, p, {"field": "title"}) for p in checked.problems]
        )
    ticket = sprints_api.get_ticket(checked.ticket or "", field="title").key
    if models.PullRequest.objects.filter(url=url).exists():
        raise InvalidInput("url", "this pull request is recorded already")
    ensure_templates()
    run = checklists_api.start_run(
        actor, PULL_REQUEST_TEMPLATE, f"pull request {url}"[:200], actor.username
    )
    with transaction.atomic():
        row = models.PullRequest.objects.create(
            url=url, title=title.strip(), ticket=ticket, author=actor.username, checklist=run.id
        )
        record_audit(
            actor.username, "workflows.pr_open", "pull_request", row.pk, {"ticket": ticket}
        )
    return _info(row)


def mark_merged(actor: Actor, pr_id: int) -> PullRequestInfo:
    """WF-2: the pull request is merged — its checklist must be complete (decision 0038) —
    and its ticket moves to `Merged` (through the sprints api, who may edit it deciding)."""
    require_member(actor)
    found = _pull_request(pr_id)
    if found.state is not PullRequestState.OPEN:
        raise RuleRefusal(
            [Violation(rules.WF_2_PULL_REQUEST, "this pull request is merged already", {})]
        )
    checklists_api.require_complete(found.checklist, rules.WF_2_PULL_REQUEST, "merged")
    with transaction.atomic():
        sprints_api.update_ticket(actor, found.ticket, {"status": MERGED})
        models.PullRequest.objects.filter(pk=pr_id).update(
            state=PullRequestState.MERGED.value, merged_at=timezone.now()
        )
        record_audit(actor.username, "workflows.pr_merged", "pull_request", pr_id, {})
    return _pull_request(pr_id)


def mark_deployed(actor: Actor, pr_id: int) -> PullRequestInfo:
    """WF-2: once deployed, the ticket moves on to `Deployed & delivered`; only after merging."""
    require_member(actor)
    found = _pull_request(pr_id)
    if found.state is not PullRequestState.MERGED:
        raise RuleRefusal(
            [
                Violation(
                    rules.WF_2_PULL_REQUEST,
                    "a pull request is deployed after it is merged; mark it merged first",
                    {},
                )
            ]
        )
    with transaction.atomic():
        sprints_api.update_ticket(actor, found.ticket, {"status": DEPLOYED})
        models.PullRequest.objects.filter(pk=pr_id).update(
            state=PullRequestState.DEPLOYED.value, deployed_at=timezone.now()
        )
        record_audit(actor.username, "workflows.pr_deployed", "pull_request", pr_id, {})
    return _pull_request(pr_id)


def record_item(
    actor: Actor,
    pr_id: int,
    item_id: int,
    result: Result,
    note: str = "",
    link: str = "",
) -> tuple[PullRequestInfo, RunInfo]:
    """WF-2: one item of the pull request's checklist checked — pass, fail or n/a with a
    note and a link (a fail or n/a needs the note). Who may is who may see the checklist
    (its author, their cell's sprint planning manager, an administrator)."""
    require_member(actor)
    found = _pull_request(pr_id)
    if found.state is not PullRequestState.OPEN:
        raise RuleRefusal(
            [
                Violation(
                    rules.WF_2_PULL_REQUEST,
                    f"this pull request is {found.state.value}: its checklist is closed",
                    {"field": "result"},
                )
            ]
        )
    run = checklists_api.run(found.checklist)
    if item_id not in {i.id for i in run.items}:
        raise NotFound("item_id", f"pull request {pr_id} has no checklist item {item_id}")
    return found, checklists_api.record_result(actor, run.id, item_id, result, note, link)


# --- reads, for who may see them (active members and administrators, ORG-2) ---


def pull_request(actor: Actor, pr_id: int) -> PullRequestInfo:
    require_member(actor)
    return _pull_request(pr_id)


def pull_request_checklist(actor: Actor, pr_id: int) -> tuple[PullRequestInfo, RunInfo]:
    """The pull request with its checklist (items by section, results, what the merge
    still waits for: `checklists.api.gaps_of`)."""
    require_member(actor)
    found = _pull_request(pr_id)
    return found, checklists_api.run(found.checklist)


def pull_requests(actor: Actor, ticket: str | None = None) -> list[PullRequestInfo]:
    require_member(actor)
    return _pull_requests(ticket)
