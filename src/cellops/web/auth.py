"""How the JSON API recognises a person: a personal bearer token or the browser session."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from cellops.platform import api


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>` with a personal token (`cellops token create`)."""

    def authenticate(self, request: HttpRequest, token: str):
        user = api.user_for_token(token)
        if user is not None:
            request.user = user
        return user


class Session(SessionAuth):
    """The logged-in browser session (CSRF-checked for writes)."""
