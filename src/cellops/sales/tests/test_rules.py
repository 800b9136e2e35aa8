"""Tests for the sales rules: the lead rubric (SL-1) and the handbook's examples (SL-2)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cellops.kernel.violations import RuleRefusal, Violation
from cellops.sales.data import (
    BAND_CHANGES,
    FACTOR_KEYS,
    MISSING_FACTOR,
    PRODUCT_ARITHMETIC,
    SCORE_OPERAND,
    TOTAL_NOT_SUM,
    TOTAL_VS_RUBRIC,
    WRONG_WEIGHT,
    WRONG_WEIGHTED,
    FactorScore,
    Finding,
    PrintedExample,
    PrintedRow,
)
from cellops.sales.handbook_examples import (
    AFFOGATO_INTERNATIONAL,
    EXAMPLES,
    HEDERA_UNIVERSITY,
    MS_BROWNS_CLASS,
)
from cellops.sales.rubric import DEFAULT_RUBRIC, Band, Factor, Rubric
from cellops.sales.rules import (
    band_for,
    check_all,
    compare_rows,
    handbook_check,
    score,
    scores_from_text,
    validate_scores,
    verdict,
)

WEIGHTS = {
    "people_profile": 2,
    "need": 2,
    "budget": 2,
    "contract_type": 1,
    "prestige": 3,
    "market_niche": 2,
    "internal_positive_bias": 2,
}
HEDERA_SCORES = dict(zip(FACTOR_KEYS, (1, 1, 2, 2, 2, 2, 2), strict=True))


def all_at(value: int) -> dict[str, object]:
    return dict.fromkeys(FACTOR_KEYS, value)


def refusal_of(scores: dict[str, object]) -> list[Violation]:
    with pytest.raises(RuleRefusal) as caught:
        score(scores)
    return caught.value.violations


def finding(check_findings: list[Finding], kind: str, factor: str | None) -> Finding:
    matches = [f for f in check_findings if f.kind == kind and f.factor == factor]
    assert len(matches) == 1, (kind, factor, check_findings)
    return matches[0]


# --- SL-1: the rubric as data -------------------------------------------------


def test_SL_1_default_rubric_has_the_seven_factors_in_order_with_handbook_weights() -> None:
    """The default rubric lists the seven factors in handbook order with their weights."""
    assert DEFAULT_RUBRIC.keys == FACTOR_KEYS
    assert {f.key: f.weight for f in DEFAULT_RUBRIC.factors} == WEIGHTS
    assert DEFAULT_RUBRIC.max_total == 28
    assert DEFAULT_RUBRIC.allowed_scores == (0, 1, 2)


def test_SL_1_every_factor_has_a_label_and_a_description_for_each_score() -> None:
    """Each factor carries a human label and one description per score 0, 1 and 2."""
    labels = [f.label for f in DEFAULT_RUBRIC.factors]
    assert labels == [
        "People profile",
        "Need",
        "Budget",
        "Contract type",
        "Prestige",
        "Market niche",
        "Internal positive bias",
    ]
    for factor in DEFAULT_RUBRIC.factors:
        assert len(factor.levels) == 3
        assert all(factor.describe(s) for s in (0, 1, 2))
        assert len(set(factor.levels)) == 3


def test_SL_1_bands_are_high_from_20_medium_from_10_low_from_0_with_stances() -> None:
    """Bands: High 20 to 28, Medium 10 to 19, Low 0 to 9, each with its own stance."""
    assert [(b.name, b.minimum) for b in DEFAULT_RUBRIC.bands] == [
        ("High", 20),
        ("Medium", 10),
        ("Low", 0),
    ]
    assert DEFAULT_RUBRIC.band_range("High") == (20, 28)
    assert DEFAULT_RUBRIC.band_range("Medium") == (10, 19)
    assert DEFAULT_RUBRIC.band_range("Low") == (0, 9)
    stances = [b.stance for b in DEFAULT_RUBRIC.bands]
    assert len(set(stances)) == 3
    assert "no upfront charge" in stances[0]
    assert "paid" in stances[1]
    assert "time allows" in stances[2]


def test_SL_1_a_rubric_with_bands_not_highest_first_is_rejected() -> None:
    """A rubric whose bands are out of order cannot be built."""
    low, medium, high = reversed(DEFAULT_RUBRIC.bands)
    with pytest.raises(ValueError, match="highest first"):
        Rubric(factors=DEFAULT_RUBRIC.factors, bands=(medium, high, low))


def test_SL_1_a_rubric_whose_lowest_band_does_not_start_at_0_is_rejected() -> None:
    """Every total must have a band, so the lowest band starts at 0."""
    high, medium, low = DEFAULT_RUBRIC.bands
    with pytest.raises(ValueError, match="start at 0"):
        Rubric(factors=DEFAULT_RUBRIC.factors, bands=(high, medium, replace(low, minimum=1)))


def test_SL_1_a_rubric_factor_without_a_description_per_score_is_rejected() -> None:
    """A factor must describe every allowed score."""
    first = replace(DEFAULT_RUBRIC.factors[0], levels=("only one",))
    with pytest.raises(ValueError, match="describe each score"):
        Rubric(factors=(first, *DEFAULT_RUBRIC.factors[1:]), bands=DEFAULT_RUBRIC.bands)


def test_SL_1_a_rubric_with_duplicate_factor_keys_or_zero_weight_is_rejected() -> None:
    """Factor keys are unique and weights are positive integers."""
    first = DEFAULT_RUBRIC.factors[0]
    with pytest.raises(ValueError, match="unique"):
        Rubric(factors=(first, first), bands=DEFAULT_RUBRIC.bands)
    with pytest.raises(ValueError, match="at least 1"):
        Rubric(factors=(replace(first, weight=0),), bands=(DEFAULT_RUBRIC.bands[-1],))


def test_SL_1_an_agency_can_change_weights_and_thresholds_by_configuration() -> None:
    """A custom rubric passed as argument changes the total and the band."""
    custom = Rubric(
        factors=(
            Factor("reach", "Reach", 5, ("none", "some", "wide")),
            Factor("fit", "Fit", 1, ("poor", "fair", "good")),
        ),
        bands=(
            Band("High", "Hot", 8, "call now"),
            Band("Low", "Cold", 0, "wait"),
        ),
    )
    lead = score({"reach": 2, "fit": 0}, custom)
    assert (lead.total, lead.band, lead.stance) == (10, "High", "call now")
    assert score({"reach": 1, "fit": 2}, custom).band == "Low"
    assert [v.extra for v in validate_scores({"need": 1}, custom)] == [
        {"factor": "reach"},
        {"factor": "fit"},
        {"factor": "need"},
    ]


# --- SL-1: scoring -------------------------------------------------------------


def test_SL_1_hedera_scores_give_24_high_with_the_full_breakdown_in_rubric_order() -> None:
    """Scores (1,1,2,2,2,2,2) give 24, High, with a per-factor breakdown."""
    lead = score(HEDERA_SCORES)
    assert lead.total == 24
    assert lead.band == "High"
    assert lead.stance == DEFAULT_RUBRIC.bands[0].stance
    assert lead.breakdown == [
        FactorScore("people_profile", 1, 2, 2),
        FactorScore("need", 1, 2, 2),
        FactorScore("budget", 2, 2, 4),
        FactorScore("contract_type", 2, 1, 2),
        FactorScore("prestige", 2, 3, 6),
        FactorScore("market_niche", 2, 2, 4),
        FactorScore("internal_positive_bias", 2, 2, 4),
    ]


def test_SL_1_all_zeros_give_0_low_and_all_twos_give_28_high() -> None:
    """The composite runs from 0 (Low) to 28 (High)."""
    assert (score(all_at(0)).total, score(all_at(0)).band) == (0, "Low")
    assert (score(all_at(2)).total, score(all_at(2)).band) == (28, "High")
    assert score(all_at(1)).total == 14


@pytest.mark.parametrize(
    ("total", "band"),
    [(0, "Low"), (9, "Low"), (10, "Medium"), (19, "Medium"), (20, "High"), (28, "High")],
)
def test_SL_1_band_edges_9_low_10_medium_19_medium_20_high(total: int, band: str) -> None:
    """The band thresholds sit exactly at 10 and 20."""
    assert band_for(total).name == band


def test_SL_1_band_edges_are_reached_by_real_scores() -> None:
    """Scores totalling 9, 10, 19 and 20 fall in Low, Medium, Medium and High."""
    nine = {**all_at(0), "prestige": 1, "need": 2, "budget": 1}  # 3 + 4 + 2
    ten = {**nine, "contract_type": 1}
    nineteen = {**all_at(1), "need": 2, "budget": 2, "contract_type": 2}  # 14 + 2 + 2 + 1
    twenty = {**nineteen, "contract_type": 1, "market_niche": 2}  # 19 - 1 + 2
    got = [(score(s).total, score(s).band) for s in (nine, ten, nineteen, twenty)]
    assert got == [(9, "Low"), (10, "Medium"), (19, "Medium"), (20, "High")]


def test_SL_1_band_for_rejects_a_total_outside_0_to_28() -> None:
    """A total the rubric cannot produce has no band."""
    with pytest.raises(ValueError):
        band_for(29)
    with pytest.raises(ValueError):
        band_for(-1)


def test_SL_1_a_missing_factor_is_refused_by_name() -> None:
    """Leaving out need is refused with one SL-1 violation naming need."""
    scores = dict(HEDERA_SCORES)
    del scores["need"]
    violations = refusal_of(scores)
    assert violations == [
        Violation(
            "SL-1",
            "score need with 0, 1 or 2: Need is missing, and the rubric never guesses a factor",
            {"factor": "need"},
        )
    ]


def test_SL_1_an_empty_score_sheet_reports_all_seven_factors_at_once() -> None:
    """With no scores at all, every factor is reported, in rubric order."""
    violations = refusal_of({})
    assert [v.extra["factor"] for v in violations] == list(FACTOR_KEYS)
    assert all(v.rule == "SL-1" for v in violations)
    assert all(
        v.message.startswith(f"score {k} with 0, 1 or 2")
        for k, v in zip(FACTOR_KEYS, violations, strict=True)
    )


@pytest.mark.parametrize("bad", [3, -1, 1.5, 1.0, True, False, "2", None, [1]])
def test_SL_1_a_score_that_is_not_an_integer_0_1_or_2_is_refused(bad: object) -> None:
    """Out-of-range, fractional, boolean, string and other values are refused."""
    violations = refusal_of({**HEDERA_SCORES, "prestige": bad})
    assert violations == [
        Violation("SL-1", f"score prestige with 0, 1 or 2, not {bad!r}", {"factor": "prestige"})
    ]


def test_SL_1_an_unknown_factor_name_is_refused_by_name() -> None:
    """A factor the rubric does not know is refused, naming it."""
    violations = refusal_of({**HEDERA_SCORES, "vibes": 2})
    assert len(violations) == 1
    assert violations[0].rule == "SL-1"
    assert violations[0].extra == {"factor": "vibes"}
    assert violations[0].message.startswith("remove 'vibes': it is not a rubric factor")


def test_SL_1_every_bad_factor_is_reported_at_once_as_separate_violations() -> None:
    """Missing, invalid and unknown factors are all reported together."""
    scores: dict[str, object] = {**HEDERA_SCORES, "budget": 1.5, "prestige": 7, "extra": 1}
    del scores["need"]
    violations = refusal_of(scores)
    assert [v.extra["factor"] for v in violations] == ["need", "budget", "prestige", "extra"]
    assert {v.rule for v in violations} == {"SL-1"}


def test_SL_1_a_long_bad_value_is_shortened_in_the_message() -> None:
    """A very long bad value does not flood the message."""
    (violation,) = refusal_of({**HEDERA_SCORES, "need": "x" * 500})
    assert len(violation.message) < 100
    assert violation.message.endswith("…")


# --- SL-1: properties ----------------------------------------------------------

valid_scores = st.fixed_dictionaries({key: st.integers(0, 2) for key in FACTOR_KEYS})

bad_values = st.one_of(
    st.integers().filter(lambda n: n not in (0, 1, 2)),
    st.floats(allow_nan=True),
    st.booleans(),
    st.text(),
    st.none(),
)
MISSING = object()


@given(valid_scores)
def test_SL_1_property_total_is_the_weighted_sum_within_0_to_28(scores: dict[str, int]) -> None:
    """For any complete valid scores, total = Σ score * weight and lies in 0..28."""
    lead = score(scores)
    assert lead.total == sum(scores[k] * WEIGHTS[k] for k in FACTOR_KEYS)
    assert 0 <= lead.total <= 28
    assert lead.total == sum(line.weighted for line in lead.breakdown)
    assert [line.factor for line in lead.breakdown] == list(FACTOR_KEYS)


@given(valid_scores)
def test_SL_1_property_band_is_consistent_with_the_thresholds(scores: dict[str, int]) -> None:
    """The band is High from 20, Medium from 10, otherwise Low, with its stance."""
    lead = score(scores)
    expected = "High" if lead.total >= 20 else "Medium" if lead.total >= 10 else "Low"
    assert lead.band == expected
    assert lead.stance == next(b.stance for b in DEFAULT_RUBRIC.bands if b.name == expected)


@given(
    st.fixed_dictionaries(
        {key: st.one_of(st.integers(0, 2), bad_values, st.just(MISSING)) for key in FACTOR_KEYS}
    ),
    st.dictionaries(
        st.text().filter(lambda name: name not in FACTOR_KEYS),
        st.integers(0, 2),
        max_size=3,
    ),
)
def test_SL_1_property_every_invalid_factor_is_reported_once(
    drawn: dict[str, object], unknown: dict[str, int]
) -> None:
    """The number of violations equals the number of bad factors, each named once."""
    scores = {k: v for k, v in drawn.items() if v is not MISSING}
    scores.update(unknown)
    bad = [k for k in FACTOR_KEYS if not (type(drawn[k]) is int and drawn[k] in (0, 1, 2))]
    bad += list(unknown)
    violations = validate_scores(scores)
    assert len(violations) == len(bad)
    assert [v.extra["factor"] for v in violations] == bad
    assert all(v.rule == "SL-1" for v in violations)
    if bad:
        with pytest.raises(RuleRefusal):
            score(scores)
    else:
        assert 0 <= score(scores).total <= 28


# --- SL-2: the handbook's examples as printed ----------------------------------


def test_SL_2_the_three_handbook_examples_are_recorded_in_handbook_order() -> None:
    """The examples are Hedera, Affogato and Ms. Brown's class, with printed totals/bands."""
    assert [(e.name, e.total, e.band) for e in EXAMPLES] == [
        ("Hedera University", 24, "High"),
        ("Affogato International", 18, "Medium"),
        ("Ms. Brown's 5th Grade Class", 2, "Low"),
    ]


