"""``{% area_supply area %}``: the "Versorgung" section of an area page."""

from __future__ import annotations

from typing import Any

from django import template

from sozialplanung.offers.models import OfferCategory

from ..compute import analyse

register = template.Library()


@register.inclusion_tag("needs/_area_supply.html", takes_context=True)
def area_supply(context: dict[str, Any], area: Any) -> dict[str, Any]:
    """Per category with a Richtwert: supply, coverage vs Richtwert and gap rank here."""
    request = context.get("request")
    user = getattr(request, "user", None)
    rows = []
    categories = OfferCategory.objects.filter(
        municipality_id=area.municipality_id, parameters__isnull=False
    ).order_by("order", "name")
    for category in categories:
        analysis = analyse(area.municipality, category, user, area.level)
        row = next((r for r in analysis.rows if r.area.id == area.id), None)
        if row is not None:
            rows.append({"category": category, "row": row, "params": analysis.params})
    return {"area": area, "rows": rows, "municipality": area.municipality}
