"""The allocation page: what a given budget buys of the additional needs, and why.

Internal: budgets and need reports are not for the public. The amount is read the way
offices write it ("250.000", "250 000 €", "250000,50"); a wrong amount keeps what was
typed and says what is wrong.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _

from sozialplanung.areas.domains import chosen_domain, domains_of
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


def _chosen_budget(
    municipality: Any, query: QueryDict, user: Any
) -> tuple[list[DoubleBudget], Any]:
    budgets = list(DoubleBudget.objects.visible_to(user).filter(municipality=municipality))
    wanted = query.get("haushalt", "")
    budget = next((b for b in budgets if str(b.pk) == wanted), budgets[0] if budgets else None)
    return budgets, budget


def _compute(request: HttpRequest, municipality: Municipality) -> dict[str, Any]:
    return {
        **page_context(request, municipality, "allocation"),
        **allocation_data(municipality, request.GET, request.user),
    }


def allocation_data(municipality: Any, query: QueryDict, user: Any) -> dict[str, Any]:
    """The allocation of the amount ``betrag`` of budget ``haushalt`` (``bereich``: only
    the measures answering gaps of that planning domain), or the error."""
    budgets, budget = _chosen_budget(municipality, query, user)
    domain = chosen_domain(municipality, query)
    typed = query.get("betrag", "").strip()
    error = ""
    amount = DEFAULT_AMOUNT
    if typed:
        try:
            amount = parse_amount(typed)
        except ValueError as exc:
            error = str(exc)
    result: Result | None = None
    if budget is not None and not error:
        result = plan_allocation(budget, amount, user, step=STEP, domain=domain)
    return {
        "budgets": budgets,
        "budget": budget,
        "domains": domains_of(municipality),
        "domain": domain,
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
