"""Sales rules: scoring a lead with the rubric (SL-1) and checking the handbook's examples (SL-2).

SL-1: every factor of the rubric must get an integer score in 0..2; a
missing, out-of-range, non-integer (1.5, "2", True) or unknown factor is
refused, never guessed, and every bad factor is reported at once as its own
`Violation("SL-1", …, {"factor": key})`. The composite total is always
computed as Σ score * weight and mapped to a band and its stance.

SL-2: the handbook's worked examples are reference cases. `handbook_check`
recomputes a printed example from its factor scores with the rubric and lists
every discrepancy as a `Finding` rather than trusting the printed arithmetic.

Every function takes the rubric as a default argument (`DEFAULT_RUBRIC`) so
an agency can change weights and thresholds by configuration.
This module is pure Python: no Django. The SL-3…SL-5 lifecycle gates are in
`rules.lifecycle`, re-exported here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from cellops.kernel.violations import Violation, refuse_if_any
from cellops.sales.data import (
    BAND_CHANGES,
    DUPLICATE_FACTOR,
    INVALID_SCORE,
    MISSING_FACTOR,
    PRODUCT_ARITHMETIC,
    SCORE_OPERAND,
    SL_1,
    TOTAL_NOT_SUM,
    TOTAL_VS_RUBRIC,
    UNKNOWN_FACTOR,
    WRONG_WEIGHT,
    WRONG_WEIGHTED,
    BandName,
    ComparisonRow,
    ExampleCheck,
    FactorScore,
    Finding,
    LeadScore,
    PrintedExample,
    PrintedRow,
)
from cellops.sales.handbook_examples import EXAMPLES
from cellops.sales.rubric import DEFAULT_RUBRIC, Band, Rubric
from cellops.sales.rules.lifecycle import (
    accepted_budget as accepted_budget,
)
from cellops.sales.rules.lifecycle import (
    advance_refusals as advance_refusals,
)
from cellops.sales.rules.lifecycle import (
    check_blueprint as check_blueprint,
)
from cellops.sales.rules.lifecycle import (
    check_quote_lines as check_quote_lines,
)
from cellops.sales.rules.lifecycle import (
    gate as gate,
)
from cellops.sales.rules.meetings import (
    epic_timing_problems as epic_timing_problems,
)

_MAX_SHOWN = 40
_WHOLE_NUMBER = re.compile(r"[+-]?\d{1,9}")


def _choices(rubric: Rubric) -> str:
    """The allowed scores in words, e.g. "0, 1 or 2"."""
    scores = [str(score) for score in rubric.allowed_scores]
    return f"{', '.join(scores[:-1])} or {scores[-1]}"


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…"


def is_valid_score(value: object, rubric: Rubric = DEFAULT_RUBRIC) -> bool:
    """SL-1: whether `value` is an allowed factor score (an int in 0..max, not a bool)."""
    return isinstance(value, int) and not isinstance(value, bool) and value in rubric.allowed_scores


def validate_scores(
    scores: Mapping[str, object], rubric: Rubric = DEFAULT_RUBRIC
) -> list[Violation]:
    """SL-1: every reason to refuse these scores, one violation per bad factor.

    Rubric factors come first in rubric order (missing or invalid score), then
    names the rubric does not know, in the order given.
    """
    violations: list[Violation] = []
    choices = _choices(rubric)
    for factor in rubric.factors:
        if factor.key not in scores:
            violations.append(
                Violation(
                    SL_1,
                    f"score {factor.key} with {choices}: {factor.label} is missing, "
                    "and the rubric never guesses a factor",
                    {"factor": factor.key},
                )
            )
        elif not is_valid_score(scores[factor.key], rubric):
            violations.append(
                Violation(
                    SL_1,
                    f"score {factor.key} with {choices}, not {_shown(scores[factor.key])}",
                    {"factor": factor.key},
                )
            )
    known = set(rubric.keys)
    for name in scores:
        if name not in known:
            violations.append(
                Violation(
                    SL_1,
                    f"remove {_shown(name)}: it is not a rubric factor "
                    f"(the factors are {', '.join(rubric.keys)})",
                    {"factor": str(name)},
                )
            )
    return violations


def _checked(value: object) -> int:
    """A score already accepted by `validate_scores`, typed as the int it is."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"not a validated score: {value!r}")
    return value


def band_for(total: int, rubric: Rubric = DEFAULT_RUBRIC) -> Band:
    """SL-1: the band a composite total falls in (bands are listed highest first)."""
    if not 0 <= total <= rubric.max_total:
        raise ValueError(f"a total must lie in 0..{rubric.max_total}, not {total}")
    for band in rubric.bands:
        if total >= band.minimum:
            return band
    raise ValueError(f"no band for total {total}")  # unreachable: the lowest band starts at 0


