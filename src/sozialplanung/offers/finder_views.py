"""Public offer finder: list with filters and map, and one page per offer.

Everyone sees the same here, logged in or not: public fields of offers that are not
closed. The list is a plain GET form (works without JavaScript); htmx swaps only the
results, and finder.js draws the markers of the same results on the map.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from sozialplanung.areas import queries as area_queries
from sozialplanung.areas.models import Area
from sozialplanung.core.formats.numbers import parse_decimal
from sozialplanung.core.models import Municipality
from sozialplanung.core.pages import municipality_or_404, page_context

from . import finder
from .models import Offer

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _coordinate(value: str | None, limit: float) -> float | None:
    # The browser writes coordinates, with a decimal point: "13.737" is not 13737.
    try:
        number = parse_decimal(value or "", machine_written=True)
    except ValueError:
        return None
    return float(number) if number is not None and -limit <= number <= limit else None


def _area_options(municipality: Municipality) -> list[dict[str, Any]]:
    """Areas grouped by level (coarse first), for the select's optgroups."""
    groups = []
    areas = Area.objects.filter(municipality=municipality).select_related("level")
    by_level: dict[int, list[Area]] = {}
    for area in areas.order_by("level__depth", "name"):
        by_level.setdefault(area.level_id, []).append(area)
    for level in area_queries.levels(municipality):
        if by_level.get(level.id):
            groups.append(
                {
                    "label": level.name_plural or level.name,
                    "options": [(f"{level.slug}:{a.code}", a.name) for a in by_level[level.id]],
                }
            )
    return groups


def read_filters(
    request: HttpRequest, municipality: Municipality
) -> tuple[finder.Filters, dict[str, str]]:
    """Filters from the query string; unknown values are ignored (the form shows "all")."""

    def get(name: str) -> str:
        # PostgreSQL refuses NUL in a string literal; no filter value needs control chars.
        return _CONTROL.sub("", request.GET.get(name, ""))[:200]

    chosen = {
        "kategorie": get("kategorie"),
        "zielgruppe": get("zielgruppe"),
        "gebiet": get("gebiet"),
        "offen": "1" if get("offen") else "",
        "q": get("q").strip(),
        "lat": "",
        "lon": "",
    }
    category = (
        finder.categories(municipality).filter(slug=chosen["kategorie"]).first()
        if chosen["kategorie"]
        else None
    )
    group = (
        finder.target_groups(municipality).filter(slug=chosen["zielgruppe"]).first()
        if chosen["zielgruppe"]
        else None
    )
    area = None
    if ":" in chosen["gebiet"]:
        level, code = chosen["gebiet"].split(":", 1)
        area = Area.objects.filter(municipality=municipality, level__slug=level, code=code).first()
    lat, lon = _coordinate(get("lat"), 90), _coordinate(get("lon"), 180)
    if lat is None or lon is None:
        lat = lon = None
    else:
        chosen["lat"], chosen["lon"] = f"{lat:.5f}", f"{lon:.5f}"
    chosen.update(
        kategorie=category.slug if category else "",
        zielgruppe=group.slug if group else "",
        gebiet=chosen["gebiet"] if area else "",
    )
    filters = finder.Filters(
        category=category,
        target_group=group,
        area=area,
        open_now=bool(chosen["offen"]),
        text=chosen["q"],
        lat=lat,
        lon=lon,
    )
    return filters, chosen


def _query(chosen: dict[str, str], **changes: Any) -> str:
    merged = {**chosen, **changes}
    return "?" + urlencode({k: v for k, v in merged.items() if v not in ("", None)})


def offer_list(request: HttpRequest, slug: str, now: dt.datetime | None = None) -> HttpResponse:
    municipality = municipality_or_404(slug)
    filters, chosen = read_filters(request, municipality)
    offers = finder.filtered(municipality, filters, now=now)
    ids, distances = finder.ordered_ids(offers, filters)
    count = len(ids)
    pages = max(1, math.ceil(count / finder.PAGE_SIZE))
    try:
        number = min(max(int(request.GET.get("seite", "1")), 1), pages)
    except ValueError:
        number = 1
    start = (number - 1) * finder.PAGE_SIZE
    shown = finder.page_of(offers, ids[start : start + finder.PAGE_SIZE])
    rows = [
        {
            "offer": offer,
            "address": finder.address_line(offer),
            "hours": finder.hours_summary(offer),
            "distance": finder.distance_text(distances.get(offer.pk)) if filters.near else "",
            "url": reverse("finder:detail", args=[municipality.slug, offer.pk]),
        }
        for offer in shown
    ]
    # The map loads the points of this page from the API (offers.geojson with the same
    # filters, limit and offset): the page does not carry every result's point.
    points_url = f"/api/municipalities/{municipality.slug}/offers.geojson" + _api_query(
        filters, limit=finder.PAGE_SIZE, offset=start
    )
    return render(
        request,
        "offers/finder.html",
        {
            **page_context(request, municipality, "offers"),
            "rows": rows,
            "count": count,
            "page": number,
            "pages": pages,
            "first_number": start + 1,
            "last_number": start + len(rows),
            "previous_query": _query(chosen, seite=number - 1) if number > 1 else "",
            "next_query": _query(chosen, seite=number + 1) if number < pages else "",
            "chosen": chosen,
            "filtered": any(v for k, v in chosen.items()),
            "near": filters.near,
            "categories": finder.categories(municipality),
            "target_groups": finder.target_groups(municipality),
            "area_groups": _area_options(municipality),
            "points_url": points_url,
        },
    )


def _api_query(filters: finder.Filters, **extra: Any) -> str:
    """The finder's filters as the API's query string (``offers.geojson``)."""
    params: dict[str, Any] = {
        "category": filters.category.slug if filters.category else None,
        "target_group": filters.target_group.slug if filters.target_group else None,
        "area": filters.area.code if filters.area else None,
        "level": filters.area.level.slug if filters.area else None,
        "open_now": "true" if filters.open_now else None,
        "q": filters.text or None,
        "lat": filters.lat,
        "lon": filters.lon,
        **extra,
    }
    return "?" + urlencode({k: v for k, v in params.items() if v is not None})


def offer_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    municipality = municipality_or_404(slug)
    offer = finder.public_offer_or_none(municipality, pk)
    if offer is None:
        raise Http404("Angebot nicht gefunden.")
    point = None
    if offer.latitude is not None and offer.longitude is not None:
        point = {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "id": offer.pk,
                    "geometry": {"type": "Point", "coordinates": [offer.longitude, offer.latitude]},
                    "properties": {"name": offer.name, "category": offer.category.name, "url": ""},
                }
            ],
        }
    return render(
        request,
        "offers/finder_detail.html",
        {
            **page_context(request, municipality, "offers"),
            "offer": offer,
            "address": finder.address_line(offer),
            "hours": finder.hours_table(offer),
            "has_hours": any(d["slots"] for d in finder.hours_table(offer)),
            "closures": offer.closures_ahead,
            "located_in": list(offer.located_in.all()),
            "serves": list(offer.serves.all()),
            "target_groups": list(offer.target_groups.all()),
            "point": point,
            "back_url": reverse("finder:list", args=[municipality.slug]),
            "paused": offer.status == Offer.Status.PAUSED,
        },
    )
