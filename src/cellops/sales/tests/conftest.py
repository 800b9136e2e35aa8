"""Fixtures of the sales tests: a business developer's API client (SCORE_LEADS, decision 0055)."""

from __future__ import annotations

import pytest
from django.test import Client

from cellops.org.data import Role


@pytest.fixture
def member_api(make_member, api_client_for) -> Client:
    """An API client of a business development specialist: leads are for those who sell
    (decision 0055), so the sales tests' ordinary caller holds the role."""
    make_member("plain", roles=(Role.BUSINESS_DEVELOPMENT,))
    return api_client_for("plain")
