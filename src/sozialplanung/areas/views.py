"""Pages of areas and indicators: overview, map, area profile, indicator.

Every read goes through ``queries`` (and so through ``visible_to``); a non-public
indicator is a 404 for whoever may not read it, on every page and export.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from sozialplanung.analysis.classify import METHODS
from sozialplanung.core import computed
from sozialplanung.core.audit import trail_for
from sozialplanung.core.formats.numbers import de_number
from sozialplanung.core.formats.periods import period_label
from sozialplanung.core.models import Municipality
from sozialplanung.core.pages import municipality_or_404, page_context
from sozialplanung.core.suppression import Suppressed, number_or_none
from sozialplanung.core.suppression import title as suppressed_title
from sozialplanung.core.visibility import is_internal

from . import choropleth, queries
from .charts import bar_chart, line_chart
from .comparison import spreads
from .domains import chosen_domain, domains_of
from .forecasts import (
    forecast_label,
    forecast_periods,
    forecast_tables,
    forecast_values_by_area,
    forecasts_of_area,
)
from .models import Area, AreaBoundary, AreaLevel, Indicator, IndicatorValue, MapBaseLayer
from .neighbours import neighbours_of
from .ranking import indicator_selection, ranking
from .suppression import suppress_series, suppress_values


def overview(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = municipality_or_404(slug)
    levels = queries.levels(municipality).annotate(area_count=Count("areas"))
    domain = chosen_domain(municipality, request.GET)
    indicators_qs = queries.indicators(municipality, request.user).prefetch_related("domains")
    if domain is not None:
        indicators_qs = indicators_qs.filter(domains=domain)
    indicators = list(indicators_qs)
    newest = dict(
        queries.values(municipality, request.user)
        .values("indicator_id")
        .annotate(newest=Max("period"))
        .values_list("indicator_id", "newest")
    )
    for indicator in indicators:
        indicator.newest_period = newest.get(indicator.id)
    attributions = sorted({i.attribution for i in indicators if i.attribution})
    return render(
        request,
        "areas/overview.html",
        {
            **page_context(request, municipality, "overview"),
            "levels": levels,
            "indicators": indicators,
            "attributions": attributions,
            "domains": domains_of(municipality),
            "domain": domain,
        },
    )


def _choose(options: list[str], wanted: str | None, default: str | None) -> str | None:
    return wanted if wanted in options else default


def _boundary_sources(level: AreaLevel) -> list[str]:
    rows = AreaBoundary.objects.filter(area__level=level, valid_to__isnull=True).exclude(source="")
    return sorted(set(rows.values_list("source", flat=True)))


def map_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Choropleth of one indicator, level and period; the table below is the fallback."""
    municipality = municipality_or_404(slug)
    levels = list(queries.levels(municipality))
    map_levels = [lvl for lvl in levels if lvl.depth > 0] or levels
    indicators = list(queries.indicators(municipality, request.user))
    ctx: dict[str, Any] = {
        **page_context(request, municipality, "map"),
        "levels": map_levels,
        "indicators": indicators,
        "methods": [(m, _method_label(m)) for m in METHODS],
        "class_counts": list(range(choropleth.MIN_CLASSES, choropleth.MAX_CLASSES + 1)),
    }
    if not map_levels or not indicators:
        return render(request, "areas/map.html", ctx)

    indicator_slugs = [i.slug for i in indicators]
    indicator_slug = _choose(indicator_slugs, request.GET.get("indikator"), indicator_slugs[0])
    indicator = next(i for i in indicators if i.slug == indicator_slug)
    level, wanted, with_data = map_level(map_levels, indicator, request.GET.get("ebene", ""))
    ctx.update(
        {
            # The level asked for had no values: the map moved to one that has, and says so.
            "level_moved_from": wanted if wanted != level else None,
            "levels_with_data": with_data,
        }
    )
    periods = queries.periods(indicator, level)
    # Forecast periods follow the observed ones in the choice, as "2030|<variant>".
    forecasts = forecast_periods(indicator, level, request.user)
    options = [*periods, *(value for value, _label in forecasts)]
    period = _choose(options, request.GET.get("zeitraum"), periods[-1] if periods else None)
    forecast = dict(forecasts).get(period or "")
    method = _choose(list(METHODS), request.GET.get("klassen"), "quantile")
    try:
        k = int(request.GET.get("anzahl", "5"))
    except ValueError:
        k = 5
    k = min(max(k, choropleth.MIN_CLASSES), choropleth.MAX_CLASSES)

    areas = list(Area.objects.filter(level=level).select_related("level", "reported_with__level"))
    if forecast is not None:
        # A forecast is withheld where the newest observed value is (never a way round
        # the confidentiality of the observed figures).
        raw = forecast_values_by_area(indicator, level, period or "", request.user)
        by_area = (
            suppress_values(indicator, level, periods[-1], raw, request.user) if periods else {}
        )
    else:
        raw = queries.values_by_area(indicator, level, period) if period else {}
        # Withheld values (statistical confidentiality) neither enter the classes nor the
        # legend counts; they get their own grey.
        by_area = suppress_values(indicator, level, period, raw, request.user) if period else {}
    own = [a for a in areas if a.reported_with_id is None]
    classification = choropleth.classify(
        [number_or_none(by_area.get(a.id)) for a in own], method, k
    )
    colour_of = {a.id: c for a, c in zip(own, classification.colours, strict=True)}
    rows, colours = [], {}
    for area in areas:
        value = by_area.get(area.id)
        if area.reported_with_id is not None:
            colour = choropleth.REPORTED_WITH_COLOUR
        elif isinstance(value, Suppressed):
            colour = choropleth.SUPPRESSED_COLOUR
        else:
            colour = colour_of.get(area.id) or choropleth.NO_DATA_COLOUR
        colours[area.code] = colour
        rows.append({"area": area, "value": value, "colour": colour})
    labels = {
        r["area"].code: {
            "name": str(r["area"]),
            "value": _value_text(r["value"], indicator, r["area"]),
            "url": _area_url(municipality, level, r["area"]),
        }
        for r in rows
    }
    ctx.update(
        {
            "level": level,
            "indicator": indicator,
            "periods": [(p, period_label(p)) for p in periods] + forecasts,
            "period": period,
            "period_label": forecast or (period_label(period) if period else ""),
            "forecast": forecast,
            "method": method,
            "k": k,
            "legend": classification.classes,
            "no_data_colour": choropleth.NO_DATA_COLOUR,
            "suppressed_colour": choropleth.SUPPRESSED_COLOUR,
            "has_suppressed": any(isinstance(r["value"], Suppressed) for r in rows),
            "reported_with_colour": choropleth.REPORTED_WITH_COLOUR,
            "has_no_data": any(r["value"] is None and not r["area"].reported_with_id for r in rows),
            "has_reported_with": any(r["area"].reported_with_id for r in rows),
            "rows": rows,
            "colours": colours,
            "labels": labels,
            # The API (areas/api.py) serves the shapes; this page only says how to colour them.
            "geojson_url": f"/api/municipalities/{municipality.slug}/areas.geojson"
            f"?level={level.slug}",  # the level's default simplification (simplification.py)
            "boundary_sources": _boundary_sources(level),
        }
    )
    base_layer = MapBaseLayer.objects.filter(municipality=municipality).first()
    if base_layer is not None:
        ctx["base_layer"] = {
            "kind": base_layer.kind,
            "url": base_layer.url,
            "layers": base_layer.wms_layers,
            "attribution": base_layer.attribution,
        }
    response = render(request, "areas/map.html", ctx)
    if base_layer is not None:
        # The page's policy admits images from this one server, the rest stays closed.
        response._csp_update = {"img-src": [base_layer.origin]}  # type: ignore[attr-defined]
    return response


