"""Issue #14 item 18 (decision 0050): the demo's people log in with the documented demo
password; nobody else gets it, and a password someone set is kept."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from cellops.site.demo.logins import DEMO_PASSWORD, set_demo_passwords
from cellops.site.demo.people import NEWCOMERS, PEOPLE, load_people

pytestmark = pytest.mark.django_db


def test_issue_14_every_demo_person_logs_in_with_the_demo_password(make_member):
    """After the demo's people are loaded, each logs in with it; a member made outside the
    demo has no usable password, and one who chose a password keeps it."""
    make_member("zoe", cell="Falcon")
    load_people(
        date(2026, 12, 1),
        {k: 0 for k in ("cells", "members", "roles", "clients", "accounts", "epics")},
    )
    users = get_user_model().objects
    kept = users.get(username="xavier")
    kept.set_password("chosen-by-xavier")
    kept.save()
    usernames = [p[0] for p in PEOPLE] + [p[0] for p in NEWCOMERS]
    set_demo_passwords(usernames)
    for username in usernames[1:]:
        assert users.get(username=username).check_password(DEMO_PASSWORD), username
    assert not users.get(username="xavier").check_password(DEMO_PASSWORD)
    assert users.get(username="xavier").check_password("chosen-by-xavier")
    assert not users.get(username="zoe").has_usable_password()


def test_issue_14_the_readme_documents_the_port_the_demo_password_and_people():
    """README: `PORT=`, uv never installed into the system Python, the demo password and
    every demo person with their role."""
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[4] / "README.md").read_text()
    assert "make run PORT=8080" in readme
    assert "never into the system or pyenv Python" in readme
    assert f"`{DEMO_PASSWORD}`" in readme
    for username, *_ in PEOPLE:
        assert f"`{username}`" in readme, username
    makefile = (Path(__file__).resolve().parents[4] / "Makefile").read_text()
    assert "$(PYTHON) -m pip install" not in makefile
