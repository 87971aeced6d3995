"""A measure's costs by year, as the plan table, the measure page and the exports show them.

The arithmetic (one-off in a year, recurring through an end year or open-ended) is
``analysis.budget``'s; here the model rows are handed over and the result labelled.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from sozialplanung.analysis.budget import Cost, costs_by_year
from sozialplanung.core.formats.numbers import de_number

from .models import MeasureCost


def money(value: Decimal) -> str:
    """ "850.000 €" for whole euros (as budgets are planned), "1.234,50 €" otherwise."""
    places = 0 if value == value.to_integral_value() else 2
    return f"{de_number(value, places)}\u00a0€"


@dataclass(frozen=True)
class CostYear:
    year: int
    amount: Decimal
    onwards: bool = False  # an open-ended recurring cost goes on after this year

    @property
    def amount_text(self) -> str:
        return money(self.amount)


def as_analysis_costs(costs: Iterable[MeasureCost]) -> list[Cost]:
    return [
        Cost(
            amount=c.amount,
            year=c.year,
            recurring=c.recurring,
            end_year=c.end_year if c.recurring else None,
            nature=c.nature,  # type: ignore[arg-type]
        )
        for c in costs
    ]


def cost_span(costs: Sequence[MeasureCost]) -> list[int]:
    """The years a list of costs covers (an open-ended cost counts from its first year)."""
    if not costs:
        return []
    first = min(c.year for c in costs)
    last = max((c.end_year or c.year) if c.recurring else c.year for c in costs)
    return list(range(first, last + 1))


def cost_years(costs: Sequence[MeasureCost]) -> list[CostYear]:
    """The measure's cost per year; the last year is marked when costs go on after it."""
    years = cost_span(costs)
    if not years:
        return []
    amounts = costs_by_year(as_analysis_costs(costs), years)
    onwards = any(c.recurring and c.end_year is None for c in costs)
    return [
        CostYear(year, amount, onwards and year == years[-1]) for year, amount in amounts.items()
    ]
