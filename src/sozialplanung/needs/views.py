"""Pages of needs and gaps: overview, gap map with ranked table, parameters."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from sozialplanung.areas import choropleth
from sozialplanung.areas.domains import chosen_domain, domains_of
from sozialplanung.areas.models import Indicator
from sozialplanung.core.concurrency import (
    TOKEN_NAME,
    EditConflict,
    Shown,
    conflict_message,
    issue_token,
    posted_version,
    read_token,
    record_shows,
)
from sozialplanung.core.formats.numbers import de_number, parse_decimal
from sozialplanung.core.pages import municipality_or_404, page_context
from sozialplanung.core.visibility import can_edit_planning_data

from . import actions
from .absorption import absorption_rows
from .compute import (
    analyse,
    chosen_analysis,
    gap_levels,
    parameterised_categories,
)
from .forecast import (
    ForecastYear,
    compare_with_today,
    forecast_label,
    option_value,
    year_choices,
)
from .gap_result import GapAnalysis, score_text
from .models import CategoryParameters, GapSettings, IndexConfig


def overview(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = municipality_or_404(slug)
    from .index import cached_index

    rows = []
    domain = chosen_domain(municipality, request.GET)
    for category in parameterised_categories(municipality):
        if domain is not None and category.domain_id != domain.id:
            continue
        analysis = analyse(municipality, category, request.user)
        top = analysis.ranked[:3]
        rows.append({"category": category, "analysis": analysis, "top": top})
    return render(
        request,
        "needs/overview.html",
        {
            **page_context(request, municipality, "needs"),
            "rows": rows,
            "index": cached_index(municipality, request.user),
            "can_edit": can_edit_planning_data(request.user, municipality.id),
            "domains": domains_of(municipality),
            "domain": domain,
        },
    )


def _analysis(request: HttpRequest, slug: str) -> tuple[GapAnalysis | None, dict[str, Any]]:
    municipality = municipality_or_404(slug)
    categories = parameterised_categories(municipality)
    levels = gap_levels(municipality)
    domain = chosen_domain(municipality, request.GET)
    ctx: dict[str, Any] = {
        **page_context(request, municipality, "needs"),
        "categories": [c for c in categories if domain is None or c.domain_id == domain.id],
        "levels": levels,
        "domains": domains_of(municipality),
        "domain": domain,
        "forecasts": [
            (option_value(period, variant), forecast_label(period, variant))
            for period, variant in year_choices(municipality)
        ],
    }
    analysis = chosen_analysis(municipality, request.GET, request.user, categories, levels)
    if analysis is not None:
        ctx.update({"category": analysis.category, "analysis": analysis, "level": analysis.level})
    return analysis, ctx


def gaps_page(request: HttpRequest, slug: str) -> HttpResponse:
    analysis, ctx = _analysis(request, slug)
    if analysis is None or analysis.level is None:
        return render(request, "needs/gaps.html", ctx)
    forecast = analysis.variation if isinstance(analysis.variation, ForecastYear) else None
    if forecast is not None:
        # Today beside the forecast year: how each gap changes.
        today = analyse(analysis.municipality, analysis.category, request.user, analysis.level)
        compare_with_today(analysis, today)
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
                % {"score": score_text(row.gap.score), "rank": row.gap.rank}
                if row.gap.score is not None
                else _("no data")
            ),
            "url": reverse(
                "areas:area", args=[analysis.municipality.slug, row.area.level.slug, row.area.code]
            ),
        }
        row.colour = colours[row.area.code]  # type: ignore[attr-defined]
    # Name and place only: an offer's capacity is internal (the map does not use it).
    points = [{"name": o.name, "lat": o.latitude, "lon": o.longitude} for o in analysis.offers]
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
            "query": urlencode(
                {
                    "kategorie": analysis.category.slug,
                    "ebene": analysis.level.slug,
                    **(
                        {"prognose": option_value(forecast.period, forecast.variant)}
                        if forecast
                        else {}
                    ),
                }
            ),
            "forecast": forecast,
            "chosen_forecast": option_value(forecast.period, forecast.variant) if forecast else "",
            "has_withheld": any(r.withheld for r in analysis.rows),
            "absorption_rows": absorption_rows(analysis),
        }
    )
    return render(request, "needs/gaps.html", ctx)


# A catchment beyond 100 km is no walking distance any more; the database column would
# overflow long before a number like 1e20 could be stored.
MAX_CATCHMENT_M = 100_000


def _number(post: Any, name: str, errors: dict[str, str], *, positive: bool) -> float:
    """The finite number typed into ``name`` ("1.234,5" or "2.5"); a German error otherwise.

    ``positive`` demands more than 0, else at least 0 is enough. An error goes into
    ``errors`` under the field's name, so the page can show it next to the field.
    """
    try:
        number = parse_decimal(post.get(name, ""))
    except ValueError:
        number = None
    if number is None or number < 0 or (positive and number == 0):
        errors[name] = (
            _("Please enter a number greater than 0, such as 2,5.")
            if positive
            else _("Please enter a number of at least 0, such as 2,5.")
        )
        return 0.0
    return float(number)


def _catchment(post: Any, errors: dict[str, str]) -> int:
    """The catchment in whole metres, 1 to ``MAX_CATCHMENT_M``; a German error otherwise."""
    try:
        number = parse_decimal(post.get("catchment_m", ""))
    except ValueError:
        number = None
    if number is None or number != number.to_integral_value() or not 0 < number <= MAX_CATCHMENT_M:
        errors["catchment_m"] = _(
            "Please enter the catchment in whole metres between 1 and %(max)s."
        ) % {"max": f"{MAX_CATCHMENT_M:,}".replace(",", ".")}
        return 0
    return int(number)


# What the parameter page shows of a category's parameters (and may have changed meanwhile).
CATEGORY_FIELDS = ("richtwert", "catchment_m")

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


def _shows(record: Any, fields: tuple[str, ...]) -> Shown:
    return record_shows(record, fields) if record is not None else {}


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
    errors: dict[str, str] = {}
    failed_category: int | None = None
    conflict: EditConflict | None = None
    tokens = {p.pk: issue_token(p, record_shows(p, CATEGORY_FIELDS)) for p in params}
    weights_token = issue_token(settings_row, record_shows(settings_row, WEIGHT_FIELDS))
    if request.method == "POST":
        version = posted_version(request.POST)
        if "category" in request.POST:
            p = get_object_or_404(
                CategoryParameters, municipality=municipality, pk=request.POST["category"]
            )
            richtwert = _number(request.POST, "richtwert", errors, positive=True)
            catchment_m = _catchment(request.POST, errors)
            if errors:
                failed_category = p.pk
                tokens[p.pk] = str(request.POST.get(TOKEN_NAME, ""))
            else:
                try:
                    actions.set_category_parameters(
                        p.category,
                        richtwert=richtwert,
                        target_indicator=p.target_indicator,
                        catchment_m=catchment_m,
                        steps=p.steps,
                        note=p.note,
                        acting_user=request.user,
                        version=version,
                    )
                except EditConflict as refused:
                    conflict, failed_category = refused, p.pk
                    tokens[p.pk] = issue_token(
                        refused.record, _shows(refused.record, CATEGORY_FIELDS)
                    )
        else:
            weights = {f: _number(request.POST, f, errors, positive=False) for f in WEIGHT_FIELDS}
            if errors:
                weights_token = str(request.POST.get(TOKEN_NAME, ""))
            else:
                try:
                    actions.set_gap_weights(
                        municipality, acting_user=request.user, version=version, **weights
                    )
                except EditConflict as refused:
                    conflict = refused
                    weights_token = issue_token(
                        refused.record, _shows(refused.record, WEIGHT_FIELDS)
                    )
        if conflict is not None:
            fields = CATEGORY_FIELDS if failed_category else WEIGHT_FIELDS
            now = _shows(conflict.record, fields)
            messages.error(
                request,
                conflict_message(conflict.record, read_token(request.POST), now, request.user),
            )
        elif not errors:
            messages.success(request, _("Saved."))
            return redirect("needs:parameters", slug=municipality.slug)
        else:
            messages.error(request, _("Nothing was saved; please correct the marked fields."))
    # After a refused save the typed text comes back, so nothing typed is lost.
    refused_save = bool(errors) or conflict is not None
    for p in params:
        p.version_token = tokens[p.pk]
    weights_failed = refused_save and failed_category is None
    return render(
        request,
        "needs/parameters.html",
        {
            **page_context(request, municipality, "needs"),
            "params": params,
            "typed": request.POST if refused_save else {},
            "tokens": tokens,
            "weights_token": weights_token,
            "errors": errors,
            "failed_category": failed_category,
            "weights": [
                (
                    f,
                    GapSettings._meta.get_field(f).verbose_name,
                    request.POST.get(f, "")
                    if weights_failed
                    else de_number(getattr(settings_row, f), 2),
                    errors.get(f, "") if weights_failed else "",
                )
                for f in WEIGHT_FIELDS
            ],
            "index": (index := IndexConfig.objects.filter(municipality=municipality).first()),
            "index_rows": index_rows(index, municipality),
        },
    )


def index_rows(index: IndexConfig | None, municipality: Any) -> list[tuple[str, str, str, str]]:
    """The social index's indicators in words (name, part, direction, weight), not as
    the configuration's slugs and numbers."""
    if index is None:
        return []
    names = dict(Indicator.objects.filter(municipality=municipality).values_list("slug", "name"))
    rows = []
    for entry in index.indicators:
        rising = int(entry.get("direction", 1)) >= 0
        rows.append(
            (
                names.get(entry["indicator"], entry["indicator"]),
                # needs/index.py: "status" is the newest year, any other part the change.
                _("newest year")
                if entry.get("part", "status") == "status"
                else _("change over the years"),
                _("higher value, more need") if rising else _("lower value, more need"),
                de_number(float(entry.get("weight", 1)), 1),
            )
        )
    return rows
