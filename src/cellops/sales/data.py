"""Plain values for sales lead prioritisation (SL-1) and its reference cases (SL-2).

`cellops.sales.rules` returns these frozen dataclasses: a `LeadScore` with its
per-factor breakdown for SL-1, and for SL-2 a `PrintedExample` (a handbook
worked example exactly as printed, errors included) checked into an
`ExampleCheck` listing every `Finding`. They carry no behaviour beyond small
conveniences, so views, the API and the CLI can render them without knowing
the rules. This module is pure Python: no Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Literal

from cellops.kernel.violations import Violation

SL_1 = "SL-1"
"""Rule ID: the lead prioritisation rubric (seven factors, weights, bands)."""

SL_2 = "SL-2"
"""Rule ID: the handbook's worked examples are reference cases, checked by the rubric."""

BandName = Literal["High", "Medium", "Low"]
"""The SL-1 priority bands."""

HIGH: BandName = "High"
MEDIUM: BandName = "Medium"
LOW: BandName = "Low"

# The SL-1 factor keys, in rubric order.
PEOPLE_PROFILE = "people_profile"
NEED = "need"
BUDGET = "budget"
CONTRACT_TYPE = "contract_type"
PRESTIGE = "prestige"
MARKET_NICHE = "market_niche"
INTERNAL_POSITIVE_BIAS = "internal_positive_bias"

FACTOR_KEYS: tuple[str, ...] = (
    PEOPLE_PROFILE,
    NEED,
    BUDGET,
    CONTRACT_TYPE,
    PRESTIGE,
    MARKET_NICHE,
    INTERNAL_POSITIVE_BIAS,
)


@dataclass(frozen=True)
class FactorScore:
    """One SL-1 factor's line in a score: its score, its weight and their product."""

    factor: str
    score: int
    weight: int
    weighted: int


@dataclass(frozen=True)
class LeadScore:
    """An SL-1 composite score: the computed total, its band and stance, and the breakdown.

    The breakdown lists every factor in rubric order. The total is always the
    sum of the breakdown's weighted values: it is computed, never typed in.
    """

    total: int
    band: BandName
    stance: str
    breakdown: list[FactorScore]


@dataclass(frozen=True)
class PrintedRow:
    """One row of a handbook example table as printed (SL-2), e.g. ``1  1 * 2 = 2``.

    `score` is the Score column. The Weighted Score column prints a product
    "a * b = c"; throughout the handbook `a` is the score and `b` the weight
    multiplier, so they are kept as `product_score`, `weight` and `weighted`
    even where the printed numbers disagree with the rubric or with `score`.
    """

    factor: str
    score: int
    product_score: int
    weight: int
    weighted: int


@dataclass(frozen=True)
class PrintedExample:
    """A handbook worked example as printed (SL-2): its rows, total and stated category.

    `band` is None when the text states no category.
    """

    name: str
    rows: tuple[PrintedRow, ...]
    total: int
    band: BandName | None


FindingValue = int | str | tuple[int, int] | None
"""A printed or expected value in a finding: a number, a band, a (low, high) range or nothing."""

# The kinds of SL-2 findings.
UNKNOWN_FACTOR = "unknown_factor"
DUPLICATE_FACTOR = "duplicate_factor"
INVALID_SCORE = "invalid_score"
SCORE_OPERAND = "score_operand_mismatch"
WRONG_WEIGHT = "wrong_weight"
PRODUCT_ARITHMETIC = "product_arithmetic"
WRONG_WEIGHTED = "wrong_weighted_value"
MISSING_FACTOR = "missing_factor"
TOTAL_NOT_SUM = "total_not_sum_of_rows"
TOTAL_VS_RUBRIC = "total_disagrees_with_rubric"
BAND_CHANGES = "band_changes"


@dataclass(frozen=True)
class Finding:
    """One SL-2 discrepancy between a printed example and the rubric.

    `kind` is one of the kind constants above; `factor` is None for findings
    about the whole example (totals, band). `printed` is what the handbook
    shows and `expected` what the rubric (or the printed rows) call for.
    """

    kind: str
    factor: str | None
    printed: FindingValue
    expected: FindingValue
    message: str


@dataclass(frozen=True)
class ExampleCheck:
    """The SL-2 check of one printed example against the rubric.

    `lead` is the rubric's score from the printed factor scores, or None when
    SL-1 refuses to score them (`refusal` then holds its violations, e.g. a
    missing factor). `possible_totals` is the (lowest, highest) total the
    rubric allows given the printed scores (equal when every factor is scored)
    and `possible_bands` the bands those totals fall in, highest first.
    `rows_sum` is the sum of the printed weighted values.
    """

    example: PrintedExample
    rows_sum: int
    lead: LeadScore | None
    possible_totals: tuple[int, int]
    possible_bands: tuple[BandName, ...]
    findings: list[Finding]
    refusal: list[Violation] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.example.name

    @property
    def ok(self) -> bool:
        """True when the printed example agrees with the rubric in every respect."""
        return not self.findings