def test_SL_2_ms_brown_is_recorded_as_printed_without_a_need_row() -> None:
    """Ms. Brown's rows keep the printed slips: no Need, '2 * 0', '1 * 2', swapped weights."""
    rows = {row.factor: row for row in MS_BROWNS_CLASS.rows}
    assert "need" not in rows
    assert len(rows) == 6
    assert rows["prestige"] == PrintedRow("prestige", 0, 2, 0, 0)
    assert rows["internal_positive_bias"] == PrintedRow("internal_positive_bias", 2, 1, 2, 2)
    assert (rows["budget"].weight, rows["contract_type"].weight) == (1, 2)


def test_SL_2_hedera_university_checks_with_zero_findings() -> None:
    """Hedera (1,1,2,2,2,2,2) recomputes to the printed 24 High: nothing to report."""
    check = handbook_check(HEDERA_UNIVERSITY)
    assert check.findings == []
    assert check.ok
    assert check.refusal == []
    assert check.lead is not None
    assert (check.lead.total, check.lead.band) == (24, "High")
    assert check.rows_sum == 24
    assert check.possible_totals == (24, 24)
    assert check.possible_bands == ("High",)


def test_SL_2_affogato_has_exactly_four_findings_in_order() -> None:
    """Affogato: contract weight, contract weighted value, total vs rows, total vs rubric."""
    check = handbook_check(AFFOGATO_INTERNATIONAL)
    assert [(f.kind, f.factor, f.printed, f.expected) for f in check.findings] == [
        (WRONG_WEIGHT, "contract_type", 2, 1),
        (WRONG_WEIGHTED, "contract_type", 2, 1),
        (TOTAL_NOT_SUM, None, 18, 15),
        (TOTAL_VS_RUBRIC, None, 18, 14),
    ]
    assert not check.ok


