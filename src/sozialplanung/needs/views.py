"""Pages of needs and gaps: overview, gap map with ranked table, parameters."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from sozialplanung.areas import choropleth
from sozialplanung.core.formats.numbers import parse_decimal
from sozialplanung.core.pages import municipality_or_404, page_context
from sozialplanung.core.visibility import can_edit_planning_data

from . import actions
from .compute import (
    GapAnalysis,
    analyse,
    chosen_analysis,
    gap_levels,
    parameterised_categories,
)
from .models import CategoryParameters, GapSettings, IndexConfig


def overview(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = municipality_or_404(slug)
    from .index import compute_index

    rows = []
    for category in parameterised_categories(municipality):
        analysis = analyse(municipality, category, request.user)
        top = analysis.ranked[:3]
        rows.append({"category": category, "analysis": analysis, "top": top})
    return render(
        request,
        "needs/overview.html",
        {
            **page_context(request, municipality, "needs"),
            "rows": rows,
            "index": compute_index(municipality, request.user),
            "can_edit": can_edit_planning_data(request.user, municipality.id),
        },
    )


def _analysis(request: HttpRequest, slug: str) -> tuple[GapAnalysis | None, dict[str, Any]]:
    municipality = municipality_or_404(slug)
    categories = parameterised_categories(municipality)
    levels = gap_levels(municipality)
    ctx: dict[str, Any] = {
        **page_context(request, municipality, "needs"),
        "categories": categories,
        "levels": levels,
    }
    analysis = chosen_analysis(municipality, request.GET, request.user, categories, levels)
    if analysis is not None:
        ctx.update({"category": analysis.category, "analysis": analysis, "level": analysis.level})
    return analysis, ctx


def gaps_page(request: HttpRequest, slug: str) -> HttpResponse:
    analysis, ctx = _analysis(request, slug)
    if analysis is None or analysis.level is None:
        return render(request, "needs/gaps.html", ctx)
    shown = [r for r in analysis.rows if not r.withheld]
    classification = choropleth.classify([r.gap.score for r in shown], "equal", 5)
    colour_of = {r.area.id: c for r, c in zip(shown, classification.colours, strict=True)}
    colours, labels = {}, {}
    for row in analysis.rows:
        colours[row.area.code] = colour_of.get(row.area.id) or choropleth.NO_DATA_COLOUR
        labels[row.area.code] = {
            "name": str(row.area),
            "value": "•"
            if row.withheld
            else (
                _("gap score %(score)s, rank %(rank)s")
                % {"score": f"{row.gap.score:.0f}", "rank": row.gap.rank}
                if row.gap.score is not None
                else _("no data")
            ),
            "url": reverse(
                "areas:area", args=[analysis.municipality.slug, row.area.level.slug, row.area.code]
            ),
        }
        row.colour = colours[row.area.code]  # type: ignore[attr-defined]
    points = [
        {
            "name": o.name,
            "lat": o.latitude,
            "lon": o.longitude,
            "capacity": o.weekly_capacity,
        }
        for o in analysis.offers
    ]
    ctx.update(
        {
            "legend": classification.classes,
            "no_data_colour": choropleth.NO_DATA_COLOUR,
            "colours": colours,
            "labels": labels,
            "points": points,
            "catchment_m": analysis.params.catchment_m if analysis.params else 800,
            "geojson_url": f"/api/municipalities/{analysis.municipality.slug}/areas.geojson"
            f"?level={analysis.level.slug}&simplify=20",
            "header_rows": analysis.header_rows(),
            "query": f"kategorie={analysis.category.slug}&ebene={analysis.level.slug}",
            "has_withheld": any(r.withheld for r in analysis.rows),
        }
    )
    return render(request, "needs/gaps.html", ctx)


def _float(text: str) -> float:
    """A number as German forms send it ("1.234,5") or plain ("2.5"); required."""
    number = parse_decimal(text)
    if number is None:
        raise ValueError(text)
    return float(number)


WEIGHT_FIELDS = (
    "coverage",
    "accessibility",
    "reports",
    "index",
    "size",
    "growth",
    "reports_saturation",
    "size_reference",
    "growth_saturation",
)


def parameters_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The planning unit's parameters: Richtwerte per category, weights, index."""
    municipality = municipality_or_404(slug)
    if not can_edit_planning_data(request.user, municipality.id):
        raise PermissionDenied
    params = list(
        CategoryParameters.objects.filter(municipality=municipality).select_related(
            "category", "target_indicator"
        )
    )
    settings_row = GapSettings.objects.filter(municipality=municipality).first() or GapSettings(
        municipality=municipality
    )
    if request.method == "POST":
        try:
            if "category" in request.POST:
                p = get_object_or_404(
                    CategoryParameters, municipality=municipality, pk=request.POST["category"]
                )
                actions.set_category_parameters(
                    p.category,
                    richtwert=_float(request.POST["richtwert"]),
                    target_indicator=p.target_indicator,
                    catchment_m=int(request.POST["catchment_m"]),
                    steps=p.steps,
                    note=p.note,
                    acting_user=request.user,
                )
            else:
                actions.set_gap_weights(
                    municipality,
                    acting_user=request.user,
                    **{f: _float(request.POST[f]) for f in WEIGHT_FIELDS},
                )
        except (KeyError, ValueError):
            messages.error(request, _("Please enter positive numbers."))
        else:
            messages.success(request, _("Saved."))
        return redirect("needs:parameters", slug=municipality.slug)
    return render(
        request,
        "needs/parameters.html",
        {
            **page_context(request, municipality, "needs"),
            "params": params,
            "weights": [
                (f, GapSettings._meta.get_field(f).verbose_name, getattr(settings_row, f))
                for f in WEIGHT_FIELDS
            ],
            "index": IndexConfig.objects.filter(municipality=municipality).first(),
        },
    )