def score(scores: Mapping[str, object], rubric: Rubric = DEFAULT_RUBRIC) -> LeadScore:
    """SL-1: the composite score of a lead, or `RuleRefusal` listing every bad factor."""
    refuse_if_any(validate_scores(scores, rubric))
    breakdown: list[FactorScore] = []
    for factor in rubric.factors:
        value = _checked(scores[factor.key])
        breakdown.append(
            FactorScore(
                factor=factor.key, score=value, weight=factor.weight, weighted=value * factor.weight
            )
        )
    total = sum(line.weighted for line in breakdown)
    band = band_for(total, rubric)
    return LeadScore(total=total, band=band.name, stance=band.stance, breakdown=breakdown)


def possible_bands(low: int, high: int, rubric: Rubric = DEFAULT_RUBRIC) -> tuple[BandName, ...]:
    """The bands, highest first, that some total in low..high (inclusive) falls in."""
    return tuple(
        band.name
        for band in rubric.bands
        if rubric.band_range(band.name)[0] <= high and low <= rubric.band_range(band.name)[1]
    )


def _row_findings(row: PrintedRow, rubric: Rubric) -> list[Finding]:
    """SL-2: what is wrong with one printed row of a known factor."""
    factor = rubric.factor(row.factor)
    label = factor.label
    findings: list[Finding] = []
    if row.product_score != row.score:
        findings.append(
            Finding(
                SCORE_OPERAND,
                row.factor,
                row.product_score,
                row.score,
                f"{label}: the product multiplies a score of {row.product_score}, "
                f"but the printed score is {row.score}",
            )
        )
    if row.weight != factor.weight:
        findings.append(
            Finding(
                WRONG_WEIGHT,
                row.factor,
                row.weight,
                factor.weight,
                f"{label}: printed weight {row.weight}, the rubric weighs it {factor.weight}",
            )
        )
    if row.product_score * row.weight != row.weighted:
        findings.append(
            Finding(
                PRODUCT_ARITHMETIC,
                row.factor,
                row.weighted,
                row.product_score * row.weight,
                f"{label}: {row.product_score} * {row.weight} is "
                f"{row.product_score * row.weight}, not {row.weighted}",
            )
        )
    if not is_valid_score(row.score, rubric):
        findings.append(
            Finding(
                INVALID_SCORE,
                row.factor,
                row.score,
                None,
                f"{label}: printed score {row.score} is not {_choices(rubric)}",
            )
        )
    elif row.score * factor.weight != row.weighted:
        expected = row.score * factor.weight
        findings.append(
            Finding(
                WRONG_WEIGHTED,
                row.factor,
                row.weighted,
                expected,
                f"{label}: score {row.score} * weight {factor.weight} = {expected}, "
                f"but the row prints {row.weighted}",
            )
        )
    return findings


def handbook_check(example: PrintedExample, rubric: Rubric = DEFAULT_RUBRIC) -> ExampleCheck:
    """SL-2: recompute a printed example with the rubric and list every discrepancy.

    Per row: a product whose score operand is not the printed score, a weight
    other than the rubric's, a product that is miscalculated, and a weighted
    value other than printed score * rubric weight. Then every factor without
    a row, a printed total that is not the sum of the printed rows, a printed
    total the rubric does not give and a printed category the rubric does not
    give. When SL-1 refuses to score the printed scores (a factor is missing
    or invalid), the rubric gives the range of totals over the unscored
    factors' possible scores, and the total and band are checked against it.
    """
    findings: list[Finding] = []
    known = set(rubric.keys)
    rows: dict[str, PrintedRow] = {}
    for row in example.rows:
        if row.factor not in known:
            findings.append(
                Finding(
                    UNKNOWN_FACTOR,
                    row.factor,
                    row.weighted,
                    None,
                    f"{row.factor!r} is not a rubric factor; the rubric ignores its row",
                )
            )
        elif row.factor in rows:
            findings.append(
                Finding(
                    DUPLICATE_FACTOR,
                    row.factor,
                    row.weighted,
                    None,
                    f"{rubric.factor(row.factor).label} is printed twice; only the first "
                    "row counts",
                )
            )
        else:
            rows[row.factor] = row
            findings.extend(_row_findings(row, rubric))

    for factor in rubric.factors:
        if factor.key not in rows:
            findings.append(
                Finding(
                    MISSING_FACTOR,
                    factor.key,
                    None,
                    None,
                    f"{factor.label} has no row: SL-1 refuses to score the example "
                    f"without it (it would add 0 to {rubric.max_score * factor.weight})",
                )
            )

    rows_sum = sum(row.weighted for row in example.rows)
    if example.total != rows_sum:
        findings.append(
            Finding(
                TOTAL_NOT_SUM,
                None,
                example.total,
                rows_sum,
                f"the printed total is {example.total}, but the printed rows add up to {rows_sum}",
            )
        )

    scores = {key: row.score for key, row in rows.items()}
    refusal = validate_scores(scores, rubric)
    lead: LeadScore | None = None
    if not refusal:
        lead = score(scores, rubric)
        low = high = lead.total
    else:
        low = sum(
            row.score * rubric.factor(key).weight
            for key, row in rows.items()
            if is_valid_score(row.score, rubric)
        )
        high = low + sum(
            rubric.max_score * factor.weight
            for factor in rubric.factors
            if not (factor.key in rows and is_valid_score(rows[factor.key].score, rubric))
        )
    bands = possible_bands(low, high, rubric)

    if not low <= example.total <= high:
        if lead is not None:
            findings.append(
                Finding(
                    TOTAL_VS_RUBRIC,
                    None,
                    example.total,
                    lead.total,
                    f"the printed total is {example.total}, but the rubric gives "
                    f"{lead.total} from the printed scores",
                )
            )
        else:
            findings.append(
                Finding(
                    TOTAL_VS_RUBRIC,
                    None,
                    example.total,
                    (low, high),
                    f"the printed total is {example.total}, but whatever the unscored "
                    f"factors score ({_choices(rubric)}) the rubric gives {low} to {high} "
                    f"({' or '.join(bands)})",
                )
            )
    if example.band is not None and example.band not in bands:
        expected = " or ".join(bands)
        findings.append(
            Finding(
                BAND_CHANGES,
                None,
                example.band,
                expected,
                f"the text puts the lead in {example.band}, but the rubric's total "
                f"puts it in {expected}",
            )
        )

    return ExampleCheck(
        example=example,
        rows_sum=rows_sum,
        lead=lead,
        possible_totals=(low, high),
        possible_bands=bands,
        findings=findings,
        refusal=refusal,
    )


