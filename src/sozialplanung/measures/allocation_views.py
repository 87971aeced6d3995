"""The allocation page: what a given budget buys of the additional needs, and why.

Internal: budgets and need reports are not for the public. The amount is read the way
offices write it ("250.000", "250 000 €", "250000,50"); a wrong amount keeps what was
typed and says what is wrong.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from sozialplanung.core.formats.numbers import parse_decimal
from sozialplanung.core.models import Municipality
from sozialplanung.core.pages import internal_here, municipality_page, page_context

from .allocation import Result, plan_allocation
from .models import DoubleBudget

DEFAULT_AMOUNT = 250_000.0
STEP = 10_000.0


def parse_amount(text: str) -> float:
    """Euro amount from a form field ("250.000", "250 000 €"); ValueError in German."""
    try:
        value = parse_decimal(text.replace("€", ""))
    except ValueError:
        value = None
    if value is None or value < 0 or value > 10**10:
        raise ValueError(
            _("“%(value)s” is not an amount in euro; write e.g. 250.000.") % {"value": text}
        )
    return float(value)


def _chosen_budget(request: HttpRequest, municipality: Any) -> tuple[list[DoubleBudget], Any]:
    budgets = list(DoubleBudget.objects.visible_to(request.user).filter(municipality=municipality))
    wanted = request.GET.get("haushalt", "")
    budget = next((b for b in budgets if str(b.pk) == wanted), budgets[0] if budgets else None)
    return budgets, budget


def _compute(request: HttpRequest, municipality: Municipality) -> dict[str, Any]:
    budgets, budget = _chosen_budget(request, municipality)
    typed = request.GET.get("betrag", "").strip()
    error = ""
    amount = DEFAULT_AMOUNT
    if typed:
        try:
            amount = parse_amount(typed)
        except ValueError as exc:
            error = str(exc)
    result: Result | None = None
    if budget is not None and not error:
        result = plan_allocation(budget, amount, request.user, step=STEP)
    return {
        **page_context(request, municipality, "allocation"),
        "budgets": budgets,
        "budget": budget,
        "typed": typed or f"{int(DEFAULT_AMOUNT):,}".replace(",", "."),
        "amount": amount,
        "error": error,
        "result": result,
        "step": STEP,
        "years_cost": list(zip(result.years, result.allocation.cost, strict=True))
        if result and result.allocation and result.allocation.feasible
        else [],
    }


@municipality_page(internal_here)
def allocation_page(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    context = _compute(request, municipality)
    # A wrong amount is shown on the page, with what was typed (like every form here).
    return render(request, "measures/allocation.html", context)


def _export(request: HttpRequest, municipality: Municipality, kind: str) -> HttpResponse:
    from . import allocation_export

    context = _compute(request, municipality)
    result = context["result"]
    if context["error"] or result is None or result.allocation is None:
        return HttpResponse(context["error"] or _("Nothing to export."), status=400)
    if not result.allocation.feasible:
        return HttpResponse(result.message, status=400)
    if kind == "pdf":
        data = allocation_export.pdf(result, context["municipality"].name, dt.date.today())
        media = "application/pdf"
    else:
        data = allocation_export.workbook(result)
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(data, content_type=media)
    name = f"Mittelverteilung_{int(result.amount)}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@municipality_page(internal_here)
def allocation_xlsx(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    return _export(request, municipality, "xlsx")


@municipality_page(internal_here)
def allocation_pdf(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    return _export(request, municipality, "pdf")
