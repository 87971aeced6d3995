"""JSON API of areas, indicators and values (django-ninja, mounted under /api/).

Every read goes through ``areas.queries`` and thereby through ``visible_to``: an
anonymous caller sees public data only, a logged-in user what their role allows. An
indicator the caller may not see answers exactly like one that does not exist (same
status, same body), so that not even its existence leaks.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Path, Query, Router
from ninja.errors import HttpError

from sozialplanung.core.models import Municipality
from sozialplanung.core.pages import municipality_or_404
from sozialplanung.core.suppression import Suppressed, json_value

from . import queries
from .api_schemas import (
    ERRORS,
    FEATURE_COLLECTION_SCHEMA,
    AreaOut,
    CentroidOut,
    IndicatorOut,
    LevelOut,
    MunicipalityOut,
    ValuePageOut,
)
from .models import Area, AreaLevel, Indicator, IndicatorValue
from .simplification import default_tolerance_m
from .suppression import suppress_series, suppress_values

router = Router()

# Parameters are constrained so that odd input is a 422 before it reaches the database
# (PostgreSQL refuses NUL characters; SQLite overflows on huge integers).
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
CODE_PATTERN = r"^[^\x00-\x1f\x7f]+$"
PERIOD_PATTERN = r"^[0-9]{4}(-Q[1-4])?$"
MAX_LIMIT = 10_000
MAX_OFFSET = 1_000_000_000
MAX_SIMPLIFY_M = 1000.0

SlugPath = Annotated[str, Path(pattern=SLUG_PATTERN, max_length=80)]
LevelQuery = Annotated[
    str | None,
    Query(None, pattern=SLUG_PATTERN, max_length=80, description="Kurzname der Gebietsebene"),
]
IndicatorQuery = Annotated[
    str | None,
    Query(None, pattern=SLUG_PATTERN, max_length=80, description="Kurzname des Indikators"),
]
PeriodQuery = Annotated[
    str | None,
    Query(
        None,
        pattern=PERIOD_PATTERN,
        description="Zeitraum: Jahr „2023“ oder Quartal „2023-Q1“",
    ),
]

NOT_FOUND_MUNICIPALITY = "Kommune nicht gefunden."
NOT_FOUND_LEVEL = "Gebietsebene nicht gefunden."
NOT_FOUND_AREA = "Gebiet nicht gefunden."
NOT_FOUND_INDICATOR = "Indikator nicht gefunden."


def _german_docs(extra_responses: dict[int, Any] | None = None) -> dict[str, Any]:
    """openapi_extra giving the error responses German descriptions."""
    return {
        "responses": {
            404: {"description": "Nicht gefunden (oder für Sie nicht sichtbar)"},
            422: {"description": "Ungültige Parameter"},
            **(extra_responses or {}),
        }
    }


# --- Lookups that turn "absent or not visible" into one German 404 ------------------


def _municipality(slug: str) -> Municipality:
    try:
        return municipality_or_404(slug)
    except Http404:
        raise HttpError(404, NOT_FOUND_MUNICIPALITY) from None


def _level(municipality: Municipality, slug: str) -> AreaLevel:
    try:
        return queries.level_or_404(municipality, slug)
    except Http404:
        raise HttpError(404, NOT_FOUND_LEVEL) from None


def _finest_level(municipality: Municipality) -> AreaLevel:
    level = queries.levels(municipality).order_by("-depth").first()
    if level is None:
        raise HttpError(404, NOT_FOUND_LEVEL)
    return level


def _indicator(request: HttpRequest, municipality: Municipality, slug: str) -> Indicator:
    try:
        return queries.indicator_or_404(municipality, slug, request.user)
    except Http404:
        raise HttpError(404, NOT_FOUND_INDICATOR) from None


def _indicator_out(
    indicator: Indicator, visible_slugs: dict[int, str], periods: list[str]
) -> dict[str, Any]:
    # Numerator and denominator are named only when the caller may see them too.
    return {
        "slug": indicator.slug,
        "name": indicator.name,
        "description": indicator.description,
        "unit": indicator.unit,
        "kind": indicator.kind,
        "numerator": visible_slugs.get(indicator.numerator_id or 0),
        "denominator": visible_slugs.get(indicator.denominator_id or 0),
        "scale": indicator.scale,
        "decimals": indicator.decimals,
        "source": indicator.source,
        "licence": indicator.licence,
        "periods": periods,
    }


def _periods_by_indicator(
    request: HttpRequest, municipality: Municipality, indicators: list[Indicator]
) -> dict[int, list[str]]:
    """{indicator id: periods} in one query, read through ``visible_to``."""
    rows = (
        queries.values(municipality, request.user)
        .filter(indicator__in=indicators)
        .order_by()
        .values_list("indicator_id", "period")
        .distinct()
    )
    result: dict[int, list[str]] = {i.id: [] for i in indicators}
    for indicator_id, period in rows:
        result[indicator_id].append(period)
    return {key: sorted(periods) for key, periods in result.items()}


# --- Routes -----------------------------------------------------------------------------


@router.get(
    "/municipalities",
    response=list[MunicipalityOut],
    operation_id="listMunicipalities",
    summary="Kommunen auflisten",
    description="Alle Kommunen dieser Installation, nach Namen sortiert.",
    tags=["Kommunen"],
)
def list_municipalities(request: HttpRequest) -> QuerySet[Municipality]:
    return Municipality.objects.order_by("name")


@router.get(
    "/municipalities/{slug}",
    response={200: MunicipalityOut, **ERRORS},
    openapi_extra=_german_docs(),
    operation_id="getMunicipality",
    summary="Eine Kommune",
    description="Stammdaten einer Kommune. 404, wenn es den Kurznamen nicht gibt.",
    tags=["Kommunen"],
)
def get_municipality(request: HttpRequest, slug: SlugPath) -> Municipality:
    return _municipality(slug)


@router.get(
    "/municipalities/{slug}/levels",
    response={200: list[LevelOut], **ERRORS},
    openapi_extra=_german_docs(),
    operation_id="listLevels",
    summary="Gebietsebenen einer Kommune",
    description="Die Ebenen der Gebietshierarchie, von der ganzen Kommune (Tiefe 0) "
    "bis zur feinsten Ebene.",
    tags=["Gebiete"],
)
def list_levels(request: HttpRequest, slug: SlugPath) -> QuerySet[AreaLevel]:
    return queries.levels(_municipality(slug))


@router.get(
    "/municipalities/{slug}/areas",
    response={200: list[AreaOut], **ERRORS},
    openapi_extra=_german_docs(),
    operation_id="listAreas",
    summary="Gebiete einer Kommune",
    description="Gebiete mit übergeordnetem Gebiet, gemeinsamer statistischer Ausweisung, "
    "Fläche und Mittelpunkt der heute gültigen Grenze. Ohne `level` alle Ebenen, "
    "grobe zuerst.",
    tags=["Gebiete"],
)
def list_areas(request: HttpRequest, slug: SlugPath, level: LevelQuery = None) -> list[AreaOut]:
    municipality = _municipality(slug)
    areas = Area.objects.filter(municipality=municipality).select_related(
        "level", "parent", "reported_with"
    )
    if level is not None:
        areas = areas.filter(level=_level(municipality, level))
    areas = areas.order_by("level__depth", "code")
    boundaries = queries.current_boundaries(areas)
    result = []
    for area in areas:
        boundary = boundaries.get(area.id)
        result.append(
            AreaOut(
                code=area.code,
                name=area.name,
                level=area.level.slug,
                parent=area.parent.code if area.parent else None,
                reported_with=area.reported_with.code if area.reported_with else None,
                area_km2=boundary.area_km2 if boundary else None,
                centroid=CentroidOut(lon=boundary.centroid_lon, lat=boundary.centroid_lat)
                if boundary
                else None,
            )
        )
    return result


@router.get(
    "/municipalities/{slug}/areas.geojson",
    response={200: None, **ERRORS},
    operation_id="getAreasGeojson",
    summary="Gebiete einer Ebene als GeoJSON",
    description="FeatureCollection (WGS84, RFC 7946) der Gebiete einer Ebene mit ihrer heute "
    "gültigen Grenze. Feature-`id` ist der Gebietsschlüssel; `properties` enthalten "
    "code, name, level, parent, value und reported_with. Ohne `level` die feinste Ebene. "
    "Mit `indicator` trägt `value` den Wert im Zeitraum `period` (ohne `period`: der "
    "neueste Zeitraum mit Werten auf dieser Ebene); ohne `indicator` ist `value` null. "
    "Geheim gehaltene Werte (statistische Geheimhaltung) sind null mit "
    "`suppressed: true`. "
    "`simplify` vereinfacht die Grenzen um so viele Meter (0 = unverändert); ohne "
    "`simplify` gilt die Vorgabe der Ebene (ein Hundertstel der Seitenlänge eines "
    "typischen Gebiets, 5 bis 200 m; docs/api.md).",
    tags=["Gebiete"],
    openapi_extra=_german_docs(
        {
            200: {
                "description": "GeoJSON FeatureCollection",
                "content": {"application/geo+json": {"schema": FEATURE_COLLECTION_SCHEMA}},
            }
        }
    ),
)
def areas_geojson(
    request: HttpRequest,
    slug: SlugPath,
    level: LevelQuery = None,
    simplify: Annotated[
        float | None,
        Query(
            None,
            ge=0,
            le=MAX_SIMPLIFY_M,
            description="Vereinfachung in Metern (0 bis 1000, 0 = unverändert); "
            "ohne Angabe die Vorgabe der Ebene",
        ),
    ] = None,
    indicator: IndicatorQuery = None,
    period: PeriodQuery = None,
) -> HttpResponse:
    municipality = _municipality(slug)
    chosen = _level(municipality, level) if level is not None else _finest_level(municipality)
    values: dict[int, float | Suppressed] | None = None
    if indicator is not None:
        shown = _indicator(request, municipality, indicator)
        if period is None:
            periods = queries.periods(shown, chosen)
            period = periods[-1] if periods else None
        if period is not None:
            values = suppress_values(
                shown, chosen, period, queries.values_by_area(shown, chosen, period), request.user
            )
    if simplify is None:
        simplify = default_tolerance_m(chosen)
    collection = queries.areas_feature_collection(chosen, simplify_m=simplify, values=values)
    return HttpResponse(
        json.dumps(collection, ensure_ascii=False, separators=(",", ":")),
        content_type="application/geo+json",
    )


@router.get(
    "/municipalities/{slug}/indicators",
    response={200: list[IndicatorOut], **ERRORS},
    openapi_extra=_german_docs(),
    operation_id="listIndicators",
    summary="Indikatoren einer Kommune",
    description="Die Indikatoren, die Sie sehen dürfen (anonym: nur öffentliche), mit den "
    "Zeiträumen, für die Werte vorliegen.",
    tags=["Indikatoren"],
)
def list_indicators(request: HttpRequest, slug: SlugPath) -> list[dict[str, Any]]:
    municipality = _municipality(slug)
    shown = list(queries.indicators(municipality, request.user))
    visible_slugs = {i.id: i.slug for i in shown}
    periods = _periods_by_indicator(request, municipality, shown)
    return [_indicator_out(i, visible_slugs, periods[i.id]) for i in shown]


@router.get(
    "/municipalities/{slug}/indicators/{indicator}",
    response={200: IndicatorOut, **ERRORS},
    openapi_extra=_german_docs(),
    operation_id="getIndicator",
    summary="Ein Indikator",
    description="Definition eines Indikators. 404, wenn es ihn nicht gibt oder Sie ihn "
    "nicht sehen dürfen (beides ist nicht unterscheidbar).",
    tags=["Indikatoren"],
)
def get_indicator(
    request: HttpRequest,
    slug: SlugPath,
    indicator: SlugPath,
) -> dict[str, Any]:
    municipality = _municipality(slug)
    shown = _indicator(request, municipality, indicator)
    related = [i for i in (shown.numerator_id, shown.denominator_id) if i]
    visible_slugs = dict(
        queries.indicators(municipality, request.user)
        .filter(id__in=[shown.id, *related])
        .values_list("id", "slug")
    )
    periods = _periods_by_indicator(request, municipality, [shown])
    return _indicator_out(shown, visible_slugs, periods[shown.id])


@router.get(
    "/municipalities/{slug}/values",
    response={200: ValuePageOut, **ERRORS},
    openapi_extra=_german_docs(),
    operation_id="listValues",
    summary="Indikatorwerte",
    description="Werte je Indikator, Gebiet und Zeitraum, seitenweise (`limit`, `offset`). "
    "Die Filter lassen sich kombinieren. `area` ist der Gebietsschlüssel; gibt es ihn "
    "auf mehreren Ebenen, grenzt `level` ein. Sortiert nach Indikator, Ebene, Gebiet, "
    "Zeitraum. Geheim gehaltene Werte (kleine Fallzahlen, kleine Gebiete, siehe "
    "docs/datenschutz.md) haben `value: null` und `suppressed: true`.",
    tags=["Indikatoren"],
)
def list_values(
    request: HttpRequest,
    slug: SlugPath,
    indicator: IndicatorQuery = None,
    area: Annotated[
        str | None,
        Query(None, pattern=CODE_PATTERN, max_length=50, description="Gebietsschlüssel"),
    ] = None,
    level: LevelQuery = None,
    period: PeriodQuery = None,
    limit: Annotated[
        int, Query(1000, ge=1, le=MAX_LIMIT, description="Höchstzahl der Zeilen (bis 10000)")
    ] = 1000,
    offset: Annotated[
        int, Query(0, ge=0, le=MAX_OFFSET, description="Anzahl zu überspringender Zeilen")
    ] = 0,
) -> dict[str, Any]:
    municipality = _municipality(slug)
    rows = queries.values(municipality, request.user)
    if indicator is not None:
        rows = rows.filter(indicator=_indicator(request, municipality, indicator))
    if level is not None:
        rows = rows.filter(area__level=_level(municipality, level))
    if area is not None:
        areas = Area.objects.filter(municipality=municipality, code=area)
        if level is not None:
            areas = areas.filter(level__slug=level)
        area_ids = list(areas.values_list("id", flat=True))
        if not area_ids:
            raise HttpError(404, NOT_FOUND_AREA)
        rows = rows.filter(area_id__in=area_ids)
    if period is not None:
        rows = rows.filter(period=period)
    page = rows.select_related("indicator", "area__level").order_by(
        "indicator__slug", "area__level__depth", "area__code", "period", "id"
    )[offset : offset + limit]
    items = [_value_out(v, value) for v, value in suppress_series(list(page), request.user)]
    return {"count": rows.count(), "limit": limit, "offset": offset, "items": items}


def _value_out(value: IndicatorValue, shown: float | Suppressed) -> dict[str, Any]:
    return {
        "indicator": value.indicator.slug,
        "area": value.area.code,
        "level": value.area.level.slug,
        "period": value.period,
        **json_value(shown),
        "origin": value.origin,
    }
