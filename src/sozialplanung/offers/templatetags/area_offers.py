"""``{% area_offers area %}``: the public offers located in an area, for its area page.

A tag of the offers app, so that the area page (in ``areas``, below ``offers`` in the
layer order) can show them without importing ``offers``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import reverse

from sozialplanung.areas.models import Area
from sozialplanung.offers.finder import address_line, public_offers

register = template.Library()

# An area page lists at most this many; the finder, filtered to the area, has them all.
SHOWN = 30


@register.inclusion_tag("offers/_area_offers.html")
def area_offers(area: Area) -> dict[str, Any]:
    offers = list(
        public_offers(area.municipality)
        .filter(located_in=area)
        .select_related("category", "provider")
        .order_by("category__order", "category__name", "name")[: SHOWN + 1]
    )
    slug = area.municipality.slug
    points = [
        {
            "name": o.name,
            "lat": o.latitude,
            "lon": o.longitude,
            "url": reverse("finder:detail", args=[slug, o.pk]),
        }
        for o in offers[:SHOWN]
        if o.latitude is not None and o.longitude is not None
    ]
    return {
        "area": area,
        "offers": [(o, address_line(o)) for o in offers[:SHOWN]],
        "more": len(offers) > SHOWN,
        "points": points,
        "finder_url": reverse("finder:list", args=[slug])
        + "?"
        + urlencode({"gebiet": f"{area.level.slug}:{area.code}"}),
    }