def map_level(
    levels: list[AreaLevel], indicator: Indicator, wanted_slug: str
) -> tuple[AreaLevel, AreaLevel, list[AreaLevel]]:
    """The level the map shows for ``indicator``: the one asked for when it has values,
    else the finest level that has; with the level asked for (or the finest level) and
    the levels with values (some indicators exist only for coarser levels, e.g. the
    unemployment figures only for Stadtbezirke)."""
    with_data = set(
        AreaLevel.objects.filter(
            areas__values__indicator=indicator, areas__values__variant=""
        ).values_list("id", flat=True)
    )
    offered = [lvl for lvl in levels if lvl.id in with_data]
    wanted = next((lvl for lvl in levels if lvl.slug == wanted_slug), levels[-1])
    if wanted.id in with_data or not offered:
        return wanted, wanted, offered
    return offered[-1], wanted, offered


def _method_label(method: str) -> str:
    return {
        "quantile": _("Quantiles (equal counts)"),
        "equal": _("Equal intervals"),
        "jenks": _("Natural breaks (Jenks)"),
    }[method]


def _area_url(municipality: Municipality, level: AreaLevel, area: Area) -> str:
    return reverse("areas:area", args=[municipality.slug, level.slug, area.code])


def _value_text(value: float | Suppressed | None, indicator: Indicator, area: Area) -> str:
    if area.reported_with_id is not None:
        return _("contained in %(area)s") % {"area": area.reported_with}
    if isinstance(value, Suppressed):
        return f"• ({suppressed_title()})"
    if value is None:
        return _("no data")
    unit = f" {indicator.unit}" if indicator.unit else ""
    return de_number(value, indicator.decimals) + unit