@dataclass(frozen=True)
class ComparisonRow:
    """One factor of a handbook example side by side with the rubric (SL-2), for display.

    `printed` is the handbook's row, or None when the handbook has no row for
    the factor. `weighted` is what the rubric computes from the printed score
    (None when the printed score is missing or not 0, 1 or 2: the rubric
    refuses it), and `possible` the (lowest, highest) it could add then.
    """

    factor: str
    label: str
    printed: PrintedRow | None
    weight: int
    weighted: int | None
    possible: tuple[int, int]


@dataclass(frozen=True)
class LeadInfo:
    """A lead with its latest SL-1 score, if it has one (None until it is scored)."""

    id: int
    name: str
    contact: str
    created_at: datetime
    responsive: bool
    total: int | None = None
    band: BandName | None = None
    scored_at: datetime | None = None
    #: SL-3: where the opportunity stands (1–8), whether it is open or lost, and since when
    stage: int = 1
    state: str = "open"
    stage_since: datetime | None = None
    source: str = ""
    notes: str = ""
    follow_up: date | None = None
    lost_reason: str = ""

    @property
    def waiting_to_be_scored(self) -> bool:
        return self.scored_at is None


@dataclass(frozen=True)
class RecordedScore(LeadScore):
    """An SL-1 score kept in a lead's history: the score, plus which lead, who and when."""

    id: int
    lead_id: int
    scored_by: str
    scored_at: datetime
    #: SL-3: the stage the lead was in when this score was given (the gates read it)
    stage: int = 1


@dataclass(frozen=True)
class LeadHistory:
    """A lead and every score it was given, newest first."""

    lead: LeadInfo
    scores: list[RecordedScore]


# --- SL-3…SL-5: the customer lifecycle -----------------------------------------------

SL_3 = "SL-3"
"""Rule ID: the eight lifecycle stages, moved one at a time through their gates."""

SL_4 = "SL-4"
"""Rule ID: the intro meeting: SPIN notes, summary e-mail, follow-ups, re-score, discovery."""

SL_5 = "SL-5"
"""Rule ID: when the work epic is created, and its budget on acceptance."""

SL_7 = "SL-7"
"""Rule ID: client onboarding and offboarding follow checklists (client data handled)."""

#: SL-3's stages, in order (number = position + 1).
STAGES: tuple[str, ...] = (
    "Generating leads",
    "Prospect qualification",
    "Assess needs",
    "Blueprint",
    "Proposal",
    "Close",
    "Development",
    "Billing",
)


class LeadState(StrEnum):
    OPEN = "open"
    LOST = "lost"


class LeadSource(StrEnum):
    """Where a lead came from."""

    INQUIRY = "inquiry"
    REFERRAL = "referral"
    RFP = "rfp"
    CONFERENCE = "conference"
    OUTREACH = "outreach"
    OTHER = "other"


@dataclass(frozen=True)
class Stage:
    number: int
    name: str


def stage(number: int) -> Stage:
    """The SL-3 stage `number` (1–8) with its name."""
    return Stage(number, STAGES[number - 1])


@dataclass(frozen=True)
class BlueprintTask:
    title: str
    hours: Decimal


@dataclass(frozen=True)
class Blueprint:
    """SL-3 stage 4: what will be built and how it is accepted."""

    solution: str
    acceptance_criteria: str
    tasks: tuple[BlueprintTask, ...]
    timeline: str


@dataclass(frozen=True)
class QuoteLine:
    """One line of a proposal's quote: a feature, its hours and hourly rate."""

    id: int
    feature: str
    hours: Decimal
    rate: Decimal
    selected: bool = False

    @property
    def amount(self) -> Decimal:
        return (self.hours * self.rate).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class Proposal:
    id: int
    lines: tuple[QuoteLine, ...]
    delivered: bool
    accepted: bool

    @property
    def total_hours(self) -> Decimal:
        return sum((line.hours for line in self.lines), Decimal(0))

    @property
    def total_amount(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))


@dataclass(frozen=True)
class CloseSteps:
    """SL-3 stage 6's checklist besides the accepted proposal. The contract (pricing and
    terms) and the SOW are how the client commits (handbook, stage 6) and are recorded here;
    the gate 6→7 reads the five RULES.md names (decision 0060)."""

    onboarding_done: bool = False
    kickoff_held: bool = False
    tracking_set: bool = False
    epics_scheduled: bool = False
    deposit_received: bool = False
    contract_agreed: bool = False
    sow_sent: bool = False