def test_SL_2_affogato_contract_type_is_weighted_2_in_print_but_1_in_the_rubric() -> None:
    """The printed '1 * 2 = 2' uses weight 2; the rubric weighs contract type 1."""
    check = handbook_check(AFFOGATO_INTERNATIONAL)
    f = finding(check.findings, WRONG_WEIGHT, "contract_type")
    assert (f.printed, f.expected) == (2, 1)
    assert f.message == "Contract type: printed weight 2, the rubric weighs it 1"
    g = finding(check.findings, WRONG_WEIGHTED, "contract_type")
    assert (g.printed, g.expected) == (2, 1)
    assert g.message == "Contract type: score 1 * weight 1 = 1, but the row prints 2"


def test_SL_2_affogato_total_18_is_neither_the_rows_sum_15_nor_the_rubric_14() -> None:
    """Printed total 18; its rows add to 15; the rubric gives 14."""
    check = handbook_check(AFFOGATO_INTERNATIONAL)
    assert check.rows_sum == 15
    f = finding(check.findings, TOTAL_NOT_SUM, None)
    assert (f.printed, f.expected) == (18, 15)
    assert f.message == "the printed total is 18, but the printed rows add up to 15"
    g = finding(check.findings, TOTAL_VS_RUBRIC, None)
    assert (g.printed, g.expected) == (18, 14)
    assert g.message == "the printed total is 18, but the rubric gives 14 from the printed scores"


