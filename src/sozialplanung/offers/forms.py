"""Forms of the internal offer pages. They only check input; the views write through
``actions`` (never ``form.save()``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sozialplanung.areas.models import Area
from sozialplanung.core.weblinks import validate_web_address

from .addresses import find_address, has_address_list
from .models import Funding, NeedReport, Offer, OfferCategory, OpeningHours, Provider, Staffing


class OfferForm(forms.ModelForm):  # type: ignore[type-arg]
    website = forms.URLField(
        label=_("website"),
        required=False,
        assume_scheme="https",
        validators=[validate_web_address],
    )

    class Meta:
        model = Offer
        fields = [
            "name",
            "provider",
            "category",
            "status",
            "description",
            "target_groups",
            "street_address",
            "postal_code",
            "locality",
            "latitude",
            "longitude",
            "serves",
            "places_per_session",
            "sessions_per_week",
            "capacity_amount",
            "visits_per_year",
            "email",
            "phone",
            "website",
            "accessibility",
            "languages",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "target_groups": forms.CheckboxSelectMultiple,
            "serves": forms.SelectMultiple(attrs={"size": 8}),
            "latitude": forms.NumberInput(attrs={"step": "0.000001", "data-role": "lat"}),
            "longitude": forms.NumberInput(attrs={"step": "0.000001", "data-role": "lon"}),
        }

    def __init__(self, *args: Any, providers: Any, municipality: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers
        self.fields["category"].queryset = OfferCategory.objects.filter(municipality=municipality)
        self.fields["target_groups"].queryset = municipality.target_groups.all()
        self.fields["serves"].queryset = (
            Area.objects.filter(municipality=municipality)
            .select_related("level")
            .order_by("level__depth", "code")
        )
        self.fields["serves"].label_from_instance = lambda a: f"{a.level.name}: {a.name}"
        self.fields["latitude"].help_text = _("WGS84, e.g. 51.0504. Or pick the point on the map.")
        self.fields["longitude"].help_text = _("WGS84, e.g. 13.7373.")
        self.municipality = municipality
        self.uses_address_list = has_address_list(municipality)
        if self.uses_address_list:
            self.fields["street_address"].help_text = _(
                "Street and house number: the point is found in the municipality's address "
                "list. Setting the point on the map overrides it."
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lat, lon = data.get("latitude"), data.get("longitude")
        if (lat is None) != (lon is None):
            raise forms.ValidationError(_("Enter both latitude and longitude, or neither."))
        address = (data.get("street_address") or "").strip()
        if lat is None and address and self.uses_address_list:
            found = find_address(self.municipality, address, data.get("postal_code") or "")
            if found is None:
                self.add_error(
                    "street_address",
                    _(
                        "“%(address)s” is not in the address list of %(municipality)s: please "
                        "check street and house number, or set the point on the map."
                    )
                    % {"address": address, "municipality": self.municipality.name},
                )
            else:
                data["latitude"], data["longitude"] = found.latitude, found.longitude
                if not data.get("postal_code"):
                    data["postal_code"] = found.postal_code
        if lat is not None and not -90 <= lat <= 90:
            self.add_error("latitude", _("Latitude must be between -90 and 90."))
        if lon is not None and not -180 <= lon <= 180:
            self.add_error("longitude", _("Longitude must be between -180 and 180."))
        return data


class OpeningHoursForm(forms.Form):
    weekday = forms.TypedChoiceField(
        label=_("weekday"), choices=[("", "–"), *OpeningHours.Weekday.choices], coerce=int
    )
    opens = forms.TimeField(label=_("opens"), widget=forms.TimeInput(attrs={"type": "time"}))
    closes = forms.TimeField(label=_("closes"), widget=forms.TimeInput(attrs={"type": "time"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens"), data.get("closes")
        if opens and closes and closes <= opens:
            self.add_error("closes", _("Closing time must be after opening time."))
        return data


OpeningHoursFormSet = forms.formset_factory(OpeningHoursForm, extra=2, can_delete=True)


class StaffingRowForm(forms.Form):
    kind = forms.ChoiceField(choices=Staffing.Kind.choices, widget=forms.HiddenInput)
    head_count = forms.DecimalField(
        label=_("head count"), min_value=0, max_digits=7, decimal_places=2, required=False
    )
    weekly_hours = forms.DecimalField(
        label=_("weekly hours"), min_value=0, max_digits=9, decimal_places=2, required=False
    )


StaffingFormSet = forms.formset_factory(StaffingRowForm, extra=0)


class FundingRowForm(forms.Form):
    source = forms.ChoiceField(choices=Funding.Source.choices, widget=forms.HiddenInput)
    amount = forms.DecimalField(
        label=_("amount (€)"), min_value=0, max_digits=12, decimal_places=2, required=False
    )
    note = forms.CharField(label=_("note"), max_length=300, required=False)


FundingFormSet = forms.formset_factory(FundingRowForm, extra=0)


def staffing_initial(offer: Offer | None, year: int) -> list[dict[str, Any]]:
    current = {}
    if offer is not None and offer.pk:
        current = {s.kind: s for s in Staffing.objects.filter(offer=offer, year=year)}
    return [
        {
            "kind": kind,
            "head_count": current[kind].head_count if kind in current else None,
            "weekly_hours": current[kind].weekly_hours if kind in current else None,
        }
        for kind in Staffing.Kind.values
    ]


def funding_initial(offer: Offer | None, year: int) -> list[dict[str, Any]]:
    current = {}
    if offer is not None and offer.pk:
        current = {f.source: f for f in Funding.objects.filter(offer=offer, year=year)}
    return [
        {
            "source": source,
            "amount": current[source].amount if source in current else None,
            "note": current[source].note if source in current else "",
        }
        for source in Funding.Source.values
    ]


def hours_initial(offer: Offer | None) -> list[dict[str, Any]]:
    if offer is None or not offer.pk:
        return []
    return [
        {"weekday": h.weekday, "opens": h.opens, "closes": h.closes}
        for h in offer.opening_hours.all()
    ]


class YearForm(forms.Form):
    jahr = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100, required=False)

    def year(self) -> int:
        if self.is_valid() and self.cleaned_data.get("jahr"):
            return int(self.cleaned_data["jahr"])
        return dt.date.today().year


class NeedReportForm(forms.ModelForm):  # type: ignore[type-arg]
    provider = forms.ModelChoiceField(queryset=Provider.objects.none(), label=_("provider"))

    class Meta:
        model = NeedReport
        fields = [
            "provider",
            "area",
            "category",
            "period",
            "turned_away",
            "waiting_list",
            "unmet_requests",
            "text",
        ]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, providers: Any, municipality: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers
        self.fields["area"].queryset = (
            Area.objects.filter(municipality=municipality)
            .select_related("level")
            .order_by("level__depth", "code")
        )
        self.fields["area"].label_from_instance = lambda a: f"{a.level.name}: {a.name}"
        self.fields["category"].queryset = OfferCategory.objects.filter(municipality=municipality)
        self.fields["area"].label = _("area")
        self.fields["category"].label = _("category")

    def validate_unique(self) -> None:
        """A second report for the same area, category and period updates the first."""

    def clean_period(self) -> str:
        period = str(self.cleaned_data["period"]).strip().upper()
        year, _sep, quarter = period.partition("-Q")
        if not (len(year) == 4 and year.isdigit() and quarter in {"", "1", "2", "3", "4"}):
            raise forms.ValidationError(_("Enter a year (2024) or a quarter (2024-Q3)."))
        if _sep and not quarter:
            raise forms.ValidationError(_("Enter a year (2024) or a quarter (2024-Q3)."))
        return period
