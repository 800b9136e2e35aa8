"""Fixtures shared by the time-off tests."""

from __future__ import annotations

import pytest

from cellops.org.data import Role


@pytest.fixture
def olga(make_member, api_client_for):
    """Olga (8 daily hours) in Falcon, a CEO who imports, and a colleague."""
    make_member("olga", cell="Falcon", first_name="Olga")
    make_member("paul", cell="Falcon", first_name="Paul")
    make_member("boss", cell="Falcon", first_name="Bea", roles=(Role.CEO,))
    return api_client_for("boss")