def test_SL_2_affogato_band_stays_medium_so_no_band_finding() -> None:
    """The rubric's 14 is still Medium, as the text says: no band finding."""
    check = handbook_check(AFFOGATO_INTERNATIONAL)
    assert check.lead is not None
    assert (check.lead.total, check.lead.band) == (14, "Medium")
    assert check.possible_totals == (14, 14)
    assert check.possible_bands == ("Medium",)
    assert all(f.kind != BAND_CHANGES for f in check.findings)


def test_SL_2_ms_brown_has_exactly_eight_findings_in_order() -> None:
    """Ms. Brown: two swapped weights, prestige and bias slips, missing need, total."""
    check = handbook_check(MS_BROWNS_CLASS)
    assert [(f.kind, f.factor, f.printed, f.expected) for f in check.findings] == [
        (WRONG_WEIGHT, "budget", 1, 2),
        (WRONG_WEIGHT, "contract_type", 2, 1),
        (SCORE_OPERAND, "prestige", 2, 0),
        (WRONG_WEIGHT, "prestige", 0, 3),
        (SCORE_OPERAND, "internal_positive_bias", 1, 2),
        (WRONG_WEIGHTED, "internal_positive_bias", 2, 4),
        (MISSING_FACTOR, "need", None, None),
        (TOTAL_VS_RUBRIC, None, 2, (4, 8)),
    ]


