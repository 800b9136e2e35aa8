"""The handbook's three worked examples of the lead rubric, exactly as printed (SL-2).

Source: the handbook's processes, Sales, "Lead Prioritization", "Example
scoring". Each row keeps the printed Score column and the printed product
"score * weight = weighted" number for number, mistakes included: Affogato's
contract type is multiplied by 2 and its total reads 18; Ms. Brown's class has
no Need row, swapped budget and contract type weights, a prestige product
"2 * 0" next to a score of 0, and an internal positive bias product "1 * 2"
next to a score of 2. Nothing here is corrected: `cellops.sales.rules`
recomputes the examples with the rubric and reports each discrepancy, so the
data must stay as printed.
This module is pure Python: no Django.
"""

from __future__ import annotations

from cellops.sales.data import (
    BUDGET,
    CONTRACT_TYPE,
    HIGH,
    INTERNAL_POSITIVE_BIAS,
    LOW,
    MARKET_NICHE,
    MEDIUM,
    NEED,
    PEOPLE_PROFILE,
    PRESTIGE,
    PrintedExample,
    PrintedRow,
)

HEDERA_UNIVERSITY = PrintedExample(
    name="Hedera University",
    rows=(
        PrintedRow(PEOPLE_PROFILE, score=1, product_score=1, weight=2, weighted=2),
        PrintedRow(NEED, score=1, product_score=1, weight=2, weighted=2),
        PrintedRow(BUDGET, score=2, product_score=2, weight=2, weighted=4),
        PrintedRow(CONTRACT_TYPE, score=2, product_score=2, weight=1, weighted=2),
        PrintedRow(PRESTIGE, score=2, product_score=2, weight=3, weighted=6),
        PrintedRow(MARKET_NICHE, score=2, product_score=2, weight=2, weighted=4),
        PrintedRow(INTERNAL_POSITIVE_BIAS, score=2, product_score=2, weight=2, weighted=4),
    ),
    total=24,
    band=HIGH,
)
"""Printed total 24, 'High Priority'; consistent with the rubric."""

AFFOGATO_INTERNATIONAL = PrintedExample(
    name="Affogato International",
    rows=(
        PrintedRow(PEOPLE_PROFILE, score=2, product_score=2, weight=2, weighted=4),
        PrintedRow(NEED, score=1, product_score=1, weight=2, weighted=2),
        PrintedRow(BUDGET, score=1, product_score=1, weight=2, weighted=2),
        PrintedRow(CONTRACT_TYPE, score=1, product_score=1, weight=2, weighted=2),
        PrintedRow(PRESTIGE, score=1, product_score=1, weight=3, weighted=3),
        PrintedRow(MARKET_NICHE, score=0, product_score=0, weight=2, weighted=0),
        PrintedRow(INTERNAL_POSITIVE_BIAS, score=1, product_score=1, weight=2, weighted=2),
    ),
    total=18,
    band=MEDIUM,
)
"""Printed total 18, 'Medium Priority'; contract type printed as "1 * 2 = 2"."""

MS_BROWNS_CLASS = PrintedExample(
    name="Ms. Brown's 5th Grade Class",
    rows=(
        PrintedRow(PEOPLE_PROFILE, score=0, product_score=0, weight=2, weighted=0),
        PrintedRow(BUDGET, score=0, product_score=0, weight=1, weighted=0),
        PrintedRow(CONTRACT_TYPE, score=0, product_score=0, weight=2, weighted=0),
        PrintedRow(PRESTIGE, score=0, product_score=2, weight=0, weighted=0),
        PrintedRow(MARKET_NICHE, score=0, product_score=0, weight=2, weighted=0),
        PrintedRow(INTERNAL_POSITIVE_BIAS, score=2, product_score=1, weight=2, weighted=2),
    ),
    total=2,
    band=LOW,
)
"""Printed total 2, 'Low Priority'; no Need row; prestige "2 * 0 = 0"; bias "1 * 2 = 2"."""

EXAMPLES: tuple[PrintedExample, ...] = (
    HEDERA_UNIVERSITY,
    AFFOGATO_INTERNATIONAL,
    MS_BROWNS_CLASS,
)
"""The three SL-2 reference cases, in handbook order."""
