"""SL-6 as pure rules: lines per epic and per account outside epics, amounts rounded half-up
to the cent, totals that add up, and invoice numbers per year; a hypothesis property against
a reference computation."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from cellops.billing import rules
from cellops.billing.data import BillableWorklog

D = Decimal


def test_SL_6_one_line_per_epic_and_one_for_the_accounts_time_outside_epics():
    logs = [
        BillableWorklog(1, "Hedera LMS", "HED-1", D("2.5")),
        BillableWorklog(2, "Hedera LMS", None, D(1)),
        BillableWorklog(3, "Hedera LMS", "HED-1", D("0.25")),
        BillableWorklog(4, "Hedera Web", None, D(3)),
        BillableWorklog(5, "Hedera LMS", "HED-2", D(4)),
    ]
    lines = rules.invoice_lines(logs, D("90.00"))
    assert [(x.kind, x.name, x.hours, x.amount, x.worklogs) for x in lines] == [
        ("epic", "HED-1", D("2.75"), D("247.50"), (1, 3)),
        ("epic", "HED-2", D(4), D("360.00"), (5,)),
        ("account", "Hedera LMS", D(1), D("90.00"), (2,)),
        ("account", "Hedera Web", D(3), D("270.00"), (4,)),
    ]
    assert rules.total(lines) == (D("10.75"), D("967.50"))


def test_SL_6_a_correction_of_a_sent_invoice_is_a_line_of_its_own():
    logs = [
        BillableWorklog(1, "Hedera LMS", "HED-1", D(2)),
        BillableWorklog(2, "Hedera LMS", "HED-1", D("1.5"), corrects="2026-0001"),
        BillableWorklog(3, "Hedera LMS", None, D("0.5"), corrects="2026-0001"),
        BillableWorklog(4, "Hedera LMS", None, D(1)),
    ]
    lines = rules.invoice_lines(logs, D("90.00"))
    assert [(x.kind, x.name, x.hours, x.amount, x.worklogs) for x in lines] == [
        ("epic", "HED-1", D(2), D("180.00"), (1,)),
        ("account", "Hedera LMS", D(1), D("90.00"), (4,)),
        ("correction", "2026-0001", D(2), D("180.00"), (2, 3)),
    ]
    assert rules.total(lines) == (D(5), D("450.00"))


def test_SL_6_each_line_is_rounded_half_up_to_the_cent_and_the_total_sums_the_rounded_lines():
    assert rules.amount(D("0.01"), D("0.50")) == D("0.01")  # 0.005 rounds up, not to even
    assert rules.amount(D("0.03"), D("0.50")) == D("0.02")  # 0.015 → 0.02
    lines = rules.invoice_lines(
        [BillableWorklog(1, "A", "E-1", D("0.01")), BillableWorklog(2, "A", "E-2", D("0.01"))],
        D("0.50"),
    )
    assert rules.total(lines) == (D("0.02"), D("0.02"))  # 0.01 + 0.01, not round(0.01)


def test_SL_6_invoice_numbers_count_per_year_from_0001():
    assert rules.invoice_number(2026, []) == "2026-0001"
    assert rules.invoice_number(2026, ["2026-0001", "2026-0007", "2025-0099"]) == "2026-0008"
    assert rules.invoice_number(2027, ["2026-0008"]) == "2027-0001"


worklogs = st.lists(
    st.builds(
        BillableWorklog,
        id=st.integers(1, 10**9),
        account=st.sampled_from(["Hedera LMS", "Hedera Web", "Oak"]),
        epic=st.one_of(st.none(), st.sampled_from(["HED-1", "HED-2", "OAK-1"])),
        hours=st.decimals(D("0.01"), D(24), places=2),
        corrects=st.one_of(st.none(), st.none(), st.sampled_from(["2026-0001", "2026-0002"])),
    ),
    max_size=60,
    unique_by=lambda w: w.id,
)


@given(worklogs, st.decimals(D(0), D(500), places=2))
def test_SL_6_property_lines_sum_to_the_total_each_worklog_once_no_cent_lost(logs, rate):
    lines = rules.invoice_lines(logs, rate)
    on_lines = [pk for line in lines for pk in line.worklogs]
    assert sorted(on_lines) == sorted(w.id for w in logs)  # each worklog on exactly one line
    hours, amount = rules.total(lines)
    assert hours == sum((w.hours for w in logs), D(0))
    # the reference: group by hand, round each group half-up, add the rounded groups
    groups: dict[tuple[str, str], Decimal] = {}
    for w in logs:
        if w.corrects:
            key = ("correction", w.corrects)
        else:
            key = ("epic", w.epic) if w.epic else ("account", w.account)
        groups[key] = groups.get(key, D(0)) + w.hours
    reference = sum(
        ((h * rate).quantize(D("0.01"), rounding=ROUND_HALF_UP) for h in groups.values()),
        D("0.00"),
    )
    assert amount == reference == sum((line.amount for line in lines), D("0.00"))
    assert all(line.amount.as_tuple().exponent == -2 for line in lines)
    assert {(x.kind, x.name) for x in lines} == set(groups)
