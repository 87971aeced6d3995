"""Internal offer pages under ``/<slug>/angebote/verwaltung/`` and the dependency view.

Which offers a reader may see or edit is decided by ``Offer.objects.in_inventory_of``
and ``editable_by`` (models.py), nowhere else: another provider's offer is a 404, the
same answer as an offer that does not exist. Writes go through ``actions``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.forms.models import model_to_dict
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from sozialplanung.areas import queries
from sozialplanung.areas.models import Area
from sozialplanung.core.audit import trail_for
from sozialplanung.core.concurrency import (
    TOKEN_NAME,
    EditConflict,
    posted_version,
    refuse,
    token_to_show,
)
from sozialplanung.core.models import Municipality
from sozialplanung.core.pages import internal_here, logged_in, municipality_page, page_context
from sozialplanung.core.visibility import is_internal

from . import actions
from .dependency import load_dependency, staffing_years
from .finder import _text_matches as text_matches
from .forms import (
    FundingFormSet,
    NeedReportForm,
    OfferForm,
    OpeningHoursFormSet,
    StaffingFormSet,
    YearForm,
    funding_initial,
    hours_initial,
    staffing_initial,
)
from .freshness import confirmed_on, stale_before
from .models import Funding, NeedReport, Offer, Provider, Staffing

NAV = "inventory"


def _context(request: HttpRequest, municipality: Municipality, **extra: Any) -> dict[str, Any]:
    return {**page_context(request, municipality, NAV), **extra}


def _editable_providers(request: HttpRequest, municipality: Municipality) -> QuerySet[Provider]:
    providers = Provider.objects.filter(municipality=municipality)
    if actions.can_edit_all_offers(request.user, municipality.pk):
        return providers
    return (
        providers.filter(users=request.user) if request.user.is_authenticated else providers.none()
    )


@municipality_page(logged_in)
def inventory(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    offers = (
        Offer.objects.in_inventory_of(request.user)
        .filter(municipality=municipality)
        .select_related("provider", "category")
        .order_by("provider__name", "name")
    )
    only_stale = request.GET.get("veraltet") == "1"
    # The same words search as the public finder: name, description, provider, address.
    search = request.GET.get("suche", "").strip()[:200]
    if search:
        offers = offers.filter(pk__in=text_matches(offers, search))
    limit = stale_before()
    rows = []
    for offer in offers:
        confirmed = confirmed_on(offer)
        stale = confirmed < limit
        if only_stale and not stale:
            continue
        rows.append({"offer": offer, "confirmed": confirmed, "stale": stale})
    editable = set(
        Offer.objects.editable_by(request.user)
        .filter(municipality=municipality)
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "offers/inventory.html",
        _context(
            request,
            municipality,
            rows=rows,
            editable=editable,
            stale_count=sum(1 for r in rows if r["stale"]),
            only_stale=only_stale,
            search=search,
            stale_months=settings.OFFER_STALE_MONTHS,
            can_create=_editable_providers(request, municipality).exists(),
            can_see_dependency=internal_here(request.user, municipality),
        ),
    )


@municipality_page(logged_in)
def offer_detail(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    offer = get_object_or_404(
        Offer.objects.in_inventory_of(request.user)
        .filter(municipality=municipality)
        .select_related("provider", "category"),
        pk=pk,
    )
    return render(
        request,
        "offers/offer.html",
        _context(
            request,
            municipality,
            offer=offer,
            stale=confirmed_on(offer) < stale_before(),
            confirmed=confirmed_on(offer),
            can_edit=Offer.objects.editable_by(request.user).filter(pk=offer.pk).exists(),
            staffing=Staffing.objects.visible_to(request.user).filter(offer=offer),
            funding=Funding.objects.visible_to(request.user).filter(offer=offer),
            located_in=offer.located_in.select_related("level").order_by("level__depth"),
            trail=trail_for(offer, request.user)[:50],
        ),
    )


@municipality_page(logged_in)
def offer_edit(
    request: HttpRequest, municipality: Municipality, pk: int | None = None
) -> HttpResponse:
    offer: Offer | None = None
    if pk is not None:
        offer = get_object_or_404(
            Offer.objects.editable_by(request.user).filter(municipality=municipality), pk=pk
        )
    providers = _editable_providers(request, municipality)
    if offer is None and not providers.exists():
        raise Http404
    year = YearForm(request.GET).year() if request.method == "GET" else _posted_year(request)
    kwargs: dict[str, Any] = {"providers": providers, "municipality": municipality}
    if request.method == "POST":
        form = OfferForm(request.POST, **kwargs)
        hours = OpeningHoursFormSet(request.POST, prefix="zeiten")
        staffing = StaffingFormSet(request.POST, prefix="personal")
        funding = FundingFormSet(request.POST, prefix="finanzierung")
        version_token = str(request.POST.get(TOKEN_NAME, ""))
        if all(f.is_valid() for f in (form, hours, staffing, funding)):
            try:
                offer = _save(request, municipality, offer, form, hours, staffing, funding, year)
            except EditConflict as conflict:
                offer = conflict.record  # type: ignore[assignment]
                form, hours, staffing, funding = _offer_forms(
                    request.POST, offer, providers, municipality, year
                )
                version_token = refuse(
                    request, conflict, form, hours, staffing, funding, parts_in=[Staffing, Funding]
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                if "confirm" in request.POST:
                    actions.confirm_offer(offer, acting_user=request.user)
                    messages.success(request, _("Saved and confirmed as current."))
                else:
                    messages.success(request, _("Saved."))
                return redirect("offers:offer", slug=municipality.slug, pk=offer.pk)
    else:
        form, hours, staffing, funding = _offer_forms(None, offer, providers, municipality, year)
        version_token = token_to_show(request, offer, form, hours, staffing, funding)
    staffing_rows = [(Staffing.Kind(f["kind"].value()).label, f) for f in staffing.forms]
    funding_rows = [(Funding.Source(f["source"].value()).label, f) for f in funding.forms]
    return render(
        request,
        "offers/offer_form.html",
        _context(
            request,
            municipality,
            offer=offer,
            form=form,
            hours=hours,
            staffing=staffing,
            funding=funding,
            staffing_rows=staffing_rows,
            funding_rows=funding_rows,
            year=year,
            version_token=version_token,
        ),
    )


def _offer_forms(
    data: Any,
    offer: Offer | None,
    providers: QuerySet[Provider],
    municipality: Municipality,
    year: int,
) -> tuple[OfferForm, Any, Any, Any]:
    """The offer form and its formsets, showing ``offer`` as it is now (and, when ``data``
    is given, what the user posted over it)."""
    initial = (
        model_to_dict(offer, fields=OfferForm._meta.fields)
        if offer
        else {"provider": providers.first()}
    )
    return (
        OfferForm(data, initial=initial, providers=providers, municipality=municipality),
        OpeningHoursFormSet(data, initial=hours_initial(offer), prefix="zeiten"),
        StaffingFormSet(data, initial=staffing_initial(offer, year), prefix="personal"),
        FundingFormSet(data, initial=funding_initial(offer, year), prefix="finanzierung"),
    )


def _posted_year(request: HttpRequest) -> int:
    try:
        year = int(request.POST.get("jahr", ""))
    except ValueError:
        return dt.date.today().year
    return year if 2000 <= year <= 2100 else dt.date.today().year


def _save(
    request: HttpRequest,
    municipality: Municipality,
    offer: Offer | None,
    form: OfferForm,
    hours: Any,
    staffing: Any,
    funding: Any,
    year: int,
) -> Offer:
    data = dict(form.cleaned_data)
    provider = data.pop("provider")
    category = data.pop("category")
    name = data.pop("name")
    target_groups = data.pop("target_groups")
    serves = data.pop("serves")
    longitude, latitude = data.pop("longitude"), data.pop("latitude")
    opening = [
        (h.cleaned_data["weekday"], h.cleaned_data["opens"], h.cleaned_data["closes"])
        for h in hours.forms
        if h.cleaned_data and not h.cleaned_data.get("DELETE")
    ]

    with transaction.atomic():
        saved = actions.save_offer(
            municipality,
            offer=offer,
            provider=provider,
            name=name,
            category=category,
            longitude=longitude,
            latitude=latitude,
            opening_hours=opening,
            target_groups=target_groups,
            serves=serves,
            acting_user=request.user,
            version=posted_version(request.POST),
            **data,
        )
        actions.set_staffing(
            saved,
            year,
            [
                (
                    f.cleaned_data["kind"],
                    f.cleaned_data.get("head_count") or 0,
                    f.cleaned_data.get("weekly_hours") or 0,
                )
                for f in staffing.forms
                if f.cleaned_data.get("head_count") or f.cleaned_data.get("weekly_hours")
            ],
            acting_user=request.user,
        )
        actions.set_funding(
            saved,
            year,
            [
                (f.cleaned_data["source"], f.cleaned_data["amount"], f.cleaned_data.get("note", ""))
                for f in funding.forms
                if f.cleaned_data.get("amount") is not None
            ],
            acting_user=request.user,
        )
    return saved


@municipality_page(logged_in)
def need_reports(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    providers = _editable_providers(request, municipality)
    can_file = providers.exists()
    form = None
    if can_file:
        kwargs: dict[str, Any] = {"providers": providers, "municipality": municipality}
        if request.method == "POST":
            form = NeedReportForm(request.POST, **kwargs)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    actions.file_need_report(
                        data["provider"],
                        area=data["area"],
                        category=data["category"],
                        period=data["period"],
                        turned_away=data["turned_away"],
                        waiting_list=data["waiting_list"],
                        unmet_requests=data["unmet_requests"],
                        text=data["text"],
                        acting_user=request.user,
                    )
                except (ValidationError, PermissionDenied) as exc:
                    form.add_error(None, str(exc))
                else:
                    messages.success(request, _("Need report saved."))
                    return redirect("offers:need_reports", slug=municipality.slug)
        else:
            form = NeedReportForm(initial={"provider": providers.first()}, **kwargs)
    elif not is_internal(request.user):
        raise Http404
    reports = (
        NeedReport.objects.visible_to(request.user)
        .filter(municipality=municipality)
        .select_related("provider", "area", "category")
    )
    return render(
        request,
        "offers/need_reports.html",
        _context(request, municipality, form=form, reports=reports[:200]),
    )


@municipality_page(internal_here)
def dependency_view(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    years = staffing_years(municipality, request.user)
    year = (
        YearForm(request.GET).year()
        if request.GET.get("jahr")
        else (years[0] if years else dt.date.today().year)
    )
    levels = list(queries.levels(municipality))
    level = next((lv for lv in levels if lv.slug == request.GET.get("ebene")), None)
    if level is None and levels:
        level = levels[-1] if len(levels) < 3 else levels[1]
    data = load_dependency(municipality, year, request.user)
    result = data.result
    area_rows = []
    if level is not None:
        for area in Area.objects.filter(level=level).order_by("code"):
            dep = result.areas.get(area.pk)
            area_rows.append({"area": area, "dep": dep})
        area_rows.sort(key=lambda r: (-(r["dep"].share or 0) if r["dep"] else 1, r["area"].code))
    categories = {c.pk: c for c in municipality.offer_categories.all()}
    category_rows = sorted(
        (
            {"category": categories[pk], "dep": dep}
            for pk, dep in result.categories.items()
            if pk in categories
        ),
        key=lambda r: -(r["dep"].share or 0),
    )
    offer_rows = sorted(
        (
            {"offer": data.offers[pk], "dep": dep}
            for pk, dep in result.offers.items()
            if pk in data.offers
        ),
        key=lambda r: (-(r["dep"].share or 0), r["offer"].name),
    )
    totals = None
    if offer_rows:
        jc = sum(r["dep"].jobcenter_hours for r in offer_rows)
        total = sum(r["dep"].total_hours for r in offer_rows)
        totals = {"jobcenter": jc, "total": total, "percent": 100 * jc / total if total else 0}
    return render(
        request,
        "offers/dependency.html",
        _context(
            request,
            municipality,
            nav_active="dependency",
            year=year,
            years=years,
            levels=levels,
            level=level,
            area_rows=area_rows,
            category_rows=category_rows,
            offer_rows=offer_rows,
            at_risk=[r for r in offer_rows if r["dep"].at_risk],
            totals=totals,
            has_examples=any(o.is_example for o in data.offers.values()),
        ),
    )


def inventory_url(municipality: Municipality) -> str:
    return reverse("offers:inventory", args=[municipality.slug])
