"""Use cases (placeholder until the slice lands)."""

from __future__ import annotations

from datetime import date

from cellops.core.data import Need


def needs_of(user, today: date) -> list[Need]:
    return []
