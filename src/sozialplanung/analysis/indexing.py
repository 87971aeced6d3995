"""Dynamisierung: the grant an offer needs to keep its capacity as costs rise.

Grants under a funding guideline often stay flat for years while wages and rents rise,
so the same amount buys fewer staff hours every year. A scenario sets a yearly rate for
personnel costs ``r_p`` and one for material costs ``r_m``. From a base year's grant,
split into its personnel share ``p`` and material share ``1 − p``, the grant needed in
year ``Y`` to keep the base year's capacity is

``needed(Y) = granted(base) × (p × (1 + r_p)^(Y − base) + (1 − p) × (1 + r_m)^(Y − base))``

The two shares are compounded separately (not with a blended rate) because that is how
cost increases actually arrive: a collective wage agreement lifts the personnel share,
inflation the material share. Then, per year,

- ``gap = needed − granted`` (positive: the grant buys less than in the base year),
- ``cumulative_gap``: the gaps summed from the base year through this year, i.e. the
  total the provider has had to absorb (by cutting hours, or from own funds),
- ``real_change = granted / needed − 1``: the change of the grant in base-year money
  (−0.08 = the grant is worth 8 % less than in the base year).

**Base year.** Either the scenario names one for all series, or each series (one ``key``,
normally one offer) starts at its first year with a positive grant. The base year's own
``personnel_share`` is used for all later years: the question is what keeping *that*
capacity costs. Years before the base year are dropped, not deflated: the method looks
forward from a known grant. A year without a record in the middle of a series is unknown,
not zero, and contributes nothing to the cumulative gap (record ``granted=0`` for a year
in which the provider got nothing).

Amounts are floats (a compound rate makes an exact decimal pointless); convert the
database's ``Decimal`` with ``float()`` and round only for display.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Scenario:
    """Yearly cost increase rates (0.03 = 3 % a year) and an optional common base year."""

    personnel_rate: float
    material_rate: float
    # None: each series starts at its own first year with a positive grant.
    base_year: int | None = None

    def __post_init__(self) -> None:
        for name in ("personnel_rate", "material_rate"):
            rate = getattr(self, name)
            # A rate of −1 or below would make costs zero or negative after one year.
            if not math.isfinite(rate) or rate <= -1:
                raise ValueError(f"{name} must be a finite number greater than −1, got {rate}")


@dataclass(frozen=True)
class GrantYear:
    """The amount granted to one series (``key``, e.g. an offer) in one year."""

    key: str
    year: int
    granted: float
    # Share of the grant spent on personnel; the rest counts as material costs.
    personnel_share: float = 0.8

    def __post_init__(self) -> None:
        if not math.isfinite(self.granted) or self.granted < 0:
            raise ValueError(
                f"granted must be a finite non-negative amount ({self.key} {self.year})"
            )
        _check_share(self.personnel_share)


@dataclass(frozen=True)
class IndexedYear:
    """Granted against needed amount of one series in one year since its base year."""

    key: str
    year: int
    granted: float
    needed: float
    # needed − granted: positive means the grant is too small to keep the capacity.
    gap: float
    # Sum of the gaps from the base year through this year.
    cumulative_gap: float

    @property
    def real_change(self) -> float:
        """``granted / needed − 1``: the grant's change in base-year money."""
        # needed is never 0: the base grant is positive and both rates exceed −1.
        return self.granted / self.needed - 1.0


def _check_share(share: float) -> None:
    if not 0.0 <= share <= 1.0:
        raise ValueError(f"personnel_share must be between 0 and 1, got {share}")


def needed_grant(
    base_amount: float, personnel_share: float, years: int, scenario: Scenario
) -> float:
    """The amount that buys in ``years`` years what ``base_amount`` buys now.

    ``years`` may be negative (the same formula then deflates), but the series functions
    below only ever pass years since the base year.
    """
    _check_share(personnel_share)
    personnel = personnel_share * (1.0 + scenario.personnel_rate) ** years
    material = (1.0 - personnel_share) * (1.0 + scenario.material_rate) ** years
    return float(base_amount) * (personnel + material)


def _indexed(
    base: GrantYear, rows: Sequence[tuple[int, float]], scenario: Scenario
) -> list[IndexedYear]:
    """``rows`` (year, granted) at or after ``base.year``, in year order."""
    result: list[IndexedYear] = []
    cumulative = 0.0
    for year, granted in rows:
        needed = needed_grant(base.granted, base.personnel_share, year - base.year, scenario)
        gap = needed - granted
        cumulative += gap
        result.append(
            IndexedYear(
                key=base.key,
                year=year,
                granted=granted,
                needed=needed,
                gap=gap,
                cumulative_gap=cumulative,
            )
        )
    return result


def index_series(grants: Sequence[GrantYear], scenario: Scenario) -> list[IndexedYear]:
    """Needed against granted amounts of every series, sorted by key and year.

    Raises ValueError for a duplicate (key, year), and for a key without a positive grant
    in the scenario's base year (or, without a common base year, in any year).
    """
    by_key: dict[str, dict[int, GrantYear]] = defaultdict(dict)
    for grant in grants:
        if grant.year in by_key[grant.key]:
            raise ValueError(f"duplicate grant for {grant.key!r} in {grant.year}")
        by_key[grant.key][grant.year] = grant

    result: list[IndexedYear] = []
    for key in sorted(by_key):
        series = by_key[key]
        if scenario.base_year is not None:
            base = series.get(scenario.base_year)
            if base is None or base.granted <= 0:
                raise ValueError(f"{key!r} has no grant in the base year {scenario.base_year}")
        else:
            funded = [year for year, g in series.items() if g.granted > 0]
            if not funded:
                raise ValueError(f"{key!r} has no year with a grant to use as base year")
            base = series[min(funded)]
        rows = [(year, float(series[year].granted)) for year in sorted(series) if year >= base.year]
        result.extend(_indexed(base, rows, scenario))
    return result


def projection(base: GrantYear, until_year: int, scenario: Scenario) -> list[IndexedYear]:
    """What happens if nothing changes: the grant held flat from ``base.year`` on.

    One row per year from ``base.year`` through ``until_year``. ``base`` is the base
    year here; ``scenario.base_year`` is ignored, so one scenario serves both the series
    and projections from its latest grant.
    """
    if base.granted <= 0:
        raise ValueError(f"{base.key!r} needs a positive grant in {base.year} to project from")
    if until_year < base.year:
        raise ValueError(f"until_year {until_year} is before the base year {base.year}")
    rows = [(year, float(base.granted)) for year in range(base.year, until_year + 1)]
    return _indexed(base, rows, scenario)
