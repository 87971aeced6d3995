"""Pages under ``/<slug>/massnahmen/haushalt/``: budget, grants and capacity.

Their XLSX downloads are exporters (``exporters.py``) that read with the same
``chosen_budget`` and ``grants_data`` as the pages.

All of this is internal working data. Like the Jobcenter dependency view, an anonymous
visitor is sent to the login and everybody else who is not staff of this municipality
(the Träger role, staff and council of another municipality) gets a 404, the same
answer as for a page that does not exist. A Träger may read its own grants
(``GrantQuerySet``) but not the scenarios, budget lines and other providers' figures
these pages are built from, so the grants page is internal too.

Records come only through ``visible_to`` (in ``budget``, ``grants``, ``capacity``);
priorities, guidelines and scenarios have no visibility of their own and are read only
after the check above.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _

from sozialplanung.core.models import Municipality
from sozialplanung.core.pages import internal_here, municipality_page, page_context

from .budget import budget_overview, visible_budgets
from .budget_charts import lines_chart, pair_bars
from .capacity import capacity_overview
from .grants import ChosenScenario, RateError, grant_table, indexing, parse_percent
from .models import DoubleBudget, IndexingScenario

NAV = "budget"


def chosen_budget(
    municipality: Municipality, query: QueryDict, user: Any
) -> tuple[DoubleBudget | None, list[DoubleBudget]]:
    """The budget ``haushalt`` names (default: the newest), and all readable ones."""
    budgets = list(visible_budgets(municipality, user))
    wanted = query.get("haushalt", "")
    chosen = next((b for b in budgets if str(b.pk) == wanted), None)
    return chosen or (budgets[0] if budgets else None), budgets


@municipality_page(internal_here)
def budget_page(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    budget, budgets = chosen_budget(municipality, request.GET, request.user)
    overview = budget_overview(budget, request.user) if budget else None
    chart = None
    if overview and overview.priorities:
        chart = pair_bars(
            [
                (
                    _("Priority %(number)s · %(year)s")
                    % {"number": block.priority.number, "year": total.year},
                    float(total.planned),
                    float(total.assigned),
                    total.over_committed,
                )
                for block in overview.priorities
                for total in block.totals
            ],
            (_("planned"), _("assigned")),
        )
    return render(
        request,
        "measures/budget/budget.html",
        {
            **page_context(request, municipality, NAV),
            "budget": budget,
            "budgets": budgets,
            "overview": overview,
            "chart": chart,
            "sub": "budget",
        },
    )


# --- Grants and indexing ------------------------------------------------------------------


def _scenario(
    query: QueryDict, stored: list[IndexingScenario]
) -> tuple[ChosenScenario | None, list[str]]:
    """Custom rates (``personal``, ``sach``, ``basisjahr``) win over a stored scenario."""
    personnel, material = query.get("personal", "").strip(), query.get("sach", "").strip()
    base = query.get("basisjahr", "").strip()
    if not (personnel or material or base):
        wanted = query.get("szenario", "")
        row = next((s for s in stored if str(s.pk) == wanted), stored[0] if stored else None)
        return (ChosenScenario.from_model(row) if row else None), []
    errors: list[str] = []
    rates: list[float] = []
    for text, label in ((personnel, _("Personnel costs")), (material, _("Material costs"))):
        if not text:
            errors.append(_("%(label)s: please enter a yearly rate.") % {"label": label})
            continue
        try:
            rates.append(parse_percent(text, str(label)))
        except RateError as exc:
            errors.append(str(exc))
    base_year = None
    if base:
        if base.isdigit() and 1990 <= int(base) <= 2100:
            base_year = int(base)
        else:
            errors.append(_("Base year: “%(value)s” is not a year such as 2019.") % {"value": base})
    if errors:
        return None, errors
    return ChosenScenario(_("Own rates"), rates[0], rates[1], base_year), []


def grants_data(municipality: Municipality, query: QueryDict, user: Any) -> dict[str, Any]:
    """Grants and their indexing under the scenario or rates the query string chooses."""
    stored = list(IndexingScenario.objects.filter(municipality=municipality))
    chosen, errors = _scenario(query, stored)
    table = grant_table(municipality, user)
    newest = visible_budgets(municipality, user).first()
    until = newest.last_year if newest else None
    result = indexing(table, chosen, until) if chosen else None
    return {
        "stored": stored,
        "chosen": chosen,
        "errors": errors,
        "table": table,
        "indexing": result,
        "newest_budget": newest,
    }


@municipality_page(internal_here)
def grants_page(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    data = grants_data(municipality, request.GET, request.user)
    result = data["indexing"]
    chart = None
    if result and result.totals:
        years = [t.year for t in result.totals]
        chart = lines_chart(
            years,
            [
                (_("granted"), "granted", {t.year: t.granted for t in result.totals}),
                (_("needed"), "needed", {t.year: t.needed for t in result.totals}),
            ],
        )
    query = request.GET.urlencode()
    return render(
        request,
        "measures/budget/grants.html",
        {
            **page_context(request, municipality, NAV),
            **data,
            "chart": chart,
            "sub": "grants",
            "form": {k: request.GET.get(k, "") for k in ("personal", "sach", "basisjahr")},
            "export_query": f"?{query}" if query and not data["errors"] else "",
        },
    )


# --- Capacity -----------------------------------------------------------------------------


@municipality_page(internal_here)
def capacity_page(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    blocks = capacity_overview(municipality, request.user)
    charts = {}
    for block in blocks:
        years = [r.year for r in block.rows]
        unit = f"\u00a0{block.forecast.unit}" if block.forecast.unit else ""
        charts[block.forecast.pk] = lines_chart(
            years,
            [
                (
                    _("demand"),
                    "demand",
                    {r.year: r.demand for r in block.rows if r.demand is not None},
                ),
                (
                    _("capacity"),
                    "capacity",
                    {r.year: r.capacity for r in block.rows if r.capacity is not None},
                ),
            ],
            unit=unit,
        )
    return render(
        request,
        "measures/budget/capacity.html",
        {
            **page_context(request, municipality, NAV),
            "blocks": [(b, charts[b.forecast.pk], f"capacity-{b.forecast.pk}") for b in blocks],
            "sub": "capacity",
        },
    )
