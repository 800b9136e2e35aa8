"""Use cases of workflows (WF-1…WF-5): the only door into `cellops.workflows`.

Every use case takes an `Actor` and authorises through `cellops.org.policy`;
checklists (a pull request's, an instance test's) are `checklists` runs, gated
through its api (decision 0038).
"""

from cellops.workflows.api.blog import (
    advance,
    board,
    create_post,
    post,
    proofreading_requests,
    proofreading_returned,
    request_proofreading,
    update_post,
)
from cellops.workflows.api.common import ensure_templates
from cellops.workflows.api.decisions import (
    agree,
    comment,
    decide,
    decision,
    decisions,
    propose,
    resolve,
    revise,
    who_decides,
)
from cellops.workflows.api.instance_tests import (
    instance_test,
    instance_tests,
    record,
    section_counts,
    start_instance_test,
)
from cellops.workflows.api.pull_requests import (
    check_commit_message,
    check_commits,
    check_title,
    mark_deployed,
    mark_merged,
    open_pull_request,
    pull_request,
    pull_request_checklist,
    pull_requests,
    record_item,
)

__all__ = [
    "advance",
    "agree",
    "board",
    "check_commit_message",
    "check_commits",
    "check_title",
    "comment",
    "create_post",
    "decide",
    "decision",
    "decisions",
    "ensure_templates",
    "instance_test",
    "instance_tests",
    "mark_deployed",
    "mark_merged",
    "open_pull_request",
    "post",
    "proofreading_requests",
    "proofreading_returned",
    "propose",
    "pull_request",
    "pull_request_checklist",
    "pull_requests",
    "record",
    "record_item",
    "request_proofreading",
    "resolve",
    "revise",
    "section_counts",
    "start_instance_test",
    "update_post",
    "who_decides",
]
