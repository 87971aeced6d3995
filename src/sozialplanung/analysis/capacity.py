"""Capacity planning: places available against a forecast of demand, year by year.

For capacity-bound measures (places in refugee accommodation against the expected
assignments, seats in meal offers against target group × Richtwert) the question is
whether the planned capacity meets the forecast. Per year ``Y``:

- ``existing``: the capacity already there. A single number applies to every year; a
  mapping by year carries its latest value at or before ``Y`` forward (capacity does not
  vanish because nobody re-counted it), and a year before the first known value is an
  error rather than a silent 0.
- ``added``: the sum of the measures (``Addition``) running in ``Y``, from their
  ``start_year`` through their ``end_year`` inclusive (open-ended without one). A
  negative capacity removes places, e.g. a closing accommodation.
- ``capacity = existing + added`` (not clamped at 0: a negative value shows that
  removals exceed what exists, which is an input error worth seeing).
- ``balance = capacity − demand``; the year is ``"balanced"`` when
  ``|balance| ≤ tolerance × demand`` (at the bound counts as balanced), otherwise
  ``"over"`` (more places than needed) or ``"under"``; ``"unknown"`` without a forecast
  for the year.
- ``utilisation = demand / capacity`` (1 = exactly full), None without demand or
  without positive capacity.

The tolerance is relative to demand because forecasts are: a forecast of 700 first
assignments is not precise to the place, and ±5 % of it is "enough".
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

Status = Literal["over", "under", "balanced", "unknown"]


@dataclass(frozen=True)
class Addition:
    """A measure adding (negative: removing) capacity from ``start_year`` on."""

    key: str
    capacity: float
    start_year: int
    # Last year the measure runs (inclusive); None = open-ended.
    end_year: int | None = None

    def __post_init__(self) -> None:
        if not math.isfinite(self.capacity):
            raise ValueError(f"capacity of {self.key!r} must be finite")
        if self.end_year is not None and self.end_year < self.start_year:
            raise ValueError(
                f"{self.key!r} ends in {self.end_year}, before it starts in {self.start_year}"
            )

    def active(self, year: int) -> bool:
        """Whether the measure contributes capacity in ``year``."""
        return self.start_year <= year and (self.end_year is None or year <= self.end_year)


@dataclass(frozen=True)
class CapacityYear:
    """Capacity against demand in one year."""

    year: int
    demand: float | None
    existing: float
    added: float
    capacity: float
    # capacity − demand: positive = more places than needed; None without demand.
    balance: float | None
    status: Status

    @property
    def utilisation(self) -> float | None:
        """``demand / capacity``; None without demand or without positive capacity."""
        if self.demand is None or self.capacity <= 0:
            return None
        return self.demand / self.capacity


def additions_by_year(
    years: Sequence[int], additions: Sequence[Addition]
) -> dict[int, dict[str, float]]:
    """Per year (sorted), the capacity each measure contributes, by measure key.

    Only measures running in that year appear; several additions with the same key (a
    measure built in stages) are summed.
    """
    result: dict[int, dict[str, float]] = {}
    for year in sorted(set(years)):
        contributions: dict[str, float] = defaultdict(float)
        for addition in additions:
            if addition.active(year):
                contributions[addition.key] += float(addition.capacity)
        result[year] = dict(sorted(contributions.items()))
    return result


def _existing_in(existing: Mapping[int, float] | float, year: int) -> float:
    if not isinstance(existing, Mapping):
        return float(existing)
    known = [y for y in existing if y <= year]
    if not known:
        raise ValueError(f"no existing capacity known for {year} or any year before")
    return float(existing[max(known)])


def _status(balance: float | None, demand: float | None, tolerance: float) -> Status:
    if balance is None or demand is None:
        return "unknown"
    # A balance exactly at the bound counts as balanced; the relative slack keeps it so
    # when binary floating point misses it (a capacity of 1.05 for a demand of 1 at 5 %
    # gives a balance of 0.050000000000000044 against a bound of 0.05).
    if abs(balance) <= tolerance * demand * (1 + 1e-12):
        return "balanced"
    return "over" if balance > 0 else "under"


def capacity_balance(
    years: Sequence[int],
    demand: Mapping[int, float],
    existing: Mapping[int, float] | float,
    additions: Sequence[Addition],
    tolerance: float = 0.05,
) -> list[CapacityYear]:
    """Capacity against demand for each of ``years`` (sorted, duplicates dropped).

    ``demand`` may lack years (their status is "unknown"); ``existing`` is one number for
    all years or a mapping whose latest value at or before a year applies.
    """
    if not math.isfinite(tolerance) or tolerance < 0:
        raise ValueError(f"tolerance must be a non-negative number, got {tolerance}")
    for year, value in demand.items():
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"demand in {year} must be finite and non-negative, got {value}")
    values = existing.values() if isinstance(existing, Mapping) else [existing]
    for value in values:
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"existing capacity must be finite and non-negative, got {value}")

    contributions = additions_by_year(years, additions)
    result: list[CapacityYear] = []
    for year, measures in contributions.items():
        wanted = demand.get(year)
        wanted = None if wanted is None else float(wanted)
        there = _existing_in(existing, year)
        added = float(sum(measures.values()))
        capacity = there + added
        balance = None if wanted is None else capacity - wanted
        result.append(
            CapacityYear(
                year=year,
                demand=wanted,
                existing=there,
                added=added,
                capacity=capacity,
                balance=balance,
                status=_status(balance, wanted, tolerance),
            )
        )
    return result
