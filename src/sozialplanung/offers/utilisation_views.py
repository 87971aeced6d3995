"""The provider's "Auslastung melden" page: how full an offer is, in percent.

Who may report is who may edit the offer (``Offer.objects.editable_by``): the provider's
own users and the planning unit. The figure is internal; the page sits beside the offer's
staffing in the internal inventory.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sozialplanung.core.forms import GermanDecimalField, date_field
from sozialplanung.core.models import Municipality
from sozialplanung.core.pages import logged_in, municipality_page, page_context

from . import actions
from .actions.utilisation import MAX_SHARE
from .models import Offer


class UtilisationForm(forms.Form):
    percent = GermanDecimalField(
        label=gettext_lazy("utilisation (%)"),
        required=False,
        max_digits=5,
        help_text=gettext_lazy(
            "Share of the weekly capacity in use on average, e.g. 85 or 92,5; over 100 when "
            "overbooked. Leave empty if not known."
        ),
    )
    as_of = date_field(gettext_lazy("as of"))

    def clean_percent(self) -> Decimal | None:
        percent = self.cleaned_data.get("percent")
        if percent is not None and not 0 <= percent <= MAX_SHARE * 100:
            raise ValidationError(_("The utilisation must be between 0 and 200 %."))
        return percent


@municipality_page(logged_in)
def report_utilisation(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    offer = get_object_or_404(
        Offer.objects.editable_by(request.user)
        .filter(municipality=municipality)
        .select_related("category"),
        pk=pk,
    )
    if request.method == "POST":
        form = UtilisationForm(request.POST)
        if form.is_valid():
            percent = form.cleaned_data["percent"]
            actions.report_utilisation(
                offer,
                None if percent is None else percent / 100,
                as_of=form.cleaned_data["as_of"],
                acting_user=request.user,
            )
            messages.success(request, _("Utilisation saved."))
            return redirect("offers:offer", slug=municipality.slug, pk=offer.pk)
    else:
        initial: dict[str, Any] = {"as_of": offer.utilisation_as_of or dt.date.today()}
        if offer.utilisation_share is not None:
            initial["percent"] = (offer.utilisation_share * 100).normalize()
        form = UtilisationForm(initial=initial)
    return render(
        request,
        "offers/utilisation_form.html",
        {**page_context(request, municipality, "inventory"), "offer": offer, "form": form},
    )
