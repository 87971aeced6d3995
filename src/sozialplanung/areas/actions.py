"""Every change to levels, areas, boundaries, indicators and values goes through here.

Each function opens a transaction, writes the audit entry and returns what it did.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import shapely
from django.db import transaction

from sozialplanung.core.audit import ActingUser, record_change, save_audited
from sozialplanung.core.imports.results import ChangeCount
from sozialplanung.core.models import Municipality
from sozialplanung.core.visibility import Visibility

from . import geometry as geo
from .models import Area, AreaBoundary, AreaLevel, Indicator, IndicatorValue, area_code_problem
from .rollup import recompute_derived_values
from .value_rows import insert_values, plain_rows, update_values

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry


def _save_audited(
    instance: Any, values: dict[str, Any], acting_user: ActingUser, count: ChangeCount, **audit: Any
) -> Any:
    """``core.audit.save_audited``, counting what happened for import summaries."""
    created = instance.pk is None
    instance, changed = save_audited(instance, values, acting_user=acting_user, **audit)
    if not changed:
        count.unchanged += 1
    elif created:
        count.created += 1
    else:
        count.updated += 1
    return instance


def define_level(
    municipality: Municipality,
    slug: str,
    name: str,
    depth: int,
    *,
    name_plural: str = "",
    acting_user: ActingUser,
) -> AreaLevel:
    with transaction.atomic():
        level = AreaLevel.objects.filter(municipality=municipality, slug=slug).first()
        level = level or AreaLevel(municipality=municipality, slug=slug)
        return _save_audited(
            level,
            {"name": name, "depth": depth, "name_plural": name_plural or name},
            acting_user,
            ChangeCount(),
        )


@dataclass
class AreaRecord:
    """One area as an importer read it, before it is stored."""

    code: str
    name: str
    geometry: BaseGeometry | None
    long_name: str = ""
    parent_code: str | None = None


def save_areas(
    level: AreaLevel,
    records: Iterable[AreaRecord],
    *,
    valid_from: dt.date,
    source: str = "",
    parent_level: AreaLevel | None = None,
    acting_user: ActingUser,
) -> ChangeCount:
    """Create or update areas of one level with their boundary valid from ``valid_from``.

    A boundary that equals the current one changes nothing (re-imports are idempotent).
    A different boundary closes the current version the day before ``valid_from``.
    The caller holds the transaction for all-or-nothing imports; this nests inside it.
    """
    records = list(records)
    # Importers report this per row already; the check here keeps every other caller
    # from storing a code that would break the public area URLs.
    problems = [p for r in records if (p := area_code_problem(r.code))]
    if problems:
        raise ValueError("; ".join(problems))
    count = ChangeCount()
    municipality = level.municipality
    with transaction.atomic():
        parents = (
            {a.code: a for a in Area.objects.filter(level=parent_level)} if parent_level else {}
        )
        for record in records:
            area = Area.objects.filter(level=level, code=record.code).first() or Area(
                municipality=municipality, level=level, code=record.code
            )
            values: dict[str, Any] = {"name": record.name, "long_name": record.long_name}
            if record.parent_code is not None:
                values["parent"] = parents[record.parent_code]
            _save_audited(area, values, acting_user, count)
            if record.geometry is not None:
                _save_boundary(area, record.geometry, valid_from, source, acting_user, count)
    return count


def _save_boundary(
    area: Area,
    geom: BaseGeometry,
    valid_from: dt.date,
    source: str,
    acting_user: ActingUser,
    count: ChangeCount,
) -> None:
    text = geo.geojson_text(geom)
    current = area.current_boundary()
    if current is not None and (current.geometry == text or _same_shape(current.geometry, text)):
        count.unchanged += 1
        return
    area_km2, lon, lat = geo.measures(geom)
    if current is not None and current.valid_to is None:
        if current.valid_from >= valid_from:
            # Same start date: this is a correction of the current version, not a new one.
            _save_audited(
                current,
                {
                    "geometry": text,
                    "area_km2": area_km2,
                    "centroid_lon": lon,
                    "centroid_lat": lat,
                    "source": source,
                },
                acting_user,
                count,
                municipality_id=area.municipality_id,
            )
            return
        _save_audited(
            current,
            {"valid_to": valid_from - dt.timedelta(days=1)},
            acting_user,
            ChangeCount(),
            municipality_id=area.municipality_id,
        )
    boundary = AreaBoundary(area=area, valid_from=valid_from)
    _save_audited(
        boundary,
        {
            "geometry": text,
            "area_km2": area_km2,
            "centroid_lon": lon,
            "centroid_lat": lat,
            "source": source,
        },
        acting_user,
        count,
        municipality_id=area.municipality_id,
    )


def _same_shape(stored: str, new: str) -> bool:
    a, b = geo.parse_geometry(stored), geo.parse_geometry(new)
    return bool(shapely.equals_exact(shapely.normalize(a), shapely.normalize(b), tolerance=1e-7))


def derive_parent_areas(
    child_level: AreaLevel,
    parent_level: AreaLevel,
    *,
    prefix_length: int,
    names: dict[str, str],
    valid_from: dt.date,
    single_code: str = "",
    source: str = "",
    acting_user: ActingUser,
) -> ChangeCount:
    """Build the areas of ``parent_level`` by dissolving child areas.

    Children are grouped by the first ``prefix_length`` characters of their code
    (Dresden: Stadtteil 61 lies in Stadtbezirk 6); with ``prefix_length`` 0 all children
    form one parent, coded ``single_code`` (the city). Children get the parent assigned.
    """
    with transaction.atomic():
        children = list(Area.objects.filter(level=child_level).prefetch_related("boundaries"))
        groups: dict[str, list[Area]] = {}
        for child in children:
            code = child.code[:prefix_length] if prefix_length else single_code
            groups.setdefault(code, []).append(child)
        missing = sorted(code for code in groups if code not in names)
        if missing:
            raise ValueError(f"Kein Name für: {', '.join(missing)}")
        records = []
        for code, members in sorted(groups.items()):
            shapes = [
                geo.parse_geometry(b.geometry)
                for m in members
                if (b := m.current_boundary()) is not None
            ]
            geom = shapely.union_all(shapes) if shapes else None
            records.append(AreaRecord(code=code, name=names[code], geometry=geom))
        count = save_areas(
            parent_level, records, valid_from=valid_from, source=source, acting_user=acting_user
        )
        parents = {a.code: a for a in Area.objects.filter(level=parent_level)}
        for code, members in groups.items():
            for child in members:
                _save_audited(child, {"parent": parents[code]}, acting_user, count)
        return count


def define_indicator(
    municipality: Municipality,
    slug: str,
    *,
    name: str,
    kind: str = Indicator.Kind.COUNT,
    unit: str = "",
    description: str = "",
    numerator: str | None = None,
    denominator: str | None = None,
    scale: float = 1.0,
    decimals: int = 0,
    source: str = "",
    licence: str = "",
    visibility: str = Visibility.PUBLIC,
    acting_user: ActingUser,
) -> Indicator:
    """Create or update an indicator definition; numerator/denominator are slugs."""
    with transaction.atomic():
        indicator = Indicator.objects.filter(municipality=municipality, slug=slug).first()
        indicator = indicator or Indicator(municipality=municipality, slug=slug)
        by_slug = {i.slug: i for i in Indicator.objects.filter(municipality=municipality)}
        values = {
            "name": name,
            "kind": kind,
            "unit": unit,
            "description": description,
            "numerator": by_slug[numerator] if numerator else None,
            "denominator": by_slug[denominator] if denominator else None,
            "scale": float(scale),
            "decimals": decimals,
            "source": source,
            "licence": licence,
            "visibility": visibility,
        }
        # The trail of a record that is or was non-public is itself non-public. (A new
        # Indicator() already carries the model default "public", so the old value alone
        # would publish the creation of a non-public indicator.)
        was = indicator.visibility if indicator.pk else visibility
        return _save_audited(
            indicator,
            values,
            acting_user,
            ChangeCount(),
            visibility=max(was, visibility, key=Visibility.values.index),
        )


def set_indicator_values(
    indicator: Indicator,
    values: dict[tuple[int, str], float],
    *,
    acting_user: ActingUser,
    summary: str = "",
    recompute: bool = True,
    variant: str = "",
) -> ChangeCount:
    """Store imported values, keyed by (area id, period); then recompute derived values.

    With a ``variant`` the values are forecast values of that variant (observed values
    of the same periods stay as they are, and the other way round).

    An importer that stores several indicators passes ``recompute=False`` and calls
    ``recompute_derived_values`` once at the end, inside its own transaction.

    One audit entry per indicator lists every value that changed, before and after,
    so that an import of thousands of values leaves a readable trail.
    """
    count = ChangeCount()
    imported = IndicatorValue.Origin.IMPORTED.value
    with transaction.atomic():
        # Plain rows, not model instances: see value_rows (an import stores 100,000).
        existing = {
            (area_id, period): (value, origin)
            for area_id, period, value, origin in plain_rows(
                IndicatorValue.all_variants.filter(
                    indicator=indicator, variant=variant
                ).values_list("area_id", "period", "value", "origin")
            )
        }
        codes = dict(
            Area.objects.filter(municipality_id=indicator.municipality_id).values_list("id", "code")
        )
        new, changed = [], []
        before: dict[str, Any] = {}
        after: dict[str, Any] = {}
        # Hoisted out of the loop over up to 100,000 values (``pk`` is a property).
        pk, suffix, unchanged = indicator.pk, f" ({variant})" if variant else "", 0
        for (area_id, period), value in values.items():
            current = existing.get((area_id, period))
            if current is None:
                new.append((pk, area_id, period, float(value), imported))
                key = f"{codes[area_id]} {period}{suffix}"
                before[key], after[key] = None, value
            elif current[0] != value or current[1] != imported:
                key = f"{codes[area_id]} {period}{suffix}"
                before[key], after[key] = current[0], value
                changed.append((pk, area_id, period, float(value), imported))
            else:
                unchanged += 1
        count.unchanged = unchanged
        insert_values(new, variant)
        update_values(changed, variant)
        count.created, count.updated = len(new), len(changed)
        if count.changed:
            record_change(
                indicator,
                before=before,
                after=after,
                acting_user=acting_user,
                summary=summary or f"Werte: {count.created} neu, {count.updated} geändert",
                visibility=indicator.visibility,
            )
        if recompute:
            recompute_derived_values(indicator.municipality, acting_user=acting_user)
    return count


def set_reported_with(area: Area, target: Area | None, *, acting_user: ActingUser) -> Area:
    """Mark ``area`` as published only together with ``target`` (or undo that)."""
    with transaction.atomic():
        return _save_audited(area, {"reported_with": target}, acting_user, ChangeCount())
