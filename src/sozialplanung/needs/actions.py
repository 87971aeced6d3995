"""Changing the needs parameters: permission-checked, audited, one transaction each."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from sozialplanung.areas.models import Indicator
from sozialplanung.core.audit import ActingUser, is_process, person, save_audited
from sozialplanung.core.concurrency import require_version
from sozialplanung.core.models import Municipality
from sozialplanung.core.visibility import can_edit_planning_data
from sozialplanung.offers.models import OfferCategory

from .models import CategoryParameters, GapSettings, IndexConfig


def _require_planner(acting_user: ActingUser, municipality_id: int) -> None:
    """The planning unit (or an admin) changes parameters; processes are trusted."""
    if is_process(acting_user):
        return
    if not can_edit_planning_data(person(acting_user), municipality_id):
        raise PermissionDenied


def set_category_parameters(
    category: OfferCategory,
    *,
    richtwert: float,
    target_indicator: Indicator,
    catchment_m: int = 800,
    steps: list[list[float]] | None = None,
    note: str = "",
    acting_user: ActingUser,
    version: str | None = None,
) -> CategoryParameters:
    """Richtwert, target group and catchment of one category (created if missing).

    ``version``: the version the parameter page showed; a save on an older one is
    refused (``core.concurrency``)."""
    _require_planner(acting_user, category.municipality_id)
    if target_indicator.municipality_id != category.municipality_id:
        raise ValueError("target indicator of another municipality")
    if richtwert <= 0 or catchment_m <= 0:
        raise ValueError("Richtwert and catchment must be positive")
    with transaction.atomic():
        params = CategoryParameters.objects.select_for_update().filter(category=category).first()
        require_version(params, version)
        params = params or CategoryParameters(
            category=category, municipality_id=category.municipality_id
        )
        save_audited(
            params,
            {
                "richtwert": float(richtwert),
                "target_indicator_id": target_indicator.pk,
                "catchment_m": int(catchment_m),
                "steps": [[float(b), float(w)] for b, w in (steps or [])],
                "note": note,
            },
            acting_user=acting_user,
        )
    return params


def set_gap_weights(
    municipality: Municipality,
    *,
    acting_user: ActingUser,
    version: str | None = None,
    **weights: float,
) -> GapSettings:
    """The weights of the gap score; unnamed ones keep their value. ``version`` as for
    ``set_category_parameters``."""
    _require_planner(acting_user, municipality.pk)
    allowed = {f.name for f in GapSettings._meta.concrete_fields} - {
        "id",
        "municipality",
        "created",
        "modified",
    }
    unknown = set(weights) - allowed
    if unknown:
        raise ValueError(f"unknown weights: {sorted(unknown)}")
    if any(float(v) < 0 for v in weights.values()):
        raise ValueError("weights must not be negative")
    with transaction.atomic():
        found = GapSettings.objects.select_for_update().filter(municipality=municipality).first()
        require_version(found, version)
        settings = found or GapSettings(municipality=municipality)
        save_audited(settings, {k: float(v) for k, v in weights.items()}, acting_user=acting_user)
    return settings


def configure_index(
    municipality: Municipality,
    *,
    level_id: int | None,
    indicators: list[dict[str, Any]],
    thresholds: list[float],
    min_population: int = 300,
    note: str = "",
    acting_user: ActingUser,
) -> IndexConfig:
    """Indicators, directions, weights, class thresholds and minimum population."""
    _require_planner(acting_user, municipality.pk)
    with transaction.atomic():
        config = IndexConfig.objects.filter(municipality=municipality).first() or IndexConfig(
            municipality=municipality
        )
        save_audited(
            config,
            {
                "level_id": level_id,
                "indicators": indicators,
                "thresholds": [float(t) for t in thresholds],
                "min_population": int(min_population),
                "note": note,
            },
            acting_user=acting_user,
        )
    return config