def area_page(request: HttpRequest, slug: str, level: str, code: str) -> HttpResponse:
    municipality = municipality_or_404(slug)
    area = get_object_or_404(
        Area.objects.select_related("level", "parent__level", "reported_with__level"),
        municipality=municipality,
        level__slug=level,
        code=code,
    )
    area.municipality = municipality  # read already: the offers list needs it
    children = area.children.select_related("level").order_by("code")
    boundaries = area.boundaries.defer("geometry").order_by("-valid_from")
    series: dict[int, list[IndicatorValue]] = defaultdict(list)
    indicator_of: dict[int, Indicator] = {}
    # Observed and forecast values in one read; forecasts are shown apart (forecasts.py).
    rows = list(
        IndicatorValue.all_variants.visible_to(request.user)
        .filter(indicator__municipality=municipality, area=area)
        .select_related("indicator")
        .order_by("indicator__name", "variant", "period")
    )
    forecasts = forecasts_of_area([r for r in rows if r.variant])
    # Statistical confidentiality: withheld values show as "•" and are not drawn.
    for value, shown in suppress_series([r for r in rows if not r.variant], request.user):
        series[value.indicator_id].append((value, shown))
        indicator_of[value.indicator_id] = value.indicator
    blocks = []
    for indicator_id, values in series.items():
        indicator = indicator_of[indicator_id]
        newest, newest_shown = values[-1]
        drawn = [(v.period, shown) for v, shown in values if not isinstance(shown, Suppressed)]
        # Forecasts only beside an observed value the reader may see (never a way round
        # the statistical confidentiality of the observed figures).
        own = {} if isinstance(newest_shown, Suppressed) else forecasts.get(indicator_id, {})
        charted = next(iter(own.items()), None)
        blocks.append(
            {
                "indicator": indicator,
                "newest": newest,
                "newest_value": newest_shown,
                "values": [(v, period_label(v.period), shown) for v, shown in values],
                "chart": line_chart(
                    drawn, indicator.decimals, forecast=charted[1] if charted else None
                )
                if len(drawn) > 1
                else None,
                "forecast_label": forecast_label(charted[0]) if charted else "",
                "forecasts": [
                    (forecast_label(variant), [(period_label(p), v) for p, v in rows])
                    for variant, rows in own.items()
                ],
            }
        )
    newest = {b["indicator"].id: b["newest"].period for b in blocks}
    # The level's spreads and the neighbours are the same for every area page of a
    # clearance until the data change: read from core.computed, so that a page view
    # neither scans the level's values nor parses every boundary of the level.
    spread_of = computed.remember(
        "spreads",
        municipality.id,
        request.user,
        (area.level_id, computed.digest(sorted(newest.items()))),
        lambda: spreads(municipality, area, newest, request.user),
    )
    for block in blocks:
        block["spread"] = spread_of.get(block["indicator"].id)
    own, neighbours = computed.remember(
        "neighbours",
        municipality.id,
        None,  # boundaries are public
        (area.id, dt.date.today()),  # today's boundaries
        lambda: neighbours_of(area),
    )
    map_features = []
    if own is not None:
        map_features.append(_feature(municipality, area, own, "self"))
        map_features += [_feature(municipality, a, b, "neighbour") for a, b in neighbours]
    return render(
        request,
        "areas/area.html",
        {
            **page_context(request, municipality, "area"),
            "area": area,
            "children": children,
            "boundaries": boundaries,
            "blocks": blocks,
            "reports_also": area.reports_also.select_related("level").order_by("code"),
            "neighbours": [a for a, _b in neighbours],
            "map_features": {"type": "FeatureCollection", "features": map_features},
            "trail": trail_for(area, request.user)[:50] if is_internal(request.user) else None,
            "attributions": sorted(
                {b["indicator"].attribution for b in blocks if b["indicator"].attribution}
            ),
            "boundary_sources": sorted({b.source for b in boundaries if b.source}),
        },
    )


def _feature(municipality: Municipality, area: Area, boundary: AreaBoundary, role: str) -> dict:
    return {
        "type": "Feature",
        "id": area.code,
        "geometry": boundary.geojson(),
        "properties": {
            "name": str(area),
            "role": role,
            "url": _area_url(municipality, area.level, area),
        },
    }


def indicator_page(request: HttpRequest, slug: str, indicator: str) -> HttpResponse:
    municipality = municipality_or_404(slug)
    ind = queries.indicator_or_404(municipality, indicator, request.user)
    levels, level, periods, period = indicator_selection(request.GET, ind)
    rows = ranking(ind, level, period, request.user) if level and period else []
    ranked = [r for r in rows if r["rank"] is not None]
    # Numerator and denominator are named only when the reader may see them too.
    readable = {
        i.id: i
        for i in queries.indicators(municipality, request.user).filter(
            id__in=[x for x in (ind.numerator_id, ind.denominator_id) if x]
        )
    }
    return render(
        request,
        "areas/indicator.html",
        {
            **page_context(request, municipality, "indicator"),
            "indicator": ind,
            "numerator": readable.get(ind.numerator_id),
            "denominator": readable.get(ind.denominator_id),
            "levels": levels,
            "level": level,
            "periods": [(p, period_label(p)) for p in periods],
            "period": period,
            "period_label": period_label(period) if period else "",
            "ranking": rows,
            "chart": bar_chart([(str(r["area"]), r["value"]) for r in ranked], ind.decimals)
            if ranked
            else None,
            "trail": trail_for(ind, request.user)[:50] if is_internal(request.user) else None,
            "forecast_tables": forecast_tables(ind, request.user),
        },
    )
