"""Core commands: tokens, the administrator login, the demo organisation."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from cellops.kernel.actor import Actor
from cellops.org import api as org_api
from cellops.org.data import MemberStatus, Role
from cellops.platform import api
from cellops.time_off import api as time_off_api

pytestmark = pytest.mark.django_db


def test_token_create_prints_the_token_alone_and_it_authenticates(make_member, client):
    """`cellops token create USERNAME` prints only the token, which opens the API."""
    make_member("ada")
    out = StringIO()
    call_command("token", "create", "ada", stdout=out)
    token = out.getvalue().strip()
    assert token.startswith("cel_") and "\n" not in token
    assert (
        client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}").json()["username"] == "ada"
    )


def test_token_create_for_an_unknown_user_exits_2_naming_username():
    """Bad input on the command line is exit status 2 with the field named."""
    with pytest.raises(CommandError) as refused:
        call_command("token", "create", "ghost")
    assert refused.value.returncode == 2 and "username" in str(refused.value)


def test_tokens_are_stored_hashed(make_member):
    """Only a digest of the token is kept, never the token itself."""
    from cellops.platform.models import ApiToken

    make_member("ada")
    secret = api.create_token(Actor.system(), username="ada").secret
    stored = ApiToken.objects.get()
    assert secret not in (stored.digest, stored.prefix) and len(stored.digest) == 64


def test_ensure_admin_makes_one_administrator_and_keeps_the_password(
    tmp_path, settings, django_user_model
):
    """The first run prints the generated login and keeps it in var/; the second changes nothing."""
    settings.VAR_DIR = tmp_path
    first, second = StringIO(), StringIO()
    call_command("ensure_admin", stdout=first)
    password = (tmp_path / "admin-password").read_text().strip()
    assert password in first.getvalue()
    call_command("ensure_admin", stdout=second)
    assert password not in second.getvalue()
    admin = django_user_model.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(password)


def test_the_demo_organisation_is_realistic_and_loading_it_twice_adds_nothing():
    """`cellops demo`: 3 dev cells and a business cell, 24+ members, every role, a season of time off; idempotent."""
    call_command("demo", stdout=StringIO())
    members, count = org_api.list_members()
    cells = {c.name: c.kind for c in org_api.list_cells()}
    assert sorted(cells.values()) == ["business", "dev", "dev", "dev"]
    assert count >= 24
    held = {r.role for m in members for r in org_api.roles_of(m.username)}
    assert held == set(Role)
    newcomers = [m for m in members if m.status == MemberStatus.NEWCOMER]
    assert all(org_api.mentor_of(n.username, max(n.start_date, date.today())) for n in newcomers)
    # two mid-trial, and the round's hire who starts on the next sprint's day 0
    assert len([n for n in newcomers if n.start_date <= date.today()]) == 2
    assert [n.username for n in newcomers if n.start_date > date.today()] == ["kenji"]
    first_names = [m.first_name for m in members]
    assert any(first_names.count(name) > 1 for name in first_names)
    assert len(org_api.list_clients(show_money=True)) == 5
    assert all(a.monthly_budget_hours for a in org_api.list_accounts(show_money=True) if a.client)
    season = time_off_api.list_time_off()
    assert len(season) >= 10
    assert any(t.overlap_days for t in season), "a tolerated overlap day (TO-4)"
    assert any(t.status == "confirmed" for t in season) and any(
        t.status == "pending" for t in season
    )
    assert [r.violations[0]["rule"] for r in time_off_api.refusals()] == ["TO-4"]
    out = StringIO()
    call_command("demo", "--json", stdout=out)
    assert '"members": 0' in out.getvalue() and '"time_off": 0' in out.getvalue()
    assert len(time_off_api.refusals()) == 1
    assert org_api.list_members()[1] == count


def test_the_cellops_executable_runs_with_its_settings_chosen():
    """The installed `cellops` command works without DJANGO_SETTINGS_MODULE."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run(
        [os.path.join(os.path.dirname(sys.executable), "cellops"), "check"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout


def test_the_demo_has_a_live_sprint_per_dev_cell_and_a_completed_one_before_it():
    """Demo: each dev cell has a started current sprint with tickets, a completed previous
    one (Falcon's with the demo's one spillover, issue #14 item 10), six months of
    worklogs."""
    from datetime import date

    from cellops.billing import api as billing_api
    from cellops.sprints import api as sprints_api

    call_command("demo", stdout=StringIO())
    current = org_api.sprint_calendar().for_date(date.today()).number
    for cell in ("Falcon", "Otter", "Lynx"):
        assert len(sprints_api.list_tickets(cell, current)) >= 6
        assert sprints_api.sprint_record(cell, current).started_at is not None
        previous = sprints_api.sprint_record(cell, current - 1)
        assert previous.completed_at is not None
        assert len(previous.spillover) == (1 if cell == "Falcon" else 0)
    oldest, _ = billing_api.worklog_span()
    assert (date.today() - oldest).days >= 175


def test_the_demo_has_a_newcomer_with_a_developer_review_under_way():
    """Demo (issue #10): camille's screening is decided `continue` by her mentor and her
    developer review has three blind votes of its reviewers; yusuf's screening is open."""
    from cellops.org.data import Actor
    from cellops.trial import api as trial_api

    call_command("demo", stdout=StringIO())
    system = Actor.system("test")
    camille = {r.kind: r for r in trial_api.reviews_of(system, "camille")}
    assert (camille["screening"].state, camille["screening"].outcome) == ("decided", "continue")
    assert camille["developer"].state == "open" and len(camille["developer"].voted) == 3
    yusuf = {r.kind: r for r in trial_api.reviews_of(system, "yusuf")}
    assert yusuf["screening"].state == "open" and len(yusuf["screening"].voted) == 1
    call_command("demo", stdout=StringIO())  # loading again casts nothing twice
    again = {r.kind: r for r in trial_api.reviews_of(system, "camille")}
    assert again["developer"].voted == camille["developer"].voted


def test_the_demo_has_an_open_round_with_candidatures_at_every_status():
    """Demo (issue #10): an open round of Falcon and Otter, twelve candidatures at every
    status of RC-5 from new to hired, claimed by the two recruitment managers; the second
    manager reviewed, the CEO hired (decision 0059), and the hire is a newcomer with their
    computed trial, reviews and onboarding checklist."""
    from cellops.checklists import api as checklists_api
    from cellops.org.data import Actor
    from cellops.recruitment import api as recruitment_api
    from cellops.recruitment.data import Status
    from cellops.trial import api as trial_api

    call_command("demo", stdout=StringIO())
    system = Actor.system("test")
    [found] = recruitment_api.rounds(system)
    assert found.state == "open"
    counts = recruitment_api.round_counts(system, found.id).by_status
    assert {status for status, n in counts.items() if n} == {s.value for s in Status}
    assert sum(counts.values()) == 12
    [hired] = recruitment_api.candidatures(system, status="hired")
    steps = {to: by for _, to, by, _ in recruitment_api.candidature(system, hired.id).history}
    assert steps["reviewed"] not in (hired.assignee, "xavier")
    assert steps["CEO interview"] == steps["hired"] == "xavier"
    kenji = org_api.get_member("kenji")
    assert (kenji.status, kenji.cell, org_api.mentor_of("kenji", kenji.start_date)) == (
        MemberStatus.NEWCOMER,
        "Falcon",
        "ines",
    )
    assert kenji.start_date == org_api.sprint_calendar().for_date(date.today()).end + timedelta(
        days=1
    )
    schedule = trial_api.schedule(system, kenji.start_date)
    assert schedule.end_of_trial == kenji.start_date + timedelta(days=56)  # TR-1
    assert [r.kind for r in trial_api.reviews_of(system, "kenji")] == ["screening", "developer"]
    [onboarding] = checklists_api.runs_of(system, "kenji")
    assert onboarding.template == "onboarding"
    assignees = {c.assignee for c in recruitment_api.candidatures(system)}
    assert assignees == {"tomasz", "fatima", None}
    # RC-6: one interview really scheduled, in the future, with its invitation sent
    [waiting] = recruitment_api.candidatures(system, status="interview scheduled")
    booked = recruitment_api.interview(system, waiting.id)
    assert booked.at > timezone.now() and booked.invitation_sent is not None
    call_command("demo", stdout=StringIO())
    assert len(recruitment_api.candidatures(system)) == 12
