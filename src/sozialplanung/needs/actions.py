"""Changing the needs parameters: permission-checked, audited, one transaction each."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction

from sozialplanung.areas.models import Indicator
from sozialplanung.core.audit import record_change, snapshot
from sozialplanung.core.models import Municipality
from sozialplanung.core.visibility import can_edit_planning_data
from sozialplanung.offers.models import OfferCategory

from .models import CategoryParameters, GapSettings, IndexConfig

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from sozialplanung.core.models import User

    Actor = User | AnonymousUser | None
else:
    Actor = Any


def _require_planner(user: Actor, actor: str, municipality_id: int) -> None:
    """The planning unit (or an admin) changes parameters; system jobs name an actor."""
    if user is None and actor:
        return
    if not can_edit_planning_data(user, municipality_id):
        raise PermissionDenied


def _save(instance: models.Model, values: dict[str, Any], user: Actor, actor: str) -> bool:
    before = snapshot(instance) if instance.pk else None
    for name, value in values.items():
        setattr(instance, name, value)
    after = snapshot(instance)
    if before == after:
        return False
    instance.save()
    record_change(instance, before=before, after=snapshot(instance), user=user, actor=actor)
    return True


def set_category_parameters(
    category: OfferCategory,
    *,
    richtwert: float,
    target_indicator: Indicator,
    catchment_m: int = 800,
    steps: list[list[float]] | None = None,
    note: str = "",
    user: Actor = None,
    actor: str = "",
) -> CategoryParameters:
    """Richtwert, target group and catchment of one category (created if missing)."""
    _require_planner(user, actor, category.municipality_id)
    if target_indicator.municipality_id != category.municipality_id:
        raise ValueError("target indicator of another municipality")
    if richtwert <= 0 or catchment_m <= 0:
        raise ValueError("Richtwert and catchment must be positive")
    with transaction.atomic():
        params = CategoryParameters.objects.filter(category=category).first() or (
            CategoryParameters(category=category, municipality_id=category.municipality_id)
        )
        _save(
            params,
            {
                "richtwert": float(richtwert),
                "target_indicator_id": target_indicator.pk,
                "catchment_m": int(catchment_m),
                "steps": [[float(b), float(w)] for b, w in (steps or [])],
                "note": note,
            },
            user,
            actor,
        )
    return params


def set_gap_weights(
    municipality: Municipality, *, user: Actor = None, actor: str = "", **weights: float
) -> GapSettings:
    """The weights of the gap score; unnamed ones keep their value."""
    _require_planner(user, actor, municipality.pk)
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
        settings = GapSettings.objects.filter(municipality=municipality).first() or GapSettings(
            municipality=municipality
        )
        _save(settings, {k: float(v) for k, v in weights.items()}, user, actor)
    return settings


def configure_index(
    municipality: Municipality,
    *,
    level_id: int | None,
    indicators: list[dict[str, Any]],
    thresholds: list[float],
    min_population: int = 300,
    note: str = "",
    user: Actor = None,
    actor: str = "",
) -> IndexConfig:
    """Indicators, directions, weights, class thresholds and minimum population."""
    _require_planner(user, actor, municipality.pk)
    with transaction.atomic():
        config = IndexConfig.objects.filter(municipality=municipality).first() or IndexConfig(
            municipality=municipality
        )
        _save(
            config,
            {
                "level_id": level_id,
                "indicators": indicators,
                "thresholds": [float(t) for t in thresholds],
                "min_population": int(min_population),
                "note": note,
            },
            user,
            actor,
        )
    return config
