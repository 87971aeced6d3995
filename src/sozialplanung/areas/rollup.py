"""Store the values that follow from imported ones (see ``analysis.rollup``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from sozialplanung.analysis.rollup import AreaNode, IndicatorSpec, derive_values
from sozialplanung.core.audit import record_change

from .models import Area, Indicator, IndicatorValue
from .value_rows import ValueRow, insert_values, plain_rows, update_values

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
        # Plain rows, not model instances: after a large import these are 100,000s.
        # Observed values and each forecast variant roll up on their own: a forecast
        # never fills a gap of the observed values, nor the other way round.
        rows = plain_rows(
            IndicatorValue.all_variants.filter(indicator__municipality=municipality).values_list(
                "pk", "indicator_id", "area_id", "period", "value", "origin", "variant"
            )
        )
        imported: dict[str, dict[tuple[int, int, str], float]] = {"": {}}
        existing: dict[str, dict[tuple[int, int, str], tuple[int, float, str]]] = {"": {}}
        # The origin as a plain text, looked up once instead of once per row.
        imported_origin = IndicatorValue.Origin.IMPORTED.value
        for pk, indicator_id, area_id, period, value, origin, variant in rows:
            key = (indicator_id, area_id, period)
            if origin == imported_origin:
                imported.setdefault(variant, {})[key] = value
            else:
                existing.setdefault(variant, {})[key] = (pk, value, origin)
        changes_per_indicator = dict.fromkeys((i.id for i in indicators), 0)
        written = 0
        for variant in sorted(set(imported) | set(existing)):
            wanted = derive_values(nodes, specs, imported.get(variant, {}))
            stale = existing.get(variant, {})
            new: list[ValueRow] = []
            changed: list[ValueRow] = []
            for key, (number, origin) in wanted.items():
                current = stale.pop(key, None)
                if current is None:
                    new.append((*key, number, origin.value))
                elif abs(current[1] - number) > 1e-9 or current[2] != origin.value:
                    changed.append((*key, number, origin.value))
                else:
                    continue
                changes_per_indicator[key[0]] += 1
            for stale_key in stale:
                changes_per_indicator[stale_key[0]] += 1
            IndicatorValue.all_variants.filter(
                pk__in=[pk for pk, _v, _o in stale.values()]
            ).delete()
            insert_values(new, variant)
            update_values(changed, variant)
            written += len(new) + len(changed) + len(stale)
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
        return written
