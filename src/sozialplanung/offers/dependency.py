"""Loads staffing for the dependency analysis and hands it to the pure computation.

The reader's staffing goes through ``Staffing.objects.visible_to``: only internal users
of the municipality (and a provider, for its own offers) get any hours at all.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sozialplanung.analysis.dependency import DependencyResult, OfferStaffing, dependency
from sozialplanung.core.models import Municipality

from .models import Offer, Staffing

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from sozialplanung.core.models import User


@dataclass
class DependencyData:
    result: DependencyResult
    offers: dict[int, Offer]


def staffing_years(municipality: Municipality, user: User | AnonymousUser | None) -> list[int]:
    """Years with staffing the reader may see, newest first."""
    rows = Staffing.objects.visible_to(user).filter(offer__municipality=municipality)
    return sorted(set(rows.values_list("year", flat=True)), reverse=True)


def load_dependency(
    municipality: Municipality, year: int, user: User | AnonymousUser | None
) -> DependencyData:
    """Jobcenter share of staff hours per offer, area (every level) and category."""
    hours: dict[int, dict[str, float]] = defaultdict(dict)
    rows = (
        Staffing.objects.visible_to(user)
        .filter(offer__municipality=municipality, year=year)
        .values_list("offer_id", "kind", "weekly_hours")
    )
    for offer_id, kind, weekly in rows:
        hours[offer_id][kind] = float(weekly)
    offers = {
        o.pk: o
        for o in Offer.objects.filter(pk__in=hours)
        .select_related("provider", "category")
        .prefetch_related("located_in")
    }
    located: dict[int, tuple[int, ...]] = {
        pk: tuple(a.pk for a in o.located_in.all()) for pk, o in offers.items()
    }
    staffing: list[Any] = [
        OfferStaffing(
            offer_id=pk,
            hours_by_kind=kinds,
            area_ids=located.get(pk, ()),
            category_id=offers[pk].category_id if pk in offers else None,
        )
        for pk, kinds in hours.items()
    ]
    return DependencyData(result=dependency(staffing), offers=offers)
