"""How the JSON API recognises a person: a personal bearer token or the browser session."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from cellops.platform import api


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>` with a personal token (`cellops token create`)."""

    def authenticate(self, request: HttpRequest, token: str) -> AbstractBaseUser | None:
        user = api.user_for_token(token)
        if user is not None:
            request.user = user
        return user


class Session(SessionAuth):
    """The logged-in browser session (CSRF-checked for writes).

    Without a logged-in session there is nothing to check CSRF for: the request
    is simply unauthenticated, so it gets 401 (not django-ninja's CSRF 403).
    """

    def __call__(self, request: HttpRequest) -> object | None:
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)
