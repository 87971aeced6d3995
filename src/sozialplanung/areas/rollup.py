"""Store the values that follow from imported ones (see ``analysis.rollup``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from sozialplanung.analysis.rollup import AreaNode, IndicatorSpec, derive_values
from sozialplanung.core.audit import record_change

from .models import Area, Indicator, IndicatorValue

if TYPE_CHECKING:
    from sozialplanung.core.audit import ActingUser
    from sozialplanung.core.models import Municipality


def recompute_derived_values(municipality: Municipality, *, acting_user: ActingUser) -> int:
    """Bring rolled-up and computed values in line with the imported ones.

    Returns the number of derived values created, changed or removed. Idempotent.
    """
    with transaction.atomic():
        nodes = [
            AreaNode(
                id=a["id"],
                parent_id=a["parent_id"],
                depth=a["level__depth"],
                reported_elsewhere=a["reported_with_id"] is not None,
            )
            for a in Area.objects.filter(municipality=municipality).values(
                "id", "parent_id", "level__depth", "reported_with_id"
            )
        ]
        indicators = list(Indicator.objects.filter(municipality=municipality))
        specs = [
            IndicatorSpec(
                id=i.id,
                kind=i.kind,
                numerator_id=i.numerator_id,
                denominator_id=i.denominator_id,
                scale=i.scale,
            )
            for i in indicators
        ]
        rows = IndicatorValue.objects.filter(indicator__municipality=municipality)
        imported: dict[tuple[int, int, str], float] = {}
        existing: dict[tuple[int, int, str], IndicatorValue] = {}
        for value in rows:
            key = (value.indicator_id, value.area_id, value.period)
            if value.origin == IndicatorValue.Origin.IMPORTED:
                imported[key] = value.value
            else:
                existing[key] = value
        wanted = derive_values(nodes, specs, imported)

        new, changed, changes_per_indicator = [], [], dict.fromkeys((i.id for i in indicators), 0)
        for key, (number, origin) in wanted.items():
            current = existing.pop(key, None)
            if current is None:
                new.append(
                    IndicatorValue(
                        indicator_id=key[0],
                        area_id=key[1],
                        period=key[2],
                        value=number,
                        origin=origin.value,
                    )
                )
            elif abs(current.value - number) > 1e-9 or current.origin != origin.value:
                current.value, current.origin = number, origin.value
                changed.append(current)
            else:
                continue
            changes_per_indicator[key[0]] += 1
        for stale in existing.values():
            changes_per_indicator[stale.indicator_id] += 1
        IndicatorValue.objects.filter(pk__in=[v.pk for v in existing.values()]).delete()
        IndicatorValue.objects.bulk_create(new, batch_size=1000)
        IndicatorValue.objects.bulk_update(changed, ["value", "origin"], batch_size=1000)
        for indicator in indicators:
            n = changes_per_indicator[indicator.id]
            if n:
                record_change(
                    indicator,
                    before={"abgeleitete Werte": "alt"},
                    after={"abgeleitete Werte": f"{n} neu berechnet"},
                    acting_user=acting_user,
                    summary=f"{n} abgeleitete Werte (Summen, Anteile) neu berechnet",
                    visibility=indicator.visibility,
                )
        return len(new) + len(changed) + len(existing)
