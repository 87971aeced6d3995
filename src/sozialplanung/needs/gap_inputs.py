"""What a gap analysis reads from the database (``GapInputs``), and the ``Variation``
that changes those inputs for a forecast year or a scenario.

Kept apart from the computation (``needs.compute``) so that a variation can only ever
change data, never the way they are computed: a varied analysis is by construction the
analysis of changed data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from django.db.models import Max

from sozialplanung.areas.models import Area, IndicatorValue
from sozialplanung.core.models import Municipality
from sozialplanung.offers.models import NeedReport, Offer, OfferCategory
from sozialplanung.offers.utilisation import offers_reported_full, spare_of

from .models import CategoryParameters

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from sozialplanung.core.models import User

    Reader = User | AnonymousUser | None
else:
    Reader = Any


@dataclass
class Site:
    """One place with capacity in a gap analysis: an active offer of the category, or a
    planned one of a scenario (``offer`` None, no provider)."""

    name: str
    longitude: float
    latitude: float
    capacity: float
    # Areas the site lies in, the deepest first (supply counts in the first).
    located: list[int]
    provider_id: int | None = None
    offer: Offer | None = None
    # Free places per week (capacity × (1 − utilisation), 0 where need reports say it is
    # full); None when not reported. Read by needs.absorption.
    spare: float | None = None


@dataclass
class GapInputs:
    """Everything a gap analysis reads from the database, before any computation.

    A ``Variation`` (forecast year, scenario) changes these inputs, never the
    computation: so a varied analysis is by construction the analysis of changed data.
    """

    params: CategoryParameters
    areas: dict[int, Area]
    leaves: set[int]
    target_period: str
    target: dict[int, float]
    sites: list[Site]
    reports_visible: bool
    reports_period: str
    reported: dict[int, float]


class Variation(Protocol):
    """What differs from today's data (a forecast year, a scenario): its ``key`` goes into
    the cache key, ``apply`` returns changed inputs (a copy; the given ones stay as they
    are) and ``label`` names it on pages and in exports."""

    key: str
    label: str

    def apply(self, inputs: GapInputs, user: Reader) -> GapInputs: ...


def load_inputs(
    municipality: Municipality, category: OfferCategory, params: CategoryParameters, user: Reader
) -> GapInputs | None:
    """Today's inputs of the analysis of ``category`` as ``user`` may see them; None
    without areas."""
    areas = {
        a.id: a
        for a in Area.objects.filter(municipality=municipality).select_related(
            "level", "reported_with"
        )
    }
    if not areas:
        return None
    finest = max(a.level.depth for a in areas.values())
    leaves = {a_id for a_id, a in areas.items() if a.level.depth == finest}

    values = IndicatorValue.objects.visible_to(user).filter(
        indicator=params.target_indicator, area_id__in=leaves
    )
    period = values.aggregate(p=Max("period"))["p"] or ""
    target: dict[int, float] = dict(values.filter(period=period).values_list("area_id", "value"))

    offers = list(
        Offer.objects.filter(
            municipality=municipality, category=category, status=Offer.Status.ACTIVE
        ).prefetch_related("located_in__level")
    )
    sites = [
        Site(
            name=o.name,
            longitude=float(o.longitude),
            latitude=float(o.latitude),
            capacity=float(o.weekly_capacity or 0),
            located=[a.id for a in sorted(o.located_in.all(), key=lambda a: -a.level.depth)],
            provider_id=o.provider_id,
            offer=o,
        )
        for o in offers
        if o.weekly_capacity and o.longitude is not None and o.latitude is not None
    ]

    reports_qs = NeedReport.objects.visible_to(user).filter(
        municipality=municipality, category=category
    )
    from sozialplanung.core.suppression import needs_suppression

    # Need reports are internal: only staff who see true values get them into the score.
    # The others' result does not read them at all, so that it is the same for everyone
    # of their clearance (a provider's own reports included): core.computed.clearance.
    reports_visible = not needs_suppression(user, municipality)
    if not reports_visible:
        reports_qs = reports_qs.none()
    reports_period = reports_qs.aggregate(p=Max("period"))["p"] or ""
    # The newest period's reports, read once: the score sums them per area, the spare
    # capacity reads which providers reported turn-aways or a waiting list where.
    rows = list(
        reports_qs.filter(period=reports_period).values_list(
            "provider_id", "area_id", "turned_away", "waiting_list", "unmet_requests"
        )
    )
    reported: dict[int, float] = {}
    for _provider, area_id, turned, waiting, unmet in rows:
        reported[area_id] = (
            reported.get(area_id, 0.0) + (turned or 0) + (waiting or 0) + (unmet or 0)
        )
    full = offers_reported_full([row[:4] for row in rows], offers)
    for site in sites:
        site.spare = spare_of(site.offer, full) if site.offer is not None else None
    return GapInputs(
        params=params,
        areas=areas,
        leaves=leaves,
        target_period=period,
        target=target,
        sites=sites,
        reports_visible=reports_visible,
        reports_period=reports_period,
        reported=reported,
    )


def rolled_up(areas: dict[int, Area], own: Mapping[int, set[int]]) -> dict[int, set[int]]:
    """Each area's set together with those of all its sub-areas (via the parents)."""
    result: dict[int, set[int]] = {a_id: set() for a_id in areas}
    for a_id, members in own.items():
        current: int | None = a_id
        while current is not None and current in result:
            result[current] |= members
            current = areas[current].parent_id
    return result


def provider_key(site: Site) -> int | str:
    """Who runs ``site``, for the count of providers behind a figure: a planned site of a
    scenario counts as a provider of its own."""
    return site.provider_id if site.provider_id is not None else f"planned:{id(site)}"
