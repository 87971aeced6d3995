"""Grants for one reader: the table per guideline, provider and offer, and their indexing.

A *series* is one offer's (or, without an offer, one provider's) grants under one
guideline, one per year (the model's unique constraint). ``analysis.indexing`` computes
per series what the grant would have to be to keep its base year's capacity
(Dynamisierung), and what happens if the latest grant stays flat until the end of the
budget. A year whose grant has not been decided yet (``granted`` empty) is unknown, not
zero, and left out, as the analysis expects.

Scenario rates are stored and entered in percent (3,5); the analysis takes fractions.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from sozialplanung.analysis.indexing import (
    GrantYear,
    IndexedYear,
    Scenario,
    index_series,
    projection,
)
from sozialplanung.core.formats.numbers import parse_decimal
from sozialplanung.core.models import Municipality
from sozialplanung.offers.models import Offer, Provider

from .models import BudgetLine, FundingGuideline, Grant, IndexingScenario

ZERO = Decimal(0)


@dataclass
class Series:
    key: str
    guideline: FundingGuideline
    provider: Provider
    offer: Offer | None
    grants: dict[int, Grant] = field(default_factory=dict)
    # (year, grant, title of its budget line if the reader may see that line), by year.
    rows: list[tuple[int, Grant, str]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.offer.name if self.offer else self.provider.name


@dataclass(frozen=True)
class MoneyTotal:
    year: int
    applied: Decimal
    granted: Decimal
    paid: Decimal


@dataclass
class GrantTable:
    series: list[Series]
    years: list[int]
    totals: list[MoneyTotal]
    # Budget lines the reader may see, by id: a grant's line is named only if it is here.
    lines: dict[int, BudgetLine]

    def by_guideline(self) -> list[tuple[FundingGuideline, list[Series]]]:
        groups: dict[int, list[Series]] = defaultdict(list)
        for series in self.series:
            groups[series.guideline.pk].append(series)
        return [(group[0].guideline, group) for group in groups.values()]


def grant_table(municipality: Municipality, user: Any) -> GrantTable:
    grants = (
        Grant.objects.visible_to(user)
        .filter(provider__municipality=municipality)
        .select_related("provider", "offer", "guideline")
        .order_by("guideline__name", "provider__name", "offer__name", "year")
    )
    by_key: dict[str, Series] = {}
    for grant in grants:
        key = f"{grant.guideline_id}-{grant.provider_id}-{grant.offer_id or 0}"
        series = by_key.setdefault(key, Series(key, grant.guideline, grant.provider, grant.offer))
        series.grants[grant.year] = grant
    years = sorted({year for s in by_key.values() for year in s.grants})
    totals = []
    for year in years:
        rows = [s.grants[year] for s in by_key.values() if year in s.grants]
        totals.append(
            MoneyTotal(
                year,
                applied=sum((g.applied or ZERO for g in rows), ZERO),
                granted=sum((g.granted or ZERO for g in rows), ZERO),
                paid=sum((g.paid or ZERO for g in rows), ZERO),
            )
        )
    lines = {
        line.pk: line
        for line in BudgetLine.objects.visible_to(user).filter(budget__municipality=municipality)
    }
    for series in by_key.values():
        series.rows = [
            (year, g, str(lines[g.budget_line_id]) if g.budget_line_id in lines else "")
            for year, g in sorted(series.grants.items())
        ]
    return GrantTable(list(by_key.values()), years, totals, lines)


# --- Scenarios ----------------------------------------------------------------------------


class RateError(ValueError):
    """A rate the user typed that is not a usable percentage; the message says why."""


# Above this a "yearly cost increase" is a typo (35 for 3,5), not a scenario.
MAX_RATE_PERCENT = 100.0


def parse_percent(text: str, label: str) -> float:
    """A yearly rate in percent as German offices write it ("3,5", "2", "-1,25")."""
    try:
        number = parse_decimal(text.strip().removesuffix("%"))
    except ValueError:
        number = None
    if number is None:
        raise RateError(
            _("%(label)s: “%(value)s” is not a number. Enter a percentage such as 3,5.")
            % {"label": label, "value": text}
        )
    value = float(number)
    if not math.isfinite(value) or value <= -100 or value > MAX_RATE_PERCENT:
        raise RateError(
            _("%(label)s: %(value)s %% is not possible; enter a rate above −100 and up to 100.")
            % {"label": label, "value": text}
        )
    return value


@dataclass(frozen=True)
class ChosenScenario:
    """The rates in use, in percent, with the stored scenario they come from (if any)."""

    name: str
    personnel_percent: float
    material_percent: float
    base_year: int | None
    stored: IndexingScenario | None = None

    @property
    def scenario(self) -> Scenario:
        return Scenario(self.personnel_percent / 100, self.material_percent / 100, self.base_year)

    @classmethod
    def from_model(cls, row: IndexingScenario) -> ChosenScenario:
        return cls(
            row.name, float(row.personnel_rate), float(row.material_rate), row.base_year, row
        )


# --- Indexing -----------------------------------------------------------------------------


@dataclass
class IndexedSeries:
    series: Series
    rows: list[IndexedYear]
    projection: list[IndexedYear]
    # Why the series could not be indexed (no grant in the base year …); empty if it was.
    problem: str = ""

    @property
    def table_rows(self) -> list[tuple[IndexedYear, float]]:
        """Each year with the grant's real change in percent (−8 = worth 8 % less)."""
        return [(row, row.real_change * 100) for row in self.rows]


