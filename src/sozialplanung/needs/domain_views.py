"""The planning domains of a municipality on one page: per domain its offer categories
(with a link to their gaps) and its indicators; the planning unit moves a category to
another domain here (names and order of the domains: administration)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from sozialplanung.areas import queries
from sozialplanung.areas.domains import domains_of
from sozialplanung.areas.models import PlanningDomain
from sozialplanung.core.pages import municipality_or_404, page_context
from sozialplanung.core.visibility import Role, can_edit_planning_data
from sozialplanung.offers.actions.domains import set_category_domain
from sozialplanung.offers.models import OfferCategory


def domains_page(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = municipality_or_404(slug)
    can_edit = can_edit_planning_data(request.user, municipality.id)
    categories = list(
        OfferCategory.objects.filter(municipality=municipality)
        .select_related("domain", "parameters")
        .order_by("order", "name")
    )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        category = get_object_or_404(
            OfferCategory, municipality=municipality, pk=request.POST.get("category")
        )
        wanted = request.POST.get("domain", "")
        domain = (
            get_object_or_404(PlanningDomain, municipality=municipality, pk=wanted)
            if wanted
            else None
        )
        set_category_domain(category, domain, acting_user=request.user)
        messages.success(request, _("Saved."))
        return redirect("needs:domains", slug=municipality.slug)
    domains = domains_of(municipality)
    indicators = list(queries.indicators(municipality, request.user).prefetch_related("domains"))
    sections = [
        {
            "domain": d,
            "categories": [c for c in categories if c.domain_id == d.id],
            "indicators": [i for i in indicators if d in i.domains.all()],
        }
        for d in domains
    ]
    return render(
        request,
        "needs/domains.html",
        {
            **page_context(request, municipality, "needs"),
            "sections": sections,
            "without_domain": [c for c in categories if c.domain_id is None],
            "domains": domains,
            "categories": categories,
            "can_edit": can_edit,
            "is_admin": getattr(request.user, "role", None) == Role.ADMIN
            or getattr(request.user, "is_superuser", False),
        },
    )