@dataclass(frozen=True)
class LeadFacts:
    """What the SL-3 gates read about one lead (gathered by the use case)."""

    stage: int
    contact: str = ""
    responsive: bool = False
    latest_band: BandName | None = None
    #: the latest total given in each stage (stage number → total)
    score_in_stage: dict[int, int] = field(default_factory=dict)
    challenges: str = ""
    needs: str = ""
    value_proposition: str = ""
    blueprint: Blueprint | None = None
    proposal: Proposal | None = None
    close: CloseSteps = CloseSteps()
    deposit_required: bool = False
    fixed_price: bool = False
    epic_done: bool = False
    days_in_development: int = 0
    discovery: str = ""
    has_epic: bool = False


@dataclass(frozen=True)
class GateCondition:
    """One condition of the move to the next stage: met or not, and where it is met
    (an anchor of the lead's page, e.g. ``"facts"``)."""

    condition: str
    met: bool
    where: str


@dataclass(frozen=True)
class LifecyclePolicy:
    """SL-3's numbers: an hourly project's month of work, in days in Development."""

    month_of_work_days: int = 28
    #: the weighted forecast's chance of winning a lead in each stage (1–8), in percent;
    #: a lead's own probability, when set, is used instead and never overwritten
    stage_probability: tuple[int, ...] = (5, 10, 20, 35, 50, 75, 100, 100)
    #: the currency quotes and forecasts are in (the invoices' too)
    currency: str = "EUR"


DEFAULT_LIFECYCLE_POLICY = LifecyclePolicy()


@dataclass(frozen=True)
class StageMove:
    """One move of a lead on the board: from, to, when, by whom, and why (lost)."""

    from_stage: int
    to_stage: int
    kind: str
    at: datetime
    by: str
    reason: str = ""


@dataclass(frozen=True)
class LeadDetail:
    """A lead with everything its page and `GET /leads/{id}` show."""

    lead: LeadInfo
    scores: list[RecordedScore]
    next_gate: list[GateCondition]
    facts: LeadFacts
    moves: list[StageMove]
    challenges: str
    needs: str
    value_proposition: str
    deposit_required: bool
    client: str
    epic: str
    discovery: str = ""
    #: the lead's own chance of winning (percent), None for the stage's
    probability: int | None = None
    timeline: str = ""
    onboarding_run: int | None = None
    offboarding_run: int | None = None


class Discovery(StrEnum):
    """SL-5: how much discovery a lead needs, which decides when its work epic is made."""

    UNKNOWN = ""
    NONE = "none"  # the epic is made at contract signature (stage 6, Close)
    SIMPLE = "simple"  # one straightforward discovery: at signature too
    COMPLEX = "complex"  # several tasks or meetings: during the blueprint (stage 4)


class DiscoveryPayment(StrEnum):
    """SL-4: discovery is paid; only a High lead's may be deferred until the project starts."""

    NONE = "none"  # no discovery agreed
    PAID = "paid"
    DEFERRED = "deferred"


#: SL-4: the preparation notes' headings, in the handbook's order.
SPIN = (
    ("situation", "Situation"),
    ("problem", "Problem"),
    ("implications", "Implications"),
    ("need_payoff", "Need payoff"),
)


@dataclass(frozen=True)
class FollowUpTask:
    """SL-4: a task after the intro meeting, with the date it is due."""

    task: str
    due: date
    id: int | None = None
    done: bool = False


@dataclass(frozen=True)
class SummaryEmail:
    """SL-4: the e-mail to the client, drafted from the notes and the next steps."""

    to: str
    subject: str
    body: str


@dataclass(frozen=True)
class IntroMeeting:
    """SL-4: a lead's intro meeting — the notes, the agenda's checklist run, and once held
    its next steps, follow-ups, discovery and the drafted summary e-mail."""

    lead_id: int
    notes: dict[str, str]
    agenda_run: int | None
    held_on: date | None
    next_steps: str
    discovery_payment: str
    follow_ups: tuple[FollowUpTask, ...]
    summary: SummaryEmail | None


@dataclass(frozen=True)
class ForecastRow:
    """One open lead in the weighted forecast: its value, chance and weighted value."""

    lead_id: int
    name: str
    stage: int
    amount: Decimal
    probability: int
    overridden: bool

    @property
    def weighted(self) -> Decimal:
        return (self.amount * self.probability / 100).quantize(Decimal("0.01"))