def check_all(
    examples: Sequence[PrintedExample] = EXAMPLES, rubric: Rubric = DEFAULT_RUBRIC
) -> list[ExampleCheck]:
    """SL-2: check every handbook example, in handbook order."""
    return [handbook_check(example, rubric) for example in examples]


def scores_from_text(values: Mapping[str, str]) -> dict[str, object]:
    """Factor scores typed as text (a form, a command line) as the values SL-1 checks.

    A whole number such as "2" or "-1" becomes that int; anything else ("1.5",
    "two", "") is kept as typed, so `validate_scores` refuses it by name and
    shows what was typed. A factor left out stays out: SL-1 reports it missing.
    """
    scores: dict[str, object] = {}
    for key, text in values.items():
        stripped = text.strip()
        scores[key] = int(stripped) if _WHOLE_NUMBER.fullmatch(stripped) else text
    return scores


def compare_rows(check: ExampleCheck, rubric: Rubric = DEFAULT_RUBRIC) -> list[ComparisonRow]:
    """SL-2: each rubric factor's printed row next to what the rubric computes, in rubric order.

    Rows the rubric does not know are left out (the check's findings name them).
    """
    printed: dict[str, PrintedRow] = {}
    for row in check.example.rows:
        printed.setdefault(row.factor, row)
    rows: list[ComparisonRow] = []
    for factor in rubric.factors:
        row = printed.get(factor.key)
        if row is not None and is_valid_score(row.score, rubric):
            weighted: int | None = row.score * factor.weight
            possible = (row.score * factor.weight, row.score * factor.weight)
        else:
            weighted = None
            possible = (0, rubric.max_score * factor.weight)
        rows.append(ComparisonRow(factor.key, factor.label, row, factor.weight, weighted, possible))
    return rows


def _labels(keys: Sequence[str], rubric: Rubric) -> str:
    labels = [rubric.factor(key).label for key in keys]
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} and {labels[-1]}"


def verdict(check: ExampleCheck, rubric: Rubric = DEFAULT_RUBRIC) -> str:
    """SL-2: one plain sentence saying what the rubric makes of a printed example.

    E.g. "Affogato International: printed 18, the rubric gives 14 — still Medium."
    """
    example = check.example
    printed = f"printed {example.total}" + (f", {example.band}" if example.band else "")
    if check.lead is not None:
        total, band = check.lead.total, check.lead.band
        if not check.findings:
            return f"{example.name}: {printed}, and the rubric agrees: {total}, {band}."
        if example.band is None:
            outcome = band
        elif example.band == band:
            outcome = f"still {band}"
        else:
            outcome = f"{band}, not {example.band}"
        return f"{example.name}: printed {example.total}, the rubric gives {total} — {outcome}."
    printed_keys = {row.factor for row in example.rows}
    refused = [str(v.extra.get("factor")) for v in check.refusal if v.extra.get("factor")]
    known = set(rubric.keys)
    missing = [key for key in refused if key in known and key not in printed_keys]
    invalid = [key for key in refused if key in known and key in printed_keys]
    reasons = []
    if missing:
        verb = "is" if len(missing) == 1 else "are"
        plural = "" if len(missing) == 1 else "s"
        reasons.append(f"the {_labels(missing, rubric)} factor{plural} {verb} missing")
    if invalid:
        verb = "has" if len(invalid) == 1 else "have"
        plural = "" if len(invalid) == 1 else "s"
        reasons.append(f"the {_labels(invalid, rubric)} factor{plural} {verb} no valid score")
    it = "it is" if len(missing) + len(invalid) == 1 else "they are"
    low, high = check.possible_totals
    bands = " or ".join(check.possible_bands)
    if example.band is not None and example.band not in check.possible_bands:
        bands += f", not {example.band}"
    return (
        f"{example.name}: {' and '.join(reasons) or 'SL-1 refuses the printed scores'}, "
        f"so the rubric refuses to score it; whatever {it}, the total is {low}–{high}, {bands}."
    )
