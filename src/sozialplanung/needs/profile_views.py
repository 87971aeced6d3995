"""The area profile page with its comparable areas; the PDF is ``ProfileExporter``."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe

from sozialplanung.areas.models import Area
from sozialplanung.core.models import Municipality
from sozialplanung.core.pages import municipality_or_404, page_context

from .profile import area_profile
from .profile_comparable import profile_comparison


def profile_area_or_404(municipality: Municipality, level: str, code: str) -> Area:
    area = get_object_or_404(
        Area.objects.select_related("level", "parent__level", "reported_with__level"),
        municipality=municipality,
        level__slug=level,
        code=code,
    )
    area.municipality = municipality  # read already: offers and gaps need it
    return area


def profile_page(request: HttpRequest, slug: str, level: str, code: str) -> HttpResponse:
    municipality = municipality_or_404(slug)
    area = profile_area_or_404(municipality, level, code)
    profile = area_profile(municipality, area, request.user)
    choice, comparables = profile_comparison(profile, request.GET, request.user)
    shown = {line.indicator.id: line for line in profile.indicators}
    own_values = {i.id: shown[i.id].value for i in choice.chosen if i.id in shown}
    return render(
        request,
        "needs/profile.html",
        {
            **page_context(request, municipality, "area"),
            "area": area,
            "profile": profile,
            # Every text in the SVGs is escaped where they are written (profile_chart,
            # profile_map): safe to put into the page as markup.
            "charts": [(line, mark_safe(line.chart_svg(area))) for line in profile.indicators],
            "map_svg": mark_safe(profile.map_svg),
            "choice": choice,
            "chosen_slugs": {i.slug for i in choice.chosen},
            "own_values": [(own_values.get(i.id), i) for i in choice.chosen],
            "comparable_rows": [
                (c, list(zip(c.values, choice.chosen, strict=True))) for c in comparables
            ],
            "query": request.GET.urlencode(),
        },
    )
