"""Pages of needs and gaps: overview, gap map with ranked table, CSV/XLSX, parameters."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sozialplanung.areas import choropleth, queries
from sozialplanung.core.formats.numbers import parse_decimal
from sozialplanung.core.pages import municipality_or_404, page_context
from sozialplanung.core.visibility import can_edit_planning_data
from sozialplanung.offers.models import OfferCategory

from . import actions
from .compute import GapAnalysis, analyse
from .models import CategoryParameters, GapSettings, IndexConfig


def _categories(municipality: Any) -> list[OfferCategory]:
    return list(
        OfferCategory.objects.filter(municipality=municipality, parameters__isnull=False)
        .select_related("parameters__target_indicator")
        .order_by("order", "name")
    )


def overview(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = municipality_or_404(slug)
    from .index import compute_index

    rows = []
    for category in _categories(municipality):
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
    categories = _categories(municipality)
    levels = [lvl for lvl in queries.levels(municipality) if lvl.depth > 0]
    ctx: dict[str, Any] = {
        **page_context(request, municipality, "needs"),
        "categories": categories,
        "levels": levels,
    }
    if not categories:
        return None, ctx
    by_slug = {c.slug: c for c in categories}
    category = by_slug.get(request.GET.get("kategorie", ""), categories[0])
    level = {lvl.slug: lvl for lvl in levels}.get(request.GET.get("ebene", ""))
    analysis = analyse(municipality, category, request.user, level)
    ctx.update({"category": category, "analysis": analysis, "level": analysis.level})
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


COLUMNS = (
    gettext_noop("Rank"),
    gettext_noop("Area code"),
    gettext_noop("Area"),
    gettext_noop("Gap score"),
    gettext_noop("Supply per week"),
    gettext_noop("Target group"),
    gettext_noop("Per 1,000"),
    gettext_noop("Coverage ratio"),
    gettext_noop("Deficit"),
    gettext_noop("Accessibility per 1,000"),
    gettext_noop("Without offer in reach (%)"),
    gettext_noop("Need reports"),
    gettext_noop("Explanation"),
)


def _table(analysis: GapAnalysis) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for r in analysis.rows:
        g = r.gap
        if r.withheld:
            rows.append(["", r.area.code, r.area.name, *["•"] * 9, ""])
            continue
        cov = g.coverage

        def rnd(v: float | None, d: int = 2) -> float | None:
            return None if v is None else round(v, d)

        rows.append(
            [
                g.rank,
                r.area.code,
                r.area.name,
                rnd(g.score, 1),
                rnd(cov.supply, 1),
                rnd(cov.target, 0),
                rnd(cov.per_1000),
                rnd(cov.ratio),
                rnd(cov.deficit, 1),
                rnd(g.accessibility_per_1000),
                rnd(None if g.unreached_share is None else g.unreached_share * 100, 0),
                rnd(g.reported, 0),
                r.explanation,
            ]
        )
    return rows


def _filename(analysis: GapAnalysis, ext: str) -> str:
    level = analysis.level.slug if analysis.level else ""
    return f"{analysis.municipality.slug}_luecken_{analysis.category.slug}_{level}.{ext}"


def gaps_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """Semicolon CSV for Excel (UTF-8 with BOM, decimal comma); parameter rows first."""
    analysis, _ctx = _analysis(request, slug)
    if analysis is None:
        raise PermissionDenied
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(analysis, "csv")}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";", lineterminator="\r\n")
    for key, value in analysis.header_rows():
        writer.writerow([key, value])
    writer.writerow([])
    writer.writerow([_(c) for c in COLUMNS])
    for row in _table(analysis):
        writer.writerow(
            [
                "" if v is None else str(v).replace(".", ",") if isinstance(v, float) else v
                for v in row
            ]
        )
    return response


def gaps_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    analysis, _ctx = _analysis(request, slug)
    if analysis is None:
        raise PermissionDenied
    book = Workbook()
    sheet = book.active
    sheet.title = _("Gaps")[:31]
    for key, value in analysis.header_rows():
        sheet.append([key, value])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    sheet.append([])
    sheet.append([_(c) for c in COLUMNS])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in _table(analysis):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(analysis, "xlsx")}"'
    return response


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