def test_SL_2_ms_brown_budget_and_contract_type_weights_are_swapped() -> None:
    """Budget prints weight 1 (rubric 2); contract type prints 2 (rubric 1)."""
    check = handbook_check(MS_BROWNS_CLASS)
    budget = finding(check.findings, WRONG_WEIGHT, "budget")
    contract = finding(check.findings, WRONG_WEIGHT, "contract_type")
    assert (budget.printed, budget.expected) == (1, 2)
    assert (contract.printed, contract.expected) == (2, 1)
    assert budget.message == "Budget: printed weight 1, the rubric weighs it 2"


def test_SL_2_ms_brown_prestige_product_2_times_0_disagrees_with_score_and_weight() -> None:
    """Prestige prints score 0 but '2 * 0 = 0': operand 2 ≠ 0 and weight 0 ≠ 3."""
    check = handbook_check(MS_BROWNS_CLASS)
    operand = finding(check.findings, SCORE_OPERAND, "prestige")
    weight = finding(check.findings, WRONG_WEIGHT, "prestige")
    assert (operand.printed, operand.expected) == (2, 0)
    assert (weight.printed, weight.expected) == (0, 3)
    assert operand.message == (
        "Prestige: the product multiplies a score of 2, but the printed score is 0"
    )
    # 0 * 3 = 0 is what is printed, so the weighted value itself is right.
    assert all(f.kind != WRONG_WEIGHTED for f in check.findings if f.factor == "prestige")


