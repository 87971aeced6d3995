"""The gap analysis of one municipality and category, from the database to page rows.

Loads areas (hierarchy, current centroids), the target group (the category's indicator,
newest period, finest level), the category's active offers with coordinates and weekly
capacity, and the need reports the reader may see (newest period); hands arrays to the
pure ``analysis`` package (coverage, accessibility, gaps) and returns rows for pages and
exports, together with the parameters and data dates that every ranking states. What it
returns (``GapAnalysis`` with its rows) and how that is worded are in ``needs.gap_result``.

Demand points: the current centroid of each area of the finest level, weighted by its
target group (newest period). This is the documented simplification of the demo; a
population grid would give a finer "no offer within 800 m" share.

Need reports are internal records: the public ranking is computed without them (their
component is left out and the weights renormalised), and says so. For readers who get
suppressed numbers (``core.suppression``), areas below the minimum population or with a
withheld target group show "•" instead of their figures, rank and colour. So do areas
whose figures would reveal a provider's capacity (``core.suppression.withheld_offer_cells``):
supply from fewer than the minimum of providers located there, or accessibility from
fewer than the minimum of providers within reach; the score and rank go with them, since
both are computed from that capacity.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np
from django.conf import settings
from django.utils.translation import gettext as _
from pyproj import Transformer

from sozialplanung.analysis.accessibility import two_step_fca
from sozialplanung.analysis.coverage import within_reach
from sozialplanung.analysis.gaps import AreaFigures, AreaGap, GapWeights, gap_scores
from sozialplanung.areas import queries
from sozialplanung.areas.models import Area, AreaLevel
from sozialplanung.areas.queries import current_boundaries
from sozialplanung.core import computed
from sozialplanung.core.models import Municipality
from sozialplanung.offers.models import OfferCategory

from .gap_inputs import GapInputs, Site, Variation, load_inputs, provider_key, rolled_up
from .gap_result import GapAnalysis, GapRow, explain
from .index import cached_index
from .models import CategoryParameters, GapSettings

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from sozialplanung.core.models import User

    Reader = User | AnonymousUser | None
else:
    Reader = Any


def category_parameters(category: OfferCategory) -> CategoryParameters | None:
    return (
        CategoryParameters.objects.filter(category=category)
        .select_related("target_indicator")
        .first()
    )


def gap_weights(municipality: Municipality) -> GapWeights:
    stored = GapSettings.objects.filter(municipality=municipality).first()
    return stored.weights() if stored else GapWeights()


def _withheld(
    municipality: Municipality, params: CategoryParameters, period: str, user: Reader
) -> set[int]:
    from sozialplanung.areas.suppression import withheld_areas
    from sozialplanung.core.suppression import needs_suppression

    if not needs_suppression(user, municipality):
        return set()
    return withheld_areas(municipality, period, [params.target_indicator], user)


def analyse(
    municipality: Municipality,
    category: OfferCategory,
    user: Reader,
    level: AreaLevel | None = None,
    variation: Variation | None = None,
) -> GapAnalysis:
    """Coverage, accessibility and gap ranking of ``category`` for every area; with a
    ``variation``, of the data as it would be in a forecast year or a scenario.

    Computed once per data version and clearance (``core.computed``): a page view with
    the result at hand does no analysis work and reads no data.
    """
    return computed.remember(
        "gaps",
        municipality.id,
        user,
        (
            category.id,
            level.id if level is not None else "",
            variation.key if variation is not None else "",
        ),
        lambda: _analyse(municipality, category, user, level, variation),
    )


def _analyse(
    municipality: Municipality,
    category: OfferCategory,
    user: Reader,
    level: AreaLevel | None = None,
    variation: Variation | None = None,
) -> GapAnalysis:
    params = category_parameters(category)
    result = GapAnalysis(municipality, category, params, gap_weights(municipality), level)
    result.variation = variation
    result.index_message = _("not yet computed for this municipality; left out of the score")
    index = cached_index(municipality, user)
    index_classes: dict[int, int] = {}
    if index is not None and index.evaluated:
        result.index = index
        result.index_message = index.describe()
        index_classes = index.classes()
    if params is None:
        result.message = _("No reference value is set for this category yet.")
        return result
    inputs = load_inputs(municipality, category, params, user)
    if inputs is None:
        result.message = _("No areas have been loaded.")
        return result
    if variation is not None:
        inputs = variation.apply(inputs, user)
    _compute(result, inputs, index_classes, user, level)
    return result


def _compute(
    result: GapAnalysis,
    inputs: GapInputs,
    index_classes: dict[int, int],
    user: Reader,
    level: AreaLevel | None,
) -> None:
    municipality, params, areas, leaves = (
        result.municipality,
        inputs.params,
        inputs.areas,
        inputs.leaves,
    )
    result.params = params
    result.areas = areas
    result.target_period = inputs.target_period
    result.offers = inputs.sites
    result.reports_visible = inputs.reports_visible
    result.reports_period = inputs.reports_period
    supply: dict[int, float] = {}
    for site in inputs.sites:
        if site.located:
            supply[site.located[0]] = supply.get(site.located[0], 0.0) + site.capacity
    target, reported = inputs.target, inputs.reported

    access, unreached, in_reach = _accessibility(areas, leaves, target, inputs.sites, params)
    figures = [
        AreaFigures(
            area_id=a_id,
            parent_id=a.parent_id,
            target=target.get(a_id) if a_id in leaves else None,
            supply=supply.get(a_id, 0.0),
            reported=(reported.get(a_id, 0.0) if a_id in leaves else reported.get(a_id))
            if result.reports_visible
            else None,
            accessibility=access.get(a_id),
            unreached_share=unreached.get(a_id),
            index_class=index_classes.get(a_id),
        )
        for a_id, a in areas.items()
    ]
    gaps = gap_scores(figures, params.richtwert, result.weights)
    # Without the need reports, as the public gets it (same inputs otherwise).
    public_gaps = (
        gap_scores([replace(f, reported=None) for f in figures], params.richtwert, result.weights)
        if result.reports_visible
        else {}
    )
    result.gaps = gaps
    hidden = _withheld(municipality, params, inputs.target_period, user)
    capacity_hidden = _capacity_withheld(areas, inputs.sites, in_reach, gaps, user, municipality)
    from sozialplanung.core.suppression import needs_suppression

    result.true_values = not needs_suppression(user, municipality)
    result.withheld_areas = hidden | capacity_hidden

    levels = {a.level.id: a.level for a in areas.values()}
    if level is None or level.id not in levels:
        finest = max(a.level.depth for a in areas.values())
        level = levels[next(a for a in areas.values() if a.level.depth == finest).level_id]
    result.level = level
    offer_counts: dict[int, int] = {}
    for site in inputs.sites:
        for area_id in site.located:
            offer_counts[area_id] = offer_counts.get(area_id, 0) + 1
    rows = [
        GapRow(
            area=a,
            gap=gaps[a_id],
            offer_count=offer_counts.get(a_id, 0),
            explanation="",
            withheld=a_id in hidden or a_id in capacity_hidden,
            capacity_withheld=a_id in capacity_hidden,
            public_score=public_gaps[a_id].score if a_id in public_gaps else None,
        )
        for a_id, a in areas.items()
        if a.level_id == level.id
    ]
    for row in rows:
        row.explanation = "" if row.withheld else explain(row, result)
    rows.sort(
        key=lambda r: (
            r.withheld or r.gap.rank is None,
            r.gap.rank or 0,
            r.area.code,
        )
    )
    result.rows = rows


def _capacity_withheld(
    areas: dict[int, Area],
    sites: list[Site],
    in_reach: dict[int, set[int]],
    gaps: dict[int, AreaGap],
    user: Reader,
    municipality: Municipality,
) -> set[int]:
    """Areas whose supply or accessibility would reveal a provider's capacity to ``user``.

    Supply counts the providers of the offers located in the area (rolled up as supply
    is), accessibility those of the offers within reach of its demand points; each with
    secondary suppression along the hierarchy (supply sums up, accessibility as the
    target-weighted sum). Empty for readers who see true values.
    """
    from sozialplanung.core.suppression import needs_suppression, withheld_offer_cells

    if not needs_suppression(user, municipality):
        return set()
    located: dict[int, set[int]] = {}
    for site in sites:
        if site.located:
            located.setdefault(site.located[0], set()).add(provider_key(site))
    ids = list(areas)
    index = {a_id: i for i, a_id in enumerate(ids)}
    parent_of = [index.get(areas[a_id].parent_id) for a_id in ids]  # type: ignore[arg-type]

    def weighted_access(gap: AreaGap) -> float | None:
        if gap.accessibility is None or gap.coverage.target is None:
            return None
        return gap.accessibility * gap.coverage.target

    hidden: set[int] = set()
    for providers, value in (
        (rolled_up(areas, located), lambda g: g.coverage.supply),
        (rolled_up(areas, in_reach), weighted_access),
    ):
        mask = withheld_offer_cells(
            [len(providers[a_id]) for a_id in ids],
            [value(gaps[a_id]) for a_id in ids],
            parent_of,
            user,
            municipality=municipality,
        )
        hidden |= {a_id for a_id, withheld in zip(ids, mask, strict=True) if withheld}
    return hidden


def _accessibility(
    areas: dict[int, Area],
    leaves: set[int],
    target: dict[int, float],
    sites: list[Site],
    params: CategoryParameters,
) -> tuple[dict[int, float], dict[int, float], dict[int, set[int]]]:
    """E2SFCA value, unreached share and the providers within the catchment, per finest
    area (its centroid as demand point)."""
    boundaries = current_boundaries(Area.objects.filter(id__in=leaves))
    ids = [a for a in sorted(leaves) if a in boundaries and (target.get(a) or 0) > 0]
    if not ids:
        return {}, {}, {}
    to_metric = Transformer.from_crs("EPSG:4326", settings.METRIC_CRS, always_xy=True)
    dx, dy = to_metric.transform(
        [boundaries[a].centroid_lon for a in ids], [boundaries[a].centroid_lat for a in ids]
    )
    demand_xy = np.column_stack([dx, dy])
    demand = np.array([target[a] for a in ids], dtype=float)
    if sites:
        sx, sy = to_metric.transform([s.longitude for s in sites], [s.latitude for s in sites])
        supply_xy = np.column_stack([sx, sy])
        capacity = np.array([s.capacity for s in sites], dtype=float)
        steps = [(float(b), float(w)) for b, w in (params.steps or [])] or None
        acc = two_step_fca(demand_xy, demand, supply_xy, capacity, params.catchment_m, steps)
    else:
        supply_xy = np.zeros((0, 2))
        acc = np.zeros(len(ids))
    reach = within_reach(demand_xy, supply_xy, params.catchment_m)
    near: list[list[int]] = (
        _kd_tree(supply_xy).query_ball_point(demand_xy, params.catchment_m).tolist()
        if sites
        else [[] for _a in ids]
    )
    return (
        {a: float(v) for a, v in zip(ids, acc, strict=True)},
        {a: 0.0 if r else 1.0 for a, r in zip(ids, reach.tolist(), strict=True)},
        {a: {provider_key(sites[j]) for j in js} for a, js in zip(ids, near, strict=True)},
    )


def parameterised_categories(municipality: Municipality) -> list[OfferCategory]:
    """The offer categories with parameters: those a gap analysis exists for."""
    return list(
        OfferCategory.objects.filter(municipality=municipality, parameters__isnull=False)
        .select_related("parameters__target_indicator", "domain")
        .order_by("order", "name")
    )


def gap_levels(municipality: Municipality) -> list[AreaLevel]:
    return [lvl for lvl in queries.levels(municipality) if lvl.depth > 0]


def chosen_analysis(
    municipality: Municipality,
    query: Mapping[str, str],
    user: Any,
    categories: list[OfferCategory] | None = None,
    levels: list[AreaLevel] | None = None,
) -> GapAnalysis | None:
    """The analysis the query string chooses (``kategorie``, ``ebene``; ``bereich``: only
    the categories of that planning domain; ``prognose``/``variante``: for a forecast
    year, needs.forecast), None without any."""
    from sozialplanung.areas.domains import chosen_domain

    from .forecast import chosen_forecast

    categories = parameterised_categories(municipality) if categories is None else categories
    domain = chosen_domain(municipality, query)
    if domain is not None:
        categories = [c for c in categories if c.domain_id == domain.id]
    if not categories:
        return None
    levels = gap_levels(municipality) if levels is None else levels
    category = {c.slug: c for c in categories}.get(query.get("kategorie", ""), categories[0])
    level = {lvl.slug: lvl for lvl in levels}.get(query.get("ebene", ""))
    return analyse(municipality, category, user, level, chosen_forecast(municipality, query))


def _kd_tree(points: Any) -> Any:
    # Imported on first use: SciPy's spatial module costs every process (each command,
    # each server worker) about a second at start-up otherwise.
    from scipy.spatial import cKDTree

    return cKDTree(points)
