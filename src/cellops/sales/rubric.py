"""The SL-1 lead prioritisation rubric as policy data: factors, weights, levels, bands.

The handbook's rubric is configuration, not code: every number the rules use
(the weight of each factor, the highest score a factor can get, where each
band starts) and every text shown to a person (what a 0, 1 or 2 means for
each factor, each band's stance) lives in a frozen `Rubric`. The rules in
`cellops.sales.rules` take a rubric as a default argument, `DEFAULT_RUBRIC`,
so an agency with other weights or thresholds changes configuration only.
The level descriptions and stances summarise the handbook in our own words.
This module is pure Python: no Django.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

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
    BandName,
)


@dataclass(frozen=True)
class Factor:
    """One SL-1 factor: its key, human label, weight and what each score means.

    `levels[s]` describes a lead that deserves score `s` (index 0 is 0 points).
    """

    key: str
    label: str
    weight: int
    levels: tuple[str, ...]

    def describe(self, score: int) -> str:
        """What `score` means for this factor."""
        return self.levels[score]


@dataclass(frozen=True)
class Band:
    """One SL-1 priority band: totals from `minimum` up to the next band's minimum - 1.

    The highest band runs up to the rubric's maximum total.
    """

    name: BandName
    label: str
    minimum: int
    stance: str


@dataclass(frozen=True)
class Rubric:
    """The SL-1 policy: factors in order, bands highest first, scores 0..`max_score`."""

    factors: tuple[Factor, ...]
    bands: tuple[Band, ...]
    max_score: int = 2

    def __post_init__(self) -> None:
        if not self.factors:
            raise ValueError("a rubric needs at least one factor")
        if self.max_score < 1:
            raise ValueError(f"the highest score must be at least 1, not {self.max_score}")
        keys = [factor.key for factor in self.factors]
        if len(set(keys)) != len(keys):
            raise ValueError(f"factor keys must be unique: {keys}")
        for factor in self.factors:
            if isinstance(factor.weight, bool) or not isinstance(factor.weight, int):
                raise ValueError(f"the weight of {factor.key} must be an integer")
            if factor.weight < 1:
                raise ValueError(f"the weight of {factor.key} must be at least 1")
            if len(factor.levels) != self.max_score + 1:
                raise ValueError(
                    f"{factor.key} must describe each score 0..{self.max_score}, "
                    f"not {len(factor.levels)} levels"
                )
        if not self.bands:
            raise ValueError("a rubric needs at least one band")
        names = [band.name for band in self.bands]
        if len(set(names)) != len(names):
            raise ValueError(f"band names must be unique: {names}")
        minimums = [band.minimum for band in self.bands]
        if any(higher <= lower for higher, lower in pairwise(minimums)):
            raise ValueError(f"bands must be listed highest first: minimums {minimums}")
        if minimums[-1] != 0:
            raise ValueError("the lowest band must start at 0 so every total has a band")
        if minimums[0] > self.max_total:
            raise ValueError(
                f"the highest band starts at {minimums[0]}, above the maximum total "
                f"{self.max_total}"
            )

    @property
    def keys(self) -> tuple[str, ...]:
        """The factor keys, in rubric order."""
        return tuple(factor.key for factor in self.factors)

    @property
    def allowed_scores(self) -> tuple[int, ...]:
        """The scores a factor may get: 0, 1, …, `max_score`."""
        return tuple(range(self.max_score + 1))

    @property
    def max_total(self) -> int:
        """The highest composite score: every factor at `max_score`."""
        return sum(factor.weight for factor in self.factors) * self.max_score

    def factor(self, key: str) -> Factor:
        """The factor with this key; KeyError if the rubric has none."""
        for factor in self.factors:
            if factor.key == key:
                return factor
        raise KeyError(key)

    def band_range(self, name: BandName) -> tuple[int, int]:
        """The inclusive (lowest, highest) totals of the band called `name`."""
        upper = self.max_total
        for band in self.bands:
            if band.name == name:
                return (band.minimum, upper)
            upper = band.minimum - 1
        raise KeyError(name)


DEFAULT_RUBRIC = Rubric(
    factors=(
        Factor(
            key=PEOPLE_PROFILE,
            label="People profile",
            weight=2,
            levels=(
                "Shows no leaning toward open source, wants to keep as much closed as "
                "possible, or is hard to work with.",
                "Sees the value of open source and its community; may do work for the "
                "good of a local or wider community.",
                "Knows enough to keep demands on deliverables and schedule realistic, and "
                "shares our values: open source and upstream contribution, quality, "
                "transparency and empathy.",
            ),
        ),
        Factor(
            key=NEED,
            label="Need",
            weight=2,
            levels=(
                "The need is unclear or peripheral to their bottom line; any project is "
                "likely a one-off that their own staff then takes over.",
                "A real need of middling weight: it matters, but it is not urgent.",
                "The project is critical to their business or survival, possibly a lasting, "
                "recurring need that helps us grow over the long run.",
            ),
        ),
        Factor(
            key=BUDGET,
            label="Budget",
            weight=2,
            levels=(
                "Balked at, or was surprised by, the way we price our work.",
                "Has said our usual quoted prices are affordable.",
                "At ease with institutional pricing (monthly maintenance plus hourly "
                "support and development), with a confirmed budget and expectations kept "
                "within it, or willing to scale ambitions down to fit.",
            ),
        ),
        Factor(
            key=CONTRACT_TYPE,
            label="Contract type",
            weight=1,
            levels=(
                "The fixed-price Pro & Teacher plan.",
                "A fixed-price institutional hosting plan.",
                "Institutional work at a blended hourly rate: iterative, with a monthly "
                "hours budget and a scope that adapts over time, as we like to work.",
            ),
        ),
        Factor(
            key=PRESTIGE,
            label="Prestige",
            weight=3,
            levels=(
                "Little known beyond its own region or field.",
                "Reasonably known in its domain and of some use as a reference, or "
                "referred to us by a major client.",
                "A leader in its field, recognised across its industry or beyond, and a "
                "valuable reference for us.",
            ),
        ),
        Factor(
            key=MARKET_NICHE,
            label="Market niche",
            weight=2,
            levels=(
                "Others can supply what they think they need for less; nothing calls for "
                "our particular strengths.",
                "Others could serve them too; we would have to show how our strengths "
                "serve them better.",
                "They need something ambitious (very many users or unusual features), "
                "want it to be worry-free and will invest for that, and it takes close "
                "coordination with the community, where we are well established.",
            ),
        ),
        Factor(
            key=INTERNAL_POSITIVE_BIAS,
            label="Internal positive bias",
            weight=2,
            levels=(
                "No sign of favour toward Open edX, decision makers will be hard to win "
                "over, or they lean toward building their own system.",
                "Some leaning toward Open edX; someone may be becoming our champion.",
                "A confirmed champion for us on their side, and a shown readiness to "
                "adopt Open edX.",
            ),
        ),
    ),
    bands=(
        Band(
            name=HIGH,
            label="High priority",
            minimum=20,
            stance="Pursue aggressively; run technical discovery with no upfront charge.",
        ),
        Band(
            name=MEDIUM,
            label="Medium priority",
            minimum=10,
            stance="Pursue; follow up actively and offer paid technical discovery.",
        ),
        Band(
            name=LOW,
            label="Low priority",
            minimum=0,
            stance="Pursue if time allows, or once the factors improve.",
        ),
    ),
)
"""The rubric as the handbook defines it (SL-1): weights 2, 2, 2, 1, 3, 2, 2; bands 20 and 10."""