def test_SL_2_ms_brown_bias_score_2_is_printed_as_1_times_2_equals_2_not_4() -> None:
    """Bias prints score 2 but '1 * 2 = 2': operand 1 ≠ 2 and the weighted value should be 4."""
    check = handbook_check(MS_BROWNS_CLASS)
    operand = finding(check.findings, SCORE_OPERAND, "internal_positive_bias")
    weighted = finding(check.findings, WRONG_WEIGHTED, "internal_positive_bias")
    assert (operand.printed, operand.expected) == (1, 2)
    assert (weighted.printed, weighted.expected) == (2, 4)
    assert weighted.message == (
        "Internal positive bias: score 2 * weight 2 = 4, but the row prints 2"
    )


def test_SL_2_ms_brown_missing_need_is_refused_by_sl_1_and_reported() -> None:
    """With no Need row the rubric refuses to score: SL-1 names need, and the check says so."""
    check = handbook_check(MS_BROWNS_CLASS)
    assert check.lead is None
    assert [(v.rule, v.extra) for v in check.refusal] == [("SL-1", {"factor": "need"})]
    f = finding(check.findings, MISSING_FACTOR, "need")
    assert f.message == (
        "Need has no row: SL-1 refuses to score the example without it (it would add 0 to 4)"
    )


def test_SL_2_ms_brown_possible_totals_are_4_to_8_low_either_way() -> None:
    """Known factors give 4; need adds 0 to 4: totals 4 to 8, Low either way, so no band finding."""
    check = handbook_check(MS_BROWNS_CLASS)
    assert check.rows_sum == 2
    assert check.possible_totals == (4, 8)
    assert check.possible_bands == ("Low",)
    assert all(f.kind != TOTAL_NOT_SUM for f in check.findings)
    assert all(f.kind != BAND_CHANGES for f in check.findings)
    f = finding(check.findings, TOTAL_VS_RUBRIC, None)
    assert (f.printed, f.expected) == (2, (4, 8))
    assert f.message == (
        "the printed total is 2, but whatever the unscored factors score (0, 1 or 2) "
        "the rubric gives 4 to 8 (Low)"
    )


def test_SL_2_a_miscalculated_product_and_a_changed_band_are_found() -> None:
    """A product like '2 * 2 = 5' and a category the rubric does not give are reported."""
    rows = tuple(
        replace(row, weighted=5) if row.factor == "budget" else row
        for row in HEDERA_UNIVERSITY.rows
    )
    example = PrintedExample("Made up", rows, total=25, band="Medium")
    check = handbook_check(example)
    assert [(f.kind, f.factor, f.printed, f.expected) for f in check.findings] == [
        (PRODUCT_ARITHMETIC, "budget", 5, 4),
        (WRONG_WEIGHTED, "budget", 5, 4),
        (TOTAL_VS_RUBRIC, None, 25, 24),
        (BAND_CHANGES, None, "Medium", "High"),
    ]


