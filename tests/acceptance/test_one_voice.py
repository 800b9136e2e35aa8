"""One voice on every page (issue #14 item 11), over the demo agency as its people see it:
no ISO date in the visible text (ISO stays in `<time datetime>`, inputs, CSV and JSON), no
time printed in UTC to someone who lives elsewhere (the rules' "24:00 UTC" deadlines aside),
and nobody named by a bare username (the username shows on hover, or beside the name)."""

from __future__ import annotations

import html as html_lib
import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from cellops.billing.models import Invoice, Worklog
from cellops.checklists.models import ChecklistRun
from cellops.recruitment.models import Candidature, Round
from cellops.sales.models import IntroMeeting, Lead
from cellops.time_off.models import TimeOffRequest
from cellops.trial.models import Review
from cellops.workflows import models as workflows

pytestmark = pytest.mark.django_db

ISO_DAY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
#: "27 Oct 2025" without its weekday, or a long "Wednesday 14 January 2026": not the one format
#: ("Tue 1 Dec 2026"; a range may leave the first year out: "Mon 7 – Fri 11 Dec 2026").
OTHER_DAY = re.compile(
    rf"(?<!Mon )(?<!Tue )(?<!Wed )(?<!Thu )(?<!Fri )(?<!Sat )(?<!Sun )\b\d{{1,2}} ({_MONTHS}) \d{{4}}"
    r"|\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} [A-Z][a-z]+ \d{4}"
    r"|\b\d{1,2} (January|February|March|April|June|July|August|September|October|November"
    r"|December) \d{4}"
)
UTC_TIME = re.compile(r"\b(?!24:00)\d{1,2}:\d{2}(?::\d{2})? UTC\b")
#: The demo's people as the issue tried it: admin, CEO, business developer, sprint planning
#: manager, newcomer, recruitment manager, developer.
VIEWERS = ["admin", "xavier", "gabriel", "maria.santos", "camille", "tomasz", "dmitri"]


def visible_text(body: str) -> str:
    """What a reader sees: no tags or attributes, no scripts, styles, typed values (textarea),
    code, or the options of a select (a form's data)."""
    body = re.sub(r"<(script|style|textarea|code|select)\b.*?</\1>", " ", body, flags=re.S)
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", body)))


def _first(model) -> int:
    row = model.objects.order_by("pk").first()
    return row.pk if row else 0


def _meeting_lead() -> int:
    row = IntroMeeting.objects.order_by("pk").first()
    return row.lead_id if row else 0


def _pages() -> list[str]:
    return [
        "/",
        "/account/",
        "/audit/",
        "/org/",
        "/org/cells/Falcon/",
        "/org/members/",
        "/org/members/priya/",
        "/org/clients/",
        "/org/epics/",
        "/org/sprints/?date=2026-12-02",
        "/trial/",
        f"/trial/reviews/{_first(Review)}/",
        "/recruitment/",
        f"/recruitment/rounds/{_first(Round)}/",
        f"/recruitment/candidatures/{_first(Candidature)}/",
        "/sales/score/",
        "/sales/leads/",
        f"/sales/leads/{_first(Lead)}/",
        f"/sales/leads/{_meeting_lead()}/",
        f"/sales/leads/{_meeting_lead()}/meeting/",
        "/sales/follow-ups/",
        "/sales/board/",
        "/sales/reports/",
        "/sales/handbook-check/",
        "/time-off/",
        "/time-off/calendar/",
        "/time-off/check/",
        f"/time-off/{_first(TimeOffRequest)}/",
        "/sprints/",
        "/sprints/Falcon/25/estimation/",
        "/sprints/Falcon/24/planning/",
        "/sprints/Falcon/24/planning/how/dmitri/",
        "/sprints/Falcon/24/board/",
        "/sprints/Falcon/25/tickets/new/",
        "/sprints/tickets/FALC-1/",
        "/sprints/Falcon/24/retrospective/",
        "/checklists/",
        f"/checklists/{_first(ChecklistRun)}/",
        "/billing/",
        f"/billing/invoices/{_first(Invoice)}/",
        "/billing/worklogs/",
        f"/billing/worklogs/{_first(Worklog)}/",
        "/workflows/",
        "/workflows/blog/",
        f"/workflows/blog/{_first(workflows.BlogPost)}/",
        "/workflows/decisions/",
        f"/workflows/decisions/{_first(workflows.Decision)}/",
        "/workflows/pull-requests/",
        f"/workflows/pull-requests/{_first(workflows.PullRequest)}/",
        "/workflows/instance-tests/",
        f"/workflows/instance-tests/{_first(workflows.InstanceTestRun)}/",
        f"/workflows/instance-tests/{_first(workflows.InstanceTestRun)}/report/",
    ]


def test_visible_text_keeps_what_a_reader_sees_only():
    body = (
        '<p>Due <time datetime="2026-12-01">Tue 1 Dec 2026</time></p><code>2026-12-01</code>'
        '<select><option value="dmitri">dmitri</option></select><textarea>2026-12-02</textarea>'
    )
    assert visible_text(body).strip() == "Due Tue 1 Dec 2026"
    assert ISO_DAY.search(visible_text("<td>2026-12-01</td>"))
    assert UTC_TIME.search("at 14:05 UTC") and not UTC_TIME.search("Thu 3 Dec, 24:00 UTC")
    assert not OTHER_DAY.search("Tue 1 Dec 2026 and Mon 7 – Fri 11 Dec 2026")
    for other in ("opened 27 Oct 2025", "Wednesday 14 January 2026", "on 14 January 2026"):
        assert OTHER_DAY.search(other), other


def test_issue_14_item_11_the_demo_pages_speak_with_one_voice(admin_user):
    call_command("demo", stdout=StringIO())
    users = get_user_model().objects
    named = [u for u, first in users.values_list("username", "first_name") if first]
    bare_username = re.compile(
        r"(?<![\w./@(-])(" + "|".join(map(re.escape, named)) + r")(?![\w@/)-])"
    )
    found: list[str] = []
    pages = _pages()
    seen = 0
    for username in VIEWERS:
        client = Client()
        client.force_login(admin_user if username == "admin" else users.get(username=username))
        for url in pages:
            response = client.get(url)
            if response.status_code != 200:
                continue  # not theirs to see (403), or a page the demo has nothing on
            seen += 1
            text = visible_text(response.content.decode())
            checks = [("ISO date", ISO_DAY), ("other date", OTHER_DAY), ("UTC time", UTC_TIME)]
            if url != "/audit/":  # the audit log's values are the data written, as written
                checks.append(("username", bare_username))
            for what, pattern in checks:
                for match in pattern.finditer(text):
                    around = text[max(0, match.start() - 50) : match.end() + 10]
                    found.append(f"{username} {url}: {what} in …{around}")
    assert seen > 150, seen  # the pages were really read, not refused
    assert found == [], "\n".join(found)
