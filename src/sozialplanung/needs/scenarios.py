"""A scenario as a variation of the gap analysis: today's inputs, changed as planned.

``variation_of(scenario)`` reads the scenario once into plain data (``ScenarioVariation``,
small and picklable: the cached analysis keeps it) and ``apply`` changes a copy of the
inputs of one category's analysis:

- planned offers of the category become sites (without provider) where they lie,
- closed offers leave the sites,
- the housing quarter's residents (dwellings × persons per household) times the share
  of the category's target group go into the target group of the quarter's finest area,
- a changed Richtwert replaces the category's.

The computation itself is the same as today's (``needs.compute``), so a scenario's gaps
are by construction those of the changed data. The key names the scenario and its last
change (``modified``, which every save of the scenario or of a planned offer moves).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from sozialplanung.areas.models import Area
from sozialplanung.offers.locate import locator_for

from .gap_inputs import GapInputs, Reader, Site

if TYPE_CHECKING:
    from .models import Scenario


@dataclass(frozen=True)
class PlannedSite:
    category_id: int
    name: str
    longitude: float
    latitude: float
    capacity: float
    located: tuple[int, ...]  # areas it lies in, the deepest first


@dataclass(frozen=True)
class ScenarioVariation:
    """The changes of one scenario, as ``needs.compute.Variation``."""

    key: str
    label: str
    planned: tuple[PlannedSite, ...] = ()
    closed: frozenset[int] = frozenset()
    quarter_area_id: int | None = None
    residents: float = 0.0
    # {target indicator id: share of the new residents counted in it}
    shares: dict[int, float] = field(default_factory=dict)
    # {category id: Richtwert per 1,000}
    richtwerte: dict[int, float] = field(default_factory=dict)

    def apply(self, inputs: GapInputs, user: Reader) -> GapInputs:
        params = inputs.params
        sites = [s for s in inputs.sites if s.offer is None or s.offer.pk not in self.closed]
        sites += [
            Site(
                name=p.name,
                longitude=p.longitude,
                latitude=p.latitude,
                capacity=p.capacity,
                located=list(p.located),
            )
            for p in self.planned
            if p.category_id == params.category_id
        ]
        target = dict(inputs.target)
        added = self.residents * self.shares.get(params.target_indicator_id, 0.0)
        if added and self.quarter_area_id in inputs.leaves:
            area_id = self.quarter_area_id
            target[area_id] = target.get(area_id, 0.0) + added
        if params.category_id in self.richtwerte:
            # A copy: the category's parameters of today stay as they are.
            params = copy.copy(params)
            params.richtwert = self.richtwerte[params.category_id]
        return replace(inputs, params=params, sites=sites, target=target)


def variation_of(scenario: Scenario) -> ScenarioVariation:
    from sozialplanung.areas.models import Indicator
    from sozialplanung.offers.models import OfferCategory

    municipality = scenario.municipality
    planned = list(scenario.planned_offers.all())
    depth = dict(Area.objects.filter(municipality=municipality).values_list("id", "level__depth"))
    locator = locator_for(municipality)
    located = locator.area_ids_many([(p.longitude, p.latitude) for p in planned])
    slugs = dict(
        Indicator.objects.filter(
            municipality=municipality, slug__in=list(scenario.target_shares)
        ).values_list("slug", "id")
    )
    categories = dict(
        OfferCategory.objects.filter(
            municipality=municipality, slug__in=list(scenario.reference_values)
        ).values_list("slug", "id")
    )
    return ScenarioVariation(
        key=f"scenario:{scenario.pk}:{scenario.modified.isoformat()}",
        label=scenario.name,
        planned=tuple(
            PlannedSite(
                category_id=p.category_id,
                name=p.name,
                longitude=p.longitude,
                latitude=p.latitude,
                capacity=p.weekly_capacity,
                located=tuple(sorted(ids, key=lambda a: -depth.get(a, 0))),
            )
            for p, ids in zip(planned, located, strict=True)
        ),
        closed=frozenset(scenario.closed_offers.values_list("pk", flat=True)),
        quarter_area_id=quarter_area_id(scenario, locator, depth),
        residents=scenario.residents,
        shares={slugs[s]: float(v) for s, v in scenario.target_shares.items() if s in slugs},
        richtwerte={
            categories[s]: float(v) for s, v in scenario.reference_values.items() if s in categories
        },
    )


def quarter_area_id(scenario: Scenario, locator: object, depth: dict[int, int]) -> int | None:
    """The finest area of the housing quarter: the one chosen, else the deepest area its
    point lies in."""
    if scenario.quarter_area_id is not None:
        return scenario.quarter_area_id
    if scenario.quarter_longitude is None or scenario.quarter_latitude is None:
        return None
    ids = locator.area_ids_at(scenario.quarter_longitude, scenario.quarter_latitude)  # type: ignore[attr-defined]
    return max(ids, key=lambda a: depth.get(a, 0)) if ids else None
