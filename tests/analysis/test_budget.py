"""Double budget totals: costs per year, lines by priority (hand-computed, in Decimal)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sozialplanung.analysis.budget import (
    Assignment,
    Cost,
    Line,
    LineTotal,
    PriorityTotal,
    cost_in_year,
    costs_by_nature,
    costs_by_year,
    line_totals,
    to_decimal,
    totals_by_priority,
)

D = Decimal

# A measure for the Doppelhaushalt 2025/2026: 18,000 € a year for staff from 2025 on,
# and 5,000 € once in 2025 for equipment.
MEASURE = [
    Cost(D("18000"), 2025, recurring=True),
    Cost(D("5000"), 2025, nature="investiv"),
]


def test_one_off_and_recurring_costs_by_year() -> None:
    # 2025: 18,000 + 5,000 = 23,000; 2026: 18,000 (the one-off is gone); 2024: nothing yet.
    assert cost_in_year(MEASURE, 2025) == D("23000")
    assert cost_in_year(MEASURE, 2026) == D("18000")
    assert cost_in_year(MEASURE, 2024) == 0
    assert costs_by_year(MEASURE, [2025, 2026, 2025]) == {2025: D("23000"), 2026: D("18000")}
    assert cost_in_year([], 2025) == 0


def test_a_recurring_cost_ends_with_its_end_year() -> None:
    pilot = [Cost(D("1200.50"), 2025, recurring=True, end_year=2026)]
    # 2025 and 2026 inclusive, then nothing.
    assert costs_by_year(pilot, [2025, 2026, 2027]) == {
        2025: D("1200.50"),
        2026: D("1200.50"),
        2027: 0,
    }


def test_costs_by_nature_always_has_both_natures() -> None:
    assert costs_by_nature(MEASURE, [2025, 2026]) == {
        "investiv": {2025: D("5000"), 2026: 0},
        "konsumtiv": {2025: D("18000"), 2026: D("18000")},
    }
    assert costs_by_nature([], [2025]) == {"investiv": {2025: 0}, "konsumtiv": {2025: 0}}


def test_floats_become_exact_decimals() -> None:
    costs = [Cost(0.1, 2025), Cost(0.2, 2025), Cost(3, 2025)]
    total = cost_in_year(costs, 2025)
    # In binary floating point 0.1 + 0.2 + 3 = 3.3000000000000003; as decimals it is 3.3.
    assert isinstance(total, Decimal)
    assert total == D("3.3")
    assert costs[0].amount == D("0.1")
    assert to_decimal(D("12.34")) == D("12.34")


# Two years, three lines: priority 1 keeps the existing grants, priority 3
# ("Sozialplanerische Bedarfe") funds new measures.
LINES = [
    Line("P1 Bestand", 2025, 1, D("100000")),
    Line("P1 Bestand", 2026, 1, D("100000")),
    Line("P3 Sozialplanung", 2025, 3, D("30000")),
    Line("P3 Sozialplanung", 2026, 3, D("40000")),
    Line("P3 Quartier", 2025, 3, D("10000")),
    Line("P3 Quartier", 2026, 3, D("10000")),
]
ASSIGNMENTS = [
    Assignment("P1 Bestand", 2025, D("60000"), "grant"),
    Assignment("P1 Bestand", 2025, D("35000"), "grant"),
    Assignment("P1 Bestand", 2026, D("98000"), "grant"),
    Assignment("P1 Bestand", 2026, D("5000")),
    # The measure above: cost_in_year gives 23,000 in 2025 and 18,000 in 2026.
    Assignment("P3 Sozialplanung", 2025, cost_in_year(MEASURE, 2025)),
    Assignment("P3 Sozialplanung", 2026, cost_in_year(MEASURE, 2026)),
    Assignment("P3 Quartier", 2025, D("12500.25")),
]


def test_totals_by_priority_by_hand() -> None:
    totals = totals_by_priority(LINES, ASSIGNMENTS)
    assert totals == [
        # 60,000 + 35,000 = 95,000 of 100,000 → 5,000 left.
        PriorityTotal(1, 2025, D("100000"), D("95000"), D("5000"), D(0), D("95000")),
        # 98,000 + 5,000 = 103,000 of 100,000 → over-committed by 3,000.
        PriorityTotal(1, 2026, D("100000"), D("103000"), D("-3000"), D("5000"), D("98000")),
        # 30,000 + 10,000 = 40,000 planned; 23,000 + 12,500.25 = 35,500.25 → 4,499.75 left.
        PriorityTotal(3, 2025, D("40000"), D("35500.25"), D("4499.75"), D("35500.25"), D(0)),
        # 40,000 + 10,000 = 50,000 planned; 18,000 → 32,000 left.
        PriorityTotal(3, 2026, D("50000"), D("18000"), D("32000"), D("18000"), D(0)),
    ]
    assert [t.over_committed for t in totals] == [False, True, False, False]


def test_line_totals_show_the_over_committed_line_its_priority_hides() -> None:
    totals = line_totals(LINES, ASSIGNMENTS)
    assert [(t.key, t.year) for t in totals] == [
        ("P1 Bestand", 2025),
        ("P1 Bestand", 2026),
        ("P3 Quartier", 2025),
        ("P3 Quartier", 2026),
        ("P3 Sozialplanung", 2025),
        ("P3 Sozialplanung", 2026),
    ]
    # 10,000 − 12,500.25 = −2,500.25, although priority 3 in 2025 has 4,499.75 left.
    assert totals[2] == LineTotal(
        "P3 Quartier", 2025, 3, D("10000"), D("12500.25"), D("-2500.25"), D("12500.25"), D(0)
    )
    # A line without assignments keeps its whole amount.
    assert totals[3].assigned == 0 and totals[3].remaining == D("10000")
    assert [t.over_committed for t in totals] == [False, True, True, False, False, False]
    assert all(isinstance(t.remaining, Decimal) for t in totals)


def test_no_lines_no_totals() -> None:
    assert totals_by_priority([], []) == []


def test_assignments_must_hit_a_planned_line_and_year() -> None:
    with pytest.raises(ValueError, match="unknown budget line 'P2 Neu'"):
        totals_by_priority(LINES, [Assignment("P2 Neu", 2025, 1)])
    with pytest.raises(ValueError, match="'P1 Bestand' has no amount in 2027"):
        totals_by_priority(LINES, [Assignment("P1 Bestand", 2027, 1)])
    with pytest.raises(ValueError, match="duplicate budget line 'P1 Bestand' in 2025"):
        line_totals([*LINES, Line("P1 Bestand", 2025, 1, 5)], [])


def test_validation_of_costs_lines_and_assignments() -> None:
    with pytest.raises(ValueError, match="nature"):
        Cost(1, 2025, nature="sonstig")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="only a recurring cost"):
        Cost(1, 2025, end_year=2026)
    with pytest.raises(ValueError, match="end_year 2024 is before the first year 2025"):
        Cost(1, 2025, recurring=True, end_year=2024)
    with pytest.raises(ValueError, match="finite"):
        Cost(float("nan"), 2025)
    with pytest.raises(ValueError, match="finite"):
        Cost(D("Infinity"), 2025)
    with pytest.raises(ValueError, match="must be a number"):
        Cost("12", 2025)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="priority"):
        Line("a", 2025, 0, 1)
    with pytest.raises(ValueError, match="negative"):
        Line("a", 2025, 1, -1)
    with pytest.raises(ValueError, match="kind"):
        Assignment("a", 2025, 1, "zuschuss")  # type: ignore[arg-type]
