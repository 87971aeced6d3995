"""Which planning domain (areas.PlanningDomain) an offer category belongs to: its offers,
reference values and gaps follow it."""

from __future__ import annotations

from django.db import transaction

from sozialplanung.areas.models import PlanningDomain
from sozialplanung.core.audit import ActingUser, save_audited
from sozialplanung.core.visibility import Visibility

from ..models import OfferCategory
from .common import _require_planner


def set_category_domain(
    category: OfferCategory, domain: PlanningDomain | None, *, acting_user: ActingUser
) -> OfferCategory:
    """Put ``category`` into ``domain`` (None: into none); planning unit only."""
    _require_planner(acting_user, category.municipality_id)
    if domain is not None and domain.municipality_id != category.municipality_id:
        raise ValueError("planning domain of another municipality")
    with transaction.atomic():
        category, _changed = save_audited(
            category, {"domain": domain}, acting_user=acting_user, visibility=Visibility.PUBLIC
        )
    return category
