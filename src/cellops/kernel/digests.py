"""How a secret is kept: only its digest is stored, and a secret is found by its digest.

One definition for every secret cellops hands out (personal API tokens in
`platform`, personal calendar-feed links in `time_off`), so they are kept alike.
"""

from __future__ import annotations

import hashlib


def digest(secret: str) -> str:
    """The SHA-256 of `secret`, in hexadecimal: what is stored instead of the secret."""
    return hashlib.sha256(secret.encode()).hexdigest()
