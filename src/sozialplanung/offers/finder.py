"""The public offer finder's read path: which offers the public sees, filtered and sorted.

Pages (``finder_views``) and the JSON API (``offers.api``) both read through here, so
the public sees the same offers and the same fields everywhere. Offers themselves are
public records; what stays internal lives in other tables (staffing, funding, need
reports) that this module never touches. Closed offers are not shown at all.

Text search runs in Python over a handful of short columns: SQLite's LIKE and LOWER()
fold ASCII only ("Süd" would not find "SÜD"), and a municipality's few thousand offers
are read in one query. Distances are haversine on WGS84, ample for "in der Nähe".
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR

from sozialplanung.areas.models import Area
from sozialplanung.core.formats.numbers import de_number
from sozialplanung.core.models import Municipality

from .models import Closure, Offer, OfferCategory, OpeningHours, TargetGroup

BERLIN = ZoneInfo("Europe/Berlin")
PUBLIC_STATUSES = (Offer.Status.ACTIVE, Offer.Status.PAUSED)
EARTH_RADIUS_M = 6_371_008.8
PAGE_SIZE = 25


@dataclass(frozen=True)
class Filters:
    """What the visitor asked for; every field optional."""

    category: OfferCategory | None = None
    target_group: TargetGroup | None = None
    area: Area | None = None
    open_now: bool = False
    text: str = ""
    lat: float | None = None
    lon: float | None = None

    @property
    def near(self) -> bool:
        return self.lat is not None and self.lon is not None


def public_offers(municipality: Municipality) -> QuerySet[Offer]:
    """Every offer the public may see in a municipality (not closed)."""
    return Offer.objects.filter(municipality=municipality, status__in=PUBLIC_STATUSES)


def public_offer_or_none(municipality: Municipality, pk: int) -> Offer | None:
    return with_details(public_offers(municipality).filter(pk=pk)).first()


def categories(municipality: Municipality) -> QuerySet[OfferCategory]:
    return OfferCategory.objects.filter(municipality=municipality).order_by("order", "name")


def target_groups(municipality: Municipality) -> QuerySet[TargetGroup]:
    return TargetGroup.objects.filter(municipality=municipality).order_by("name")


def berlin_now(now: dt.datetime | None = None) -> dt.datetime:
    """The wall-clock time in Germany; ``now`` lets tests fix the clock."""
    return (now or timezone.now()).astimezone(BERLIN)


def _area_family(area: Area) -> list[int]:
    """The area, its ancestors and descendants: an offer serving the whole district serves
    each of its Stadtteile, and one serving a Stadtteil serves part of the district."""
    ids = {area.pk}
    parent_id = area.parent_id
    while parent_id is not None and parent_id not in ids:
        ids.add(parent_id)
        parent_id = Area.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
    frontier = [area.pk]
    while frontier:
        frontier = [
            pk
            for pk in Area.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
            if pk not in ids
        ]
        ids.update(frontier)
    return sorted(ids)


def _text_matches(offers: QuerySet[Offer], text: str) -> list[int]:
    """Ids whose name, description, provider or address contain every word (casefolded)."""
    words = [w.casefold() for w in text.split()]
    rows = offers.values_list(
        "pk",
        "name",
        "description",
        "provider__name",
        "street_address",
        "postal_code",
        "locality",
        "category__name",
    )
    found = []
    for pk, *texts in rows:
        haystack = " ".join(t or "" for t in texts).casefold()
        if all(w in haystack for w in words):
            found.append(pk)
    return found


def filtered(
    municipality: Municipality, filters: Filters, now: dt.datetime | None = None
) -> QuerySet[Offer]:
    """The public offers matching ``filters``; ``now`` is the clock for "open now"."""
    offers = public_offers(municipality)
    if filters.category is not None:
        offers = offers.filter(category=filters.category)
    if filters.target_group is not None:
        offers = offers.filter(
            pk__in=Offer.target_groups.through.objects.filter(
                targetgroup=filters.target_group
            ).values("offer_id")
        )
    if filters.area is not None:
        located = Offer.located_in.through.objects.filter(area=filters.area)
        serving = Offer.serves.through.objects.filter(area_id__in=_area_family(filters.area))
        offers = offers.filter(
            Q(pk__in=located.values("offer_id")) | Q(pk__in=serving.values("offer_id"))
        )
    if filters.open_now:
        local = berlin_now(now)
        clock, today = local.time().replace(tzinfo=None), local.date()
        open_slots = OpeningHours.objects.filter(
            weekday=local.weekday(), opens__lte=clock, closes__gt=clock
        )
        closed_today = Closure.objects.filter(start__lte=today, end__gte=today)
        offers = offers.filter(
            status=Offer.Status.ACTIVE, pk__in=open_slots.values("offer_id")
        ).exclude(pk__in=closed_today.values("offer_id"))
    if filters.text.strip():
        offers = offers.filter(pk__in=_text_matches(offers, filters.text))
    return offers


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def ordered_ids(offers: QuerySet[Offer], filters: Filters) -> tuple[list[int], dict[int, float]]:
    """Ids in display order (by name, or by distance when a point is given) and distances.

    Offers without coordinates come last when sorting by distance.
    """
    rows = list(offers.order_by("name", "pk").values_list("pk", "latitude", "longitude"))
    if not filters.near:
        return [pk for pk, _lat, _lon in rows], {}
    assert filters.lat is not None and filters.lon is not None
    distances = {
        pk: haversine_m(filters.lat, filters.lon, lat, lon)
        for pk, lat, lon in rows
        if lat is not None and lon is not None
    }
    order = sorted(
        (pk for pk, _lat, _lon in rows),
        key=lambda pk: (pk not in distances, distances.get(pk, 0.0)),
    )
    return order, distances


def with_details(offers: QuerySet[Offer], today: dt.date | None = None) -> QuerySet[Offer]:
    """Everything a list row or detail page shows, in a fixed number of queries."""
    today = today or berlin_now().date()
    return offers.select_related("category", "provider").prefetch_related(
        Prefetch("target_groups", queryset=TargetGroup.objects.order_by("name")),
        Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday", "opens")),
        Prefetch(
            "closures",
            queryset=Closure.objects.filter(end__gte=today).order_by("start"),
            to_attr="closures_ahead",
        ),
        Prefetch(
            "located_in",
            queryset=Area.objects.select_related("level").order_by("level__depth", "code"),
        ),
        Prefetch(
            "serves",
            queryset=Area.objects.select_related("level").order_by("level__depth", "code"),
        ),
    )


def page_of(offers: QuerySet[Offer], ids: list[int]) -> list[Offer]:
    """The offers of ``ids``, with details, in the order of ``ids``."""
    by_pk = {o.pk: o for o in with_details(offers.filter(pk__in=ids))}
    return [by_pk[pk] for pk in ids if pk in by_pk]


# --- Presentation helpers shared by pages and API ----------------------------------------


def _hm(t: dt.time) -> str:
    return f"{t:%H:%M}"


def hours_summary(offer: Offer) -> str:
    """ "Mo 11:00–14:00, Mi 09:00–12:00 und 14:00–16:00" (weekday names in the language)."""
    by_day: dict[int, list[str]] = {}
    for slot in offer.opening_hours.all():
        by_day.setdefault(slot.weekday, []).append(f"{_hm(slot.opens)}–{_hm(slot.closes)}")
    return ", ".join(f"{WEEKDAYS_ABBR[d]} {' / '.join(s)}" for d, s in sorted(by_day.items()))


def hours_table(offer: Offer) -> list[dict[str, Any]]:
    """One row per weekday with its slots (empty list: closed that day)."""
    by_day: dict[int, list[str]] = {d: [] for d in range(7)}
    for slot in offer.opening_hours.all():
        by_day[slot.weekday].append(f"{_hm(slot.opens)}–{_hm(slot.closes)}")
    return [{"weekday": WEEKDAYS[d], "slots": by_day[d]} for d in range(7)]


def distance_text(metres: float | None) -> str:
    """German style: "350 m", "1,2 km", "12 km"."""
    if metres is None:
        return ""
    if metres < 1000:
        return f"{de_number(round(metres / 10) * 10)}\u00a0m"
    if metres < 10_000:
        return f"{de_number(metres / 1000, 1)}\u00a0km"
    return f"{de_number(metres / 1000)}\u00a0km"


def address_line(offer: Offer) -> str:
    place = " ".join(p for p in (offer.postal_code, offer.locality) if p)
    return ", ".join(p for p in (offer.street_address, place) if p)