def test_SL_2_a_missing_factor_whose_range_spans_bands_lists_every_possible_band() -> None:
    """Without prestige, Hedera could total 18 to 24: Medium or High."""
    rows = tuple(row for row in HEDERA_UNIVERSITY.rows if row.factor != "prestige")
    example = PrintedExample("No prestige", rows, total=18, band="High")
    check = handbook_check(example)
    assert check.possible_totals == (18, 24)
    assert check.possible_bands == ("High", "Medium")
    assert [(f.kind, f.factor) for f in check.findings] == [(MISSING_FACTOR, "prestige")]


def test_SL_2_check_all_checks_the_three_examples_in_order() -> None:
    """check_all returns one check per handbook example; only Hedera is clean."""
    checks = check_all()
    assert [c.name for c in checks] == [e.name for e in EXAMPLES]
    assert [len(c.findings) for c in checks] == [0, 4, 8]
    assert [c.ok for c in checks] == [True, False, False]


# --- helpers for the doors: typed scores, side-by-side rows, verdicts -----------


def test_SL_1_scores_typed_as_text_keep_what_is_not_a_whole_number() -> None:
    """'2' and ' 1 ' become ints; '1.5', 'two' and '' are kept so SL-1 shows them."""
    assert scores_from_text({"need": "2", "budget": " 1 ", "prestige": "-1"}) == {
        "need": 2,
        "budget": 1,
        "prestige": -1,
    }
    assert scores_from_text({"need": "1.5", "budget": "two", "prestige": ""}) == {
        "need": "1.5",
        "budget": "two",
        "prestige": "",
    }


def test_SL_2_compare_rows_puts_ms_browns_missing_need_next_to_its_possible_0_to_4() -> None:
    """Need has no printed row: no rubric value, a possible 0–4; bias is recomputed to 4."""
    rows = {row.factor: row for row in compare_rows(handbook_check(MS_BROWNS_CLASS))}
    assert list(rows) == list(FACTOR_KEYS)
    assert (rows["need"].printed, rows["need"].weighted, rows["need"].possible) == (
        None,
        None,
        (0, 4),
    )
    bias = rows["internal_positive_bias"]
    assert (bias.printed.weighted, bias.weighted, bias.possible) == (2, 4, (4, 4))
    assert (rows["contract_type"].printed.weight, rows["contract_type"].weight) == (2, 1)


def test_SL_2_verdicts_say_in_one_sentence_what_the_rubric_makes_of_each_example() -> None:
    """Hedera agrees, Affogato stays Medium at 14, Ms. Brown is refused with a 4–8 range."""
    assert [verdict(check) for check in check_all()] == [
        "Hedera University: printed 24, High, and the rubric agrees: 24, High.",
        "Affogato International: printed 18, the rubric gives 14 — still Medium.",
        "Ms. Brown's 5th Grade Class: the Need factor is missing, so the rubric refuses to "
        "score it; whatever it is, the total is 4–8, Low.",
    ]


def test_SL_2_a_verdict_names_a_band_change_and_several_missing_factors() -> None:
    """A changed band says 'not the printed one'; two missing factors are both named."""
    made_up = PrintedExample("Made up", HEDERA_UNIVERSITY.rows, total=24, band="Medium")
    assert verdict(handbook_check(made_up)) == (
        "Made up: printed 24, the rubric gives 24 — High, not Medium."
    )
    rows = tuple(r for r in HEDERA_UNIVERSITY.rows if r.factor not in ("need", "prestige"))
    two_missing = PrintedExample("Two gaps", rows, total=16, band="High")
    assert verdict(handbook_check(two_missing)) == (
        "Two gaps: the Need and Prestige factors are missing, so the rubric refuses to score "
        "it; whatever they are, the total is 16–26, High or Medium."
    )