@dataclass(frozen=True)
class IndexTotal:
    year: int
    granted: float
    needed: float
    gap: float


@dataclass
class Indexing:
    chosen: ChosenScenario
    series: list[IndexedSeries]
    totals: list[IndexTotal]
    until_year: int | None
    projection_totals: list[IndexTotal]

    @property
    def indexed(self) -> list[IndexedSeries]:
        return [s for s in self.series if not s.problem]

    @property
    def skipped(self) -> list[IndexedSeries]:
        return [s for s in self.series if s.problem]


def _grant_years(series: Series) -> list[GrantYear]:
    return [
        GrantYear(series.key, year, float(g.granted), float(g.personnel_share))
        for year, g in sorted(series.grants.items())
        if g.granted is not None
    ]


def _totals(rows: list[IndexedYear]) -> list[IndexTotal]:
    sums: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for row in rows:
        acc = sums[row.year]
        acc[0] += row.granted
        acc[1] += row.needed
        acc[2] += row.gap
    return [IndexTotal(year, *values) for year, values in sorted(sums.items())]


def indexing(table: GrantTable, chosen: ChosenScenario, until_year: int | None) -> Indexing:
    """Needed against granted amounts per series and year, and the flat projection.

    Each series is indexed on its own so that one without a grant in the scenario's
    base year is reported rather than failing the whole page. The projection runs from
    a series' latest positive grant to ``until_year`` (the budget's last year), if that
    lies later.
    """
    scenario = chosen.scenario
    result: list[IndexedSeries] = []
    for series in table.series:
        grant_years = _grant_years(series)
        try:
            rows = index_series(grant_years, scenario)
        except ValueError:
            problem = (
                _("no grant in the base year %(year)s") % {"year": scenario.base_year}
                if scenario.base_year is not None
                else _("no year with a grant")
            )
            result.append(IndexedSeries(series, [], [], problem))
            continue
        funded = [g for g in grant_years if g.granted > 0]
        latest = funded[-1] if funded else None
        ahead: list[IndexedYear] = []
        if latest is not None and until_year is not None and until_year > latest.year:
            ahead = projection(latest, until_year, scenario)
        result.append(IndexedSeries(series, rows, ahead))
    indexed = [s for s in result if not s.problem]
    return Indexing(
        chosen=chosen,
        series=result,
        totals=_totals([row for s in indexed for row in s.rows]),
        until_year=until_year,
        projection_totals=_totals([row for s in indexed for row in s.projection]),
    )
