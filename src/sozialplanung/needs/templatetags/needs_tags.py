"""``{% area_supply area %}``: the "Versorgung" section of an area page."""

from __future__ import annotations

from typing import Any

from django import template

from sozialplanung.core import computed
from sozialplanung.offers.models import OfferCategory

from ..compute import analyse

register = template.Library()


@register.inclusion_tag("needs/_area_supply.html", takes_context=True)
def area_supply(context: dict[str, Any], area: Any) -> dict[str, Any]:
    """Per category with a Richtwert: supply, coverage vs Richtwert and gap rank here."""
    request = context.get("request")
    user = getattr(request, "user", None)
    # This area's rows only, cached per clearance and data version (core.computed): a
    # page view does not unpickle every category's city-wide analysis to pick one row.
    rows = computed.remember(
        "area-supply",
        area.municipality_id,
        user,
        (area.id,),
        lambda: _supply_rows(area, user),
    )
    return {"area": area, "rows": rows, "municipality": area.municipality}


def _supply_rows(area: Any, user: Any) -> list[dict[str, Any]]:
    rows = []
    categories = OfferCategory.objects.filter(
        municipality_id=area.municipality_id, parameters__isnull=False
    ).order_by("order", "name")
    for category in categories:
        analysis = analyse(area.municipality, category, user, area.level)
        row = next((r for r in analysis.rows if r.area.id == area.id), None)
        if row is not None:
            rows.append({"category": category, "row": row, "params": analysis.params})
    return rows
