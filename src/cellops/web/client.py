"""Where a request comes from: the client address that login throttling counts.

Behind reverse proxies the connection comes from the nearest proxy and the
client is named in `X-Forwarded-For`, a header any client can also send with
made-up addresses. So the header is read only as far as
`CELLOPS_TRUSTED_PROXIES` says: with N proxies, each appends the address it
saw, and the N-th entry from the right is the one the outermost proxy saw.
With 0 (the default) the header is ignored.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = settings.CELLOPS_TRUSTED_PROXIES
    if trusted <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < trusted:
        # The request did not pass through every proxy we expect: trust only the connection.
        return remote
    return forwarded[-trusted]
