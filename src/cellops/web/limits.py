"""The request size limits every door shares, and how to say them to a person.

Django refuses a request over these limits before any view runs
(`RequestDataTooBig`, `TooManyFieldsSent`, `TooManyFilesSent`); the API
answers 413 problem+json and pages a 413 page (`core/middleware.py`,
`core/views.bad_request`). The values live in settings.py.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent

TOO_LARGE = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB" if n >= 1024 * 1024 else f"{n / 1024:g} KB"


def describe() -> str:
    """'a body of at most 2.5 MB, 1000 form fields' — from the live settings."""
    parts = []
    if settings.DATA_UPLOAD_MAX_MEMORY_SIZE is not None:
        parts.append(f"a body of at most {_size(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)}")
    if settings.DATA_UPLOAD_MAX_NUMBER_FIELDS is not None:
        parts.append(f"at most {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS} form fields")
    if settings.DATA_UPLOAD_MAX_NUMBER_FILES is not None:
        parts.append(f"at most {settings.DATA_UPLOAD_MAX_NUMBER_FILES} files")
    return ", ".join(parts) or "no limit"


def reason(exception: Exception) -> str:
    """What was too much, and the limits: 'the body is too large; this API accepts …'."""
    if isinstance(exception, TooManyFieldsSent):
        what = "too many fields"
    elif isinstance(exception, TooManyFilesSent):
        what = "too many files"
    else:
        what = "the body is too large"
    return f"{what}; this API accepts {describe()}"
