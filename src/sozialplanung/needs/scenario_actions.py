"""Saving a scenario: the planning unit's, audited, one transaction, refused on a stale form.

The trail's entries are confidential: a scenario is internal working data of the
planning unit (its name may say what is being considered before anything is decided).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from sozialplanung.core.audit import ActingUser, delete_audited, save_audited
from sozialplanung.core.concurrency import lock_unchanged, touch
from sozialplanung.core.models import Municipality
from sozialplanung.core.visibility import Visibility
from sozialplanung.offers.models import Offer, OfferCategory

from .actions import _require_planner
from .models import PlannedOffer, Scenario

TRAIL = Visibility.CONFIDENTIAL


@dataclass(frozen=True)
class PlannedOfferRecord:
    category: OfferCategory
    name: str
    longitude: float
    latitude: float
    weekly_capacity: float
    street_address: str = ""


def save_scenario(
    municipality: Municipality,
    *,
    values: dict[str, Any],
    closed_offers: Iterable[Offer] = (),
    planned: Sequence[PlannedOfferRecord] | None = None,
    scenario: Scenario | None = None,
    acting_user: ActingUser,
    version: str | None = None,
) -> Scenario:
    """Create (``scenario`` None) or update a scenario with its own fields (``values``:
    name, description, housing quarter, target shares, reference values, is_example),
    the offers it closes and, unless None, its planned offers (replacing the earlier
    ones). ``version``: the version the edit form showed (``core.concurrency``)."""
    _require_planner(acting_user, municipality.pk)
    closed = sorted({o.pk for o in closed_offers})
    if Offer.objects.filter(pk__in=closed).exclude(municipality=municipality).exists():
        raise ValueError("offer of another municipality")
    with transaction.atomic():
        if scenario is None:
            scenario = Scenario(municipality=municipality)
            closed_before = None
        else:
            scenario = lock_unchanged(scenario, version)  # type: ignore[assignment]
            closed_before = sorted(scenario.closed_offers.values_list("pk", flat=True))
        summary = _("Scenario %(name)s") % {"name": values.get("name", scenario.name)}
        scenario, changed = save_audited(
            scenario,
            values,
            acting_user=acting_user,
            visibility=TRAIL,
            municipality_id=municipality.pk,
            summary=summary,
            extra_before={"closed_offers": closed_before} if closed_before is not None else None,
            extra_after={"closed_offers": closed},
        )
        scenario.closed_offers.set(closed)
        if planned is not None:
            changed |= _replace_planned(scenario, planned, acting_user, summary)
        if changed:
            # The variation's cache key holds ``modified``: a change of a planned offer
            # is a change of the scenario.
            touch(scenario)
            scenario.refresh_from_db(fields=["modified"])
    return scenario


def _replace_planned(
    scenario: Scenario,
    planned: Sequence[PlannedOfferRecord],
    acting_user: ActingUser,
    summary: str,
) -> bool:
    existing = list(scenario.planned_offers.order_by("pk"))
    changed = False
    for record, row in zip(planned, [*existing, *[None] * len(planned)], strict=False):
        values = {
            "category": record.category,
            "name": record.name,
            "street_address": record.street_address,
            "longitude": float(record.longitude),
            "latitude": float(record.latitude),
            "weekly_capacity": float(record.weekly_capacity),
        }
        _saved, one = save_audited(
            row or PlannedOffer(scenario=scenario),
            values,
            acting_user=acting_user,
            visibility=TRAIL,
            municipality_id=scenario.municipality_id,
            summary=summary,
        )
        changed |= one
    for row in existing[len(planned) :]:
        delete_audited(
            row,
            acting_user=acting_user,
            visibility=TRAIL,
            municipality_id=scenario.municipality_id,
        )
        changed = True
    return changed
