"""The checklist templates of workflows (WF-2, WF-4), stored through the checklists api."""

from __future__ import annotations

from cellops.checklists.data import ItemInfo, Kind, TemplateInfo
from cellops.workflows.data import INSTANCE_TEST_TEMPLATE, PULL_REQUEST_TEMPLATE


def _section(name: str, *items: str) -> tuple[ItemInfo, ...]:
    return tuple(ItemInfo(text, section=name) for text in items)


#: WF-4: the handbook's Instance Test Checklist, its sections and items restated.
INSTANCE_TEST = TemplateInfo(
    key=INSTANCE_TEST_TEMPLATE,
    title="Instance test checklist",
    kind=Kind.INSTANCE_TEST,
    items=(
        *_section(
            "Registration",
            "A new learner can sign up (plus-addressing saves inboxes)",
            "The activation e-mail arrives, sent through the configured mail service",
            "The activation link opens the right LMS domain and activates the account",
        ),
        *_section(
            "Course authoring, import and export",
            "A new course can be created in Studio, with a unit whose preview opens",
            "The demo course imports into it, and exports again",
            "After deleting a unit, re-importing the export brings it back",
        ),
        *_section(
            "Studio course settings",
            "Changed dates and course details are still there after a reload",
            "Inviting students drafts an e-mail with the course name and address",
            "A course team admin and a content group can be added",
            "Advanced settings show, and a changed value survives a reload",
            "A dummy announcement can be created, edited and deleted (leave live ones alone)",
            "View Live opens the demo course in the LMS",
        ),
        *_section(
            "LMS courseware",
            "Each 'view this course as' option works",
            "Units play: video, transcripts, discussions, polls and other XBlocks",
            "Answers submit and the submission history shows them",
            "Bookmarks, the course outline, 'expand all' and seen-unit marks work",
            "The handout downloads; Course info, Progress and FAQ tabs display",
        ),
        *_section(
            "Discussions",
            "A new post with an image saves the image to object storage and shows it",
            "Edit, follow, report and search work",
        ),
        *_section(
            "Instructor tools",
            "Every instructor tab displays; the test user can be enrolled and given staff roles",
            "A manual cohort with the content group, and discussions divided by cohort, work",
            "Student lookup by e-mail works; profile and grade reports generate and download",
        ),
        *_section(
            "LMS account settings",
            "The dashboard link, profile edits and the password reset e-mail work",
            "Linked accounts and order history (where present) display",
        ),
        *_section(
            "Django admin",
            "Logging into the Django admin works, and the test user can be edited there",
        ),
        *_section(
            "Theme and analytics (when used)",
            "A custom theme looks right, the forums and wiki especially",
            "Insights is linked from the instructor tab and its OAuth with the LMS works",
            "Tracking logs sync to object storage",
        ),
        *_section(
            "Cleanup",
            "On a client's instance, the test course made for this run is deleted (that one only)",
        ),
    ),
)

#: WF-2: the handbook's pull request checklist, restated; merging needs it complete.
PULL_REQUEST = TemplateInfo(
    key=PULL_REQUEST_TEMPLATE,
    title="Pull request checklist",
    kind=Kind.PULL_REQUEST,
    items=(
        *_section(
            "Opening",
            "The title carries the ticket ID in square brackets",
            "The description follows the template (what, why, how to test, decisions linked)",
            "Opened early, as soon as there is something to show",
        ),
        *_section(
            "Before review",
            "Self-review done",
            "Migrations checked (reversible, safe on a live database)",
            "CI is green",
            "A sandbox is linked",
            "The reviewer is pinged",
            "Upstream or core committer review asked for, when it applies",
        ),
        *_section(
            "Merging",
            "Squashed to one commit per change, each a Conventional Commit",
            "Deployment watched until it is done",
            "Branch deleted",
        ),
    ),
)


TEMPLATES = (INSTANCE_TEST, PULL_REQUEST)
