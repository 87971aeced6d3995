"""Public JSON API of the offer finder (django-ninja, mounted under /api/).

The same for every caller, logged in or not: offers that are not closed, with their
public fields only. Staffing, funding, need reports, capacity and visits stay in the
internal inventory and are not read here at all. Reads go through ``offers.finder``,
as the finder pages do.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError, ValidationError

from sozialplanung.areas.api import (
    CODE_PATTERN,
    ERRORS,
    LevelQuery,
    SlugPath,
    _german_docs,
    _municipality,
)
from sozialplanung.areas.models import Area
from sozialplanung.core.models import Municipality

from . import finder
from .models import Offer

router = Router(tags=["Angebote"])

MAX_LIMIT = 1000
MAX_OFFSET = 1_000_000
NOT_FOUND_OFFER = "Angebot nicht gefunden."
NOT_FOUND_CATEGORY = "Angebotsart nicht gefunden."
NOT_FOUND_TARGET_GROUP = "Zielgruppe nicht gefunden."
NOT_FOUND_AREA = "Gebiet nicht gefunden."

# --- Schemas ---------------------------------------------------------------------------


class NamedOut(Schema):
    slug: str = Field(description="Kurzname")
    name: str


class CategoryOut(NamedOut):
    description: str
    parent: str | None = Field(description="Kurzname der übergeordneten Angebotsart")


class TargetGroupOut(NamedOut):
    description: str


class ProviderOut(Schema):
    name: str
    website: str


class AreaRefOut(Schema):
    code: str = Field(description="Gebietsschlüssel")
    name: str
    level: str = Field(description="Kurzname der Gebietsebene")


class OpeningHoursOut(Schema):
    weekday: int = Field(description="0 = Montag … 6 = Sonntag")
    opens: str = Field(description="HH:MM, Ortszeit Europe/Berlin")
    closes: str = Field(description="HH:MM, Ortszeit Europe/Berlin")


class ClosureOut(Schema):
    start: dt.date
    end: dt.date
    note: str


class OfferSummaryOut(Schema):
    id: int
    name: str
    category: NamedOut
    provider: ProviderOut
    status: str = Field(description="aktiv oder pausiert")
    street_address: str
    postal_code: str
    locality: str
    lat: float | None = Field(description="Breite (WGS84)")
    lon: float | None = Field(description="Länge (WGS84)")
    opening_hours: str = Field(description="Öffnungszeiten in einer Zeile")
    distance_m: float | None = Field(
        description="Entfernung in Metern zu lat/lon der Anfrage (sonst null)"
    )
    is_example: bool = Field(description="Beispieldaten (synthetisch, nicht real)")


class OfferOut(OfferSummaryOut):
    description: str
    target_groups: list[NamedOut]
    phone: str
    email: str
    website: str
    accessibility: str
    languages: str
    weekly_hours: list[OpeningHoursOut]
    closures: list[ClosureOut] = Field(description="Schließzeiten ab heute")
    located_in: list[AreaRefOut] = Field(description="Gebiete jeder Ebene, in denen es liegt")
    serves: list[AreaRefOut] = Field(description="Gebiete, die es versorgt")
    last_confirmed: dt.date | None = Field(description="Zuletzt vom Träger bestätigt")


class OfferPageOut(Schema):
    count: int = Field(description="Anzahl aller Treffer (ohne Seitenbegrenzung)")
    limit: int
    offset: int
    items: list[OfferSummaryOut]


_POINT_COLLECTION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "OfferFeatureCollection",
    "required": ["type", "features"],
    "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "id", "geometry", "properties"],
                "properties": {
                    "type": {"type": "string", "enum": ["Feature"]},
                    "id": {"type": "integer", "description": "Id des Angebots"},
                    "geometry": {
                        "type": "object",
                        "required": ["type", "coordinates"],
                        "properties": {
                            "type": {"type": "string", "enum": ["Point"]},
                            "coordinates": {"type": "array", "items": {"type": "number"}},
                        },
                    },
                    "properties": {
                        "type": "object",
                        "required": ["name", "category", "provider", "is_example", "url"],
                        "properties": {
                            "name": {"type": "string"},
                            "category": {"type": "string"},
                            "provider": {"type": "string"},
                            "is_example": {"type": "boolean"},
                            "url": {"type": "string"},
                        },
                    },
                },
            },
        },
    },
}


# --- Filters ---------------------------------------------------------------------------


def _filters(
    municipality: Municipality,
    category: str | None,
    target_group: str | None,
    area: str | None,
    level: str | None,
    open_now: bool,
    q: str | None,
    lat: float | None,
    lon: float | None,
) -> finder.Filters:
    chosen_category = chosen_group = chosen_area = None
    if category is not None:
        chosen_category = finder.categories(municipality).filter(slug=category).first()
        if chosen_category is None:
            raise HttpError(404, NOT_FOUND_CATEGORY)
    if target_group is not None:
        chosen_group = finder.target_groups(municipality).filter(slug=target_group).first()
        if chosen_group is None:
            raise HttpError(404, NOT_FOUND_TARGET_GROUP)
    if area is not None:
        areas = Area.objects.filter(municipality=municipality, code=area)
        if level is not None:
            areas = areas.filter(level__slug=level)
        found = list(areas.order_by("level__depth")[:2])
        # A code used on two levels is ambiguous without ``level``: take the coarser one.
        if not found:
            raise HttpError(404, NOT_FOUND_AREA)
        chosen_area = found[0]
    if (lat is None) != (lon is None):
        missing = "lon" if lon is None else "lat"
        raise ValidationError(
            [
                {
                    "type": "missing",
                    "loc": ["query", missing],
                    "msg": "lat und lon nur gemeinsam angeben.",
                }
            ]
        )
    return finder.Filters(
        category=chosen_category,
        target_group=chosen_group,
        area=chosen_area,
        open_now=open_now,
        text=q or "",
        lat=lat,
        lon=lon,
    )


CategoryParam = Annotated[
    str | None,
    Query(None, pattern=r"^[-a-zA-Z0-9_]+$", max_length=80, description="Angebotsart (Kurzname)"),
]
TargetGroupParam = Annotated[
    str | None,
    Query(None, pattern=r"^[-a-zA-Z0-9_]+$", max_length=80, description="Zielgruppe (Kurzname)"),
]
AreaParam = Annotated[
    str | None,
    Query(
        None,
        pattern=CODE_PATTERN,
        max_length=50,
        description="Gebietsschlüssel (jede Ebene): Angebote, die darin liegen oder es versorgen",
    ),
]
OpenNowParam = Annotated[
    bool, Query(False, description="Nur jetzt geöffnete (Ortszeit, ohne Schließzeiten)")
]
TextParam = Annotated[
    str | None,
    Query(
        None,
        max_length=200,
        pattern=r"^[^\x00-\x1f\x7f]*$",
        description="Suchtext in Name, Beschreibung, Träger und Adresse",
    ),
]
LatParam = Annotated[
    float | None, Query(None, ge=-90, le=90, description="Breite: nach Entfernung sortieren")
]
LonParam = Annotated[
    float | None, Query(None, ge=-180, le=180, description="Länge: nach Entfernung sortieren")
]


# --- Output ----------------------------------------------------------------------------


def _summary(offer: Offer, distance: float | None) -> dict[str, Any]:
    return {
        "id": offer.pk,
        "name": offer.name,
        "category": {"slug": offer.category.slug, "name": offer.category.name},
        "provider": {"name": offer.provider.name, "website": offer.provider.website},
        "status": offer.status,
        "street_address": offer.street_address,
        "postal_code": offer.postal_code,
        "locality": offer.locality,
        "lat": offer.latitude,
        "lon": offer.longitude,
        "opening_hours": finder.hours_summary(offer),
        "distance_m": round(distance, 1) if distance is not None else None,
        "is_example": offer.is_example,
    }


def _area_ref(area: Area) -> dict[str, str]:
    return {"code": area.code, "name": area.name, "level": area.level.slug}


def _detail(offer: Offer) -> dict[str, Any]:
    return {
        **_summary(offer, None),
        "description": offer.description,
        "target_groups": [{"slug": g.slug, "name": g.name} for g in offer.target_groups.all()],
        "phone": offer.phone,
        "email": offer.email,
        "website": offer.website,
        "accessibility": offer.accessibility,
        "languages": offer.languages,
        "weekly_hours": [
            {"weekday": s.weekday, "opens": f"{s.opens:%H:%M}", "closes": f"{s.closes:%H:%M}"}
            for s in offer.opening_hours.all()
        ],
        "closures": [
            {"start": c.start, "end": c.end, "note": c.note} for c in offer.closures_ahead
        ],
        "located_in": [_area_ref(a) for a in offer.located_in.all()],
        "serves": [_area_ref(a) for a in offer.serves.all()],
        "last_confirmed": offer.last_confirmed,
    }


# --- Routes ----------------------------------------------------------------------------


@router.get(
    "/municipalities/{slug}/offers",
    response={200: OfferPageOut, **ERRORS},
    openapi_extra=_german_docs(),
    operation_id="listOffers",
    summary="Angebote suchen",
    description="Öffentliche Angebote (aktiv oder pausiert) einer Kommune, gefiltert und "
    "seitenweise (`limit`, `offset`). Sortiert nach Namen oder, mit `lat` und `lon`, nach "
    "Entfernung (Angebote ohne Ort zuletzt). `area` trifft Angebote, die im Gebiet liegen "
    "oder es versorgen; gibt es den Schlüssel auf mehreren Ebenen, grenzt `level` ein.",
)
def list_offers(
    request: HttpRequest,
    slug: SlugPath,
    category: CategoryParam = None,
    target_group: TargetGroupParam = None,
    area: AreaParam = None,
    level: LevelQuery = None,
    open_now: OpenNowParam = False,
    q: TextParam = None,
    lat: LatParam = None,
    lon: LonParam = None,
    limit: Annotated[
        int, Query(100, ge=1, le=MAX_LIMIT, description="Höchstzahl (bis 1000)")
    ] = 100,
    offset: Annotated[int, Query(0, ge=0, le=MAX_OFFSET, description="Zu überspringen")] = 0,
) -> dict[str, Any]:
    municipality = _municipality(slug)
    filters = _filters(municipality, category, target_group, area, level, open_now, q, lat, lon)
    offers = finder.filtered(municipality, filters)
    ids, distances = finder.ordered_ids(offers, filters)
    page = finder.page_of(offers, ids[offset : offset + limit])
    return {
        "count": len(ids),
        "limit": limit,
        "offset": offset,
        "items": [_summary(o, distances.get(o.pk)) for o in page],
    }


@router.get(
    "/municipalities/{slug}/offers.geojson",
    response={200: None, **ERRORS},
    operation_id="getOffersGeojson",
    summary="Angebote als GeoJSON",
    description="FeatureCollection (WGS84, RFC 7946) der gefilterten Angebote mit Ort; "
    "Filter wie bei „Angebote suchen“. `properties.url` führt zur Detailseite. Mit `limit` "
    "(und `offset`) nur die Angebote dieser Seite der Liste, in ihrer Reihenfolge (nach "
    "Namen oder, mit `lat` und `lon`, nach Entfernung): so lädt die Angebotssuche die "
    "Punkte der gezeigten Seite.",
    openapi_extra=_german_docs(
        {
            200: {
                "description": "GeoJSON FeatureCollection",
                "content": {"application/geo+json": {"schema": _POINT_COLLECTION_SCHEMA}},
            }
        }
    ),
)
def offers_geojson(
    request: HttpRequest,
    slug: SlugPath,
    category: CategoryParam = None,
    target_group: TargetGroupParam = None,
    area: AreaParam = None,
    level: LevelQuery = None,
    open_now: OpenNowParam = False,
    q: TextParam = None,
    lat: LatParam = None,
    lon: LonParam = None,
    limit: Annotated[
        int | None,
        Query(None, ge=1, le=MAX_LIMIT, description="Nur eine Seite: Höchstzahl (bis 1000)"),
    ] = None,
    offset: Annotated[int, Query(0, ge=0, le=MAX_OFFSET, description="Zu überspringen")] = 0,
) -> HttpResponse:
    municipality = _municipality(slug)
    filters = _filters(municipality, category, target_group, area, level, open_now, q, lat, lon)
    offers = finder.filtered(municipality, filters)
    with_point = offers.filter(latitude__isnull=False, longitude__isnull=False)
    columns = ("pk", "name", "category__name", "provider__name", "is_example")
    rows = list(with_point.order_by("name", "pk").values_list(*columns, "latitude", "longitude"))
    if limit is not None or offset:
        # One page of the list, in the list's order (the finder's map shows its page).
        ids, _distances = finder.ordered_ids(offers, filters)
        position = {pk: i for i, pk in enumerate(ids[offset : offset + (limit or MAX_LIMIT)])}
        rows = sorted((r for r in rows if r[0] in position), key=lambda r: position[r[0]])
    features = [
        {
            "type": "Feature",
            "id": pk,
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {
                "name": name,
                "category": category_name,
                "provider": provider,
                "is_example": example,
                "url": f"/{municipality.slug}/angebote/{pk}/",
            },
        }
        for pk, name, category_name, provider, example, lat, lon in rows
    ]
    return HttpResponse(
        json.dumps(
            {"type": "FeatureCollection", "features": features},
            ensure_ascii=False,
            separators=(",", ":"),
        ),
        content_type="application/geo+json",
    )


@router.get(
    "/municipalities/{slug}/offers/{offer_id}",
    response={200: OfferOut, **ERRORS},
    openapi_extra=_german_docs(),
    operation_id="getOffer",
    summary="Ein Angebot",
    description="Öffentliche Angaben eines Angebots: Adresse, Öffnungszeiten, kommende "
    "Schließzeiten, Kontakt, Gebiete. 404 für geschlossene und unbekannte Angebote.",
)
def get_offer(
    request: HttpRequest,
    slug: SlugPath,
    offer_id: Annotated[int, Path(ge=1, le=2**31 - 1, description="Id des Angebots")],
) -> dict[str, Any]:
    municipality = _municipality(slug)
    offer = finder.public_offer_or_none(municipality, offer_id)
    if offer is None:
        raise HttpError(404, NOT_FOUND_OFFER)
    return _detail(offer)


@router.get(
    "/municipalities/{slug}/offer-categories",
    response={200: list[CategoryOut], **ERRORS},
    openapi_extra=_german_docs(),
    operation_id="listOfferCategories",
    summary="Angebotsarten einer Kommune",
    description="Die Angebotsarten (Taxonomie der Kommune) in ihrer Reihenfolge.",
)
def list_categories(request: HttpRequest, slug: SlugPath) -> list[dict[str, Any]]:
    municipality = _municipality(slug)
    return [
        {
            "slug": c.slug,
            "name": c.name,
            "description": c.description,
            "parent": c.parent.slug if c.parent else None,
        }
        for c in finder.categories(municipality).select_related("parent")
    ]


@router.get(
    "/municipalities/{slug}/target-groups",
    response={200: list[TargetGroupOut], **ERRORS},
    openapi_extra=_german_docs(),
    operation_id="listTargetGroups",
    summary="Zielgruppen einer Kommune",
    description="Die Zielgruppen, nach Namen sortiert.",
)
def list_target_groups(request: HttpRequest, slug: SlugPath) -> list[dict[str, Any]]:
    municipality = _municipality(slug)
    return [
        {"slug": g.slug, "name": g.name, "description": g.description}
        for g in finder.target_groups(municipality)
    ]
