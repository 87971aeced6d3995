"""Pages of scenarios: the list, the form, and a scenario beside today.

Only the planning unit of the municipality (and administrators) may know that a
scenario exists: everyone else gets a 404, as for an address that does not exist, and
the anonymous the login first.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from sozialplanung.core.concurrency import EditConflict, posted_version, refuse, token_to_show
from sozialplanung.core.models import Municipality
from sozialplanung.core.pages import municipality_page, page_context, planning_unit

from . import scenario_actions
from .compute import gap_levels, parameterised_categories
from .models import Scenario
from .scenario_compare import compare_areas, compare_category, side_by_side
from .scenario_forms import ScenarioForm, planned_formset


def scenario_or_404(municipality: Municipality, pk: int) -> Scenario:
    found: Scenario = get_object_or_404(
        Scenario.objects.select_related("quarter_area"), municipality=municipality, pk=pk
    )
    return found


@municipality_page(planning_unit)
def scenario_list(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    return render(
        request,
        "needs/scenarios.html",
        {
            **page_context(request, municipality, "needs"),
            "scenarios": Scenario.objects.filter(municipality=municipality).prefetch_related(
                "planned_offers"
            ),
        },
    )


@municipality_page(planning_unit)
def scenario_page(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    scenario = scenario_or_404(municipality, pk)
    variation = scenario.variation()
    categories = parameterised_categories(municipality)
    levels = gap_levels(municipality)
    ctx = {
        **page_context(request, municipality, "needs"),
        "scenario": scenario,
        "planned": scenario.planned_offers.select_related("category"),
        "closed": scenario.closed_offers.select_related("category", "provider"),
        "categories": categories,
        "levels": levels,
    }
    if categories:
        summary = []
        for category in categories:
            today, varied = side_by_side(municipality, category, request.user, None, variation)
            found = compare_category(today, varied)
            if found is not None:
                summary.append(found)
        category = {c.slug: c for c in categories}.get(
            request.GET.get("kategorie", ""), categories[0]
        )
        level = {lvl.slug: lvl for lvl in levels}.get(request.GET.get("ebene", ""))
        today, varied = side_by_side(municipality, category, request.user, level, variation)
        ctx.update(
            {
                "summary": summary,
                "category": category,
                "level": today.level,
                "today": today,
                "varied": varied,
                "rows": compare_areas(today, varied),
            }
        )
    return render(request, "needs/scenario.html", ctx)


@municipality_page(planning_unit)
def scenario_new(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    return _scenario_form(request, municipality, None)


@municipality_page(planning_unit)
def scenario_edit(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    return _scenario_form(request, municipality, scenario_or_404(municipality, pk))


def _scenario_form(
    request: HttpRequest, municipality: Municipality, found: Scenario | None
) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = ScenarioForm(data, municipality=municipality, scenario=found)
    planned = planned_formset(data, municipality, found)
    version_token = token_to_show(request, found, form, planned)
    if data is not None and form.is_valid() and planned.is_valid():
        try:
            saved = scenario_actions.save_scenario(
                municipality,
                values=form.values(),
                closed_offers=form.cleaned_data["closed_offers"],
                planned=planned.records(),
                scenario=found,
                acting_user=request.user,
                version=posted_version(request.POST) if found is not None else None,
            )
        except EditConflict as conflict:
            found = conflict.record  # type: ignore[assignment]
            form = ScenarioForm(data, municipality=municipality, scenario=found)
            planned = planned_formset(data, municipality, found)
            version_token = refuse(request, conflict, form, planned)
        else:
            messages.success(request, _("The scenario is saved."))
            return redirect("needs:scenario", slug=municipality.slug, pk=saved.pk)
    return render(
        request,
        "needs/scenario_form.html",
        {
            **page_context(request, municipality, "needs"),
            "scenario": found,
            "form": form,
            "planned": planned,
            "version_token": version_token,
        },
    )
