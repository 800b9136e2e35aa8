"""Pieces every chart of the pages shares: axis ticks and hours written as the pages write them.

Pure Python: the charts of sprints (capacity, SP-6) and billing (budget
burn, SP-7) place their SVG geometry with these.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


def hours_text(value: Decimal) -> str:
    """Hours as the pages write them (like Django's ``floatformat:"-2"``): 78, 0.50, 12.25."""
    exact = value.quantize(Decimal("0.01"))
    return f"{exact:f}" if exact != exact.to_integral_value() else f"{exact:.0f}"
