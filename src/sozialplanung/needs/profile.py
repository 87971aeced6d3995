"""The area profile (Steckbrief): one area on one page and in one printable PDF.

Key indicators with the city's minimum, mean and maximum beside them (``areas.comparison``),
their time series (observed, forecasts drawn apart), the social index class and dynamics,
the offers located in the area and the gap score of each offer category, both grouped by
planning domain, and a map of the area with its neighbours and offers.

Everything is read as ``user`` may see it, through the helpers the other pages use:
withheld values (statistical confidentiality) show as "•" here as there
(``areas.suppression.suppress_series``, the gap analysis' ``withheld``, the index
entry's ``withheld``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from sozialplanung.areas import queries
from sozialplanung.areas.comparison import Spread, spreads
from sozialplanung.areas.models import Area, Indicator, IndicatorValue, PlanningDomain
from sozialplanung.areas.neighbours import neighbours_of
from sozialplanung.areas.suppression import suppress_series
from sozialplanung.core.models import Municipality
from sozialplanung.core.suppression import Suppressed
from sozialplanung.offers.finder import address_line, public_offers
from sozialplanung.offers.models import Offer, OfferCategory

from .compute import analyse, parameterised_categories
from .gap_result import score_text
from .index import IndexEntry, cached_index
from .profile_chart import Series, series_svg
from .profile_map import MapPoint, area_map_svg
from .profile_values import forecast_rows, observed, variant_of


@dataclass
class IndicatorLine:
    indicator: Indicator
    period: str
    value: float | Suppressed
    origin: str
    spread: Spread | None
    series: Series

    def chart_svg(self, area: Area, width: int = 560) -> str:
        if not self.series.drawable:
            return ""
        title = _("%(name)s in %(area)s over time") % {"name": self.indicator.name, "area": area}
        return series_svg(self.series, title, self.indicator.decimals, width)


@dataclass
class GapLine:
    category: OfferCategory
    score: str  # as every page shows it (``score_text``), "•" when withheld
    rank: int | None
    withheld: bool
    explanation: str


@dataclass
class DomainBlock:
    """Offers and gaps of one planning domain (``domain`` None: categories without one)."""

    domain: PlanningDomain | None
    offers: list[tuple[Offer, str]] = field(default_factory=list)
    gaps: list[GapLine] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.domain.name if self.domain else _("Without planning domain")


@dataclass
class AreaProfile:
    municipality: Municipality
    area: Area
    indicators: list[IndicatorLine]
    index: IndexEntry | None
    index_description: str
    domains: list[DomainBlock]
    map_svg: str
    attributions: list[str]
    as_of: dt.datetime


def area_profile(municipality: Municipality, area: Area, user: Any) -> AreaProfile:
    indicators = _indicator_lines(municipality, area, user)
    offers = list(
        public_offers(municipality)
        .filter(located_in=area)
        .select_related("category__domain", "provider")
        .order_by("category__order", "category__name", "name")
    )
    index = cached_index(municipality, user)
    entry = None
    if index is not None and index.level.id == area.level_id:
        entry = next((e for e in index.entries if e.area.id == area.id), None)
    return AreaProfile(
        municipality=municipality,
        area=area,
        indicators=indicators,
        index=entry,
        index_description=index.describe() if index is not None else "",
        domains=_domain_blocks(municipality, area, user, offers),
        map_svg=_map(area, offers),
        attributions=sorted(
            {i.indicator.attribution for i in indicators if i.indicator.attribution}
        ),
        as_of=timezone.localtime(),
    )


def _indicator_lines(municipality: Municipality, area: Area, user: Any) -> list[IndicatorLine]:
    rows = (
        queries.values(municipality, user)
        .filter(area=area)
        .select_related("indicator")
        .order_by("indicator__name", "period")
    )
    series: dict[int, list[tuple[IndicatorValue, float | Suppressed]]] = defaultdict(list)
    for value, shown in suppress_series(list(observed(rows)), user):
        series[value.indicator_id].append((value, shown))
    ahead: dict[int, dict[str, list[tuple[str, float]]]] = defaultdict(lambda: defaultdict(list))
    for row in forecast_rows(area, user):
        ahead[row.indicator_id][variant_of(row)].append((row.period, float(row.value)))
    spread_of = spreads(
        municipality, area, {i: values[-1][0].period for i, values in series.items()}, user
    )
    lines = []
    for indicator_id, values in series.items():
        newest, shown = values[-1]
        # A forecast is shown only where the newest observed value is: never a way round
        # the confidentiality of the observed figures (as on the area page).
        hidden = isinstance(shown, Suppressed)
        lines.append(
            IndicatorLine(
                indicator=newest.indicator,
                period=newest.period,
                value=shown,
                origin=newest.origin,
                spread=spread_of.get(indicator_id),
                series=Series(
                    [(v.period, float(s)) for v, s in values if not isinstance(s, Suppressed)],
                    {} if hidden else {v: list(p) for v, p in ahead[indicator_id].items()},
                ),
            )
        )
    return lines


def _domain_blocks(
    municipality: Municipality, area: Area, user: Any, offers: list[Offer]
) -> list[DomainBlock]:
    """Offers located in the area and each category's gap here, by planning domain."""
    blocks: dict[int | None, DomainBlock] = {}
    domains = {d.id: d for d in PlanningDomain.objects.filter(municipality=municipality)}

    def block(domain_id: int | None) -> DomainBlock:
        if domain_id not in blocks:
            blocks[domain_id] = DomainBlock(domains.get(domain_id) if domain_id else None)
        return blocks[domain_id]

    for offer in offers:
        block(offer.category.domain_id if offer.category else None).offers.append(
            (offer, address_line(offer))
        )
    for category in parameterised_categories(municipality):
        analysis = analyse(municipality, category, user, area.level)
        row = next((r for r in analysis.rows if r.area.id == area.id), None)
        if row is None:
            continue
        block(category.domain_id).gaps.append(
            GapLine(
                category=category,
                score="•" if row.withheld else score_text(row.gap.score),
                rank=None if row.withheld else row.gap.rank,
                withheld=row.withheld,
                explanation=row.explanation,
            )
        )
    return sorted(
        blocks.values(),
        key=lambda b: (b.domain is None, b.domain.order if b.domain else 0, b.name),
    )


def _map(area: Area, offers: list[Offer]) -> str:
    own, neighbours = neighbours_of(area)
    if own is None:
        return ""
    points = [
        MapPoint(o.name, float(o.longitude), float(o.latitude))
        for o in offers
        if o.longitude is not None and o.latitude is not None
    ]
    title = _("Map of %(area)s with its neighbours and the offers located there") % {"area": area}
    return area_map_svg(area, own, neighbours, points, title)
