"""The form of a scenario: its own fields, one share per target group, one Richtwert per
category, and the planned offers as rows of a formset.

Numbers are typed the German way (2,05; 51,0123). A planned offer's place is a point
(latitude and longitude) or an address of the municipality's address list.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sozialplanung.areas.models import Area, Indicator
from sozialplanung.core.forms import parse_german_decimal
from sozialplanung.core.models import Municipality
from sozialplanung.offers.addresses import find_address
from sozialplanung.offers.models import Offer, OfferCategory

from .compute import parameterised_categories
from .models import PlannedOffer, Scenario
from .scenario_actions import PlannedOfferRecord

SHARE_PREFIX = "share_"
RICHTWERT_PREFIX = "richtwert_"


class NumberField(forms.Field):
    """A number typed the German way ("51,0123" or "51.0123"), kept as float with all
    its decimals (core's GermanDecimalField rounds to cents: too coarse for a point)."""

    def __init__(
        self, *, min_value: float | None = None, max_value: float | None = None, **kwargs: Any
    ) -> None:
        self.min_value, self.max_value = min_value, max_value
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "size": 12}))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, float):
            # The shortest text that reads back as the same float: a point keeps its digits.
            text = repr(value).removesuffix(".0")
            return text.replace(".", ",")
        return value

    def to_python(self, value: Any) -> float | None:
        if value in (None, ""):
            return None
        if isinstance(value, int | float):
            return float(value)
        number = parse_german_decimal(str(value))
        return None if number is None else float(number)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is None:
            return
        if self.min_value is not None and value < self.min_value:
            raise forms.ValidationError(
                gettext("Please enter at least %(min)s.") % {"min": _plain(self.min_value)}
            )
        if self.max_value is not None and value > self.max_value:
            raise forms.ValidationError(
                gettext("Please enter at most %(max)s.") % {"max": _plain(self.max_value)}
            )


def _plain(number: float) -> str:
    return f"{number:g}".replace(".", ",")


class OfferChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.category.name}, {obj.provider.name})"


class ScenarioForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    closed_offers = OfferChoiceField(
        label=_("Offers closed in this scenario"),
        required=False,
        queryset=Offer.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    quarter_name = forms.CharField(label=_("Housing quarter"), required=False, max_length=200)
    quarter_area = forms.ModelChoiceField(
        label=_("Area of the housing quarter"),
        required=False,
        queryset=Area.objects.none(),
        help_text=_("Or give its point below; the area is then found from the point."),
    )
    quarter_latitude = NumberField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    quarter_longitude = NumberField(
        label=_("Longitude"), required=False, min_value=-180, max_value=180
    )
    dwellings = forms.IntegerField(label=_("Dwellings"), required=False, min_value=0)
    household_size = NumberField(
        label=_("Persons per household"), required=False, min_value=0, max_value=20
    )
    quarter_note = forms.CharField(
        label=_("Source of household size and shares"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self, *args: Any, municipality: Municipality, scenario: Scenario | None, **kwargs: Any
    ) -> None:
        self.municipality = municipality
        categories = parameterised_categories(municipality)
        self.target_indicators = _target_indicators(categories)
        self.categories = categories
        if scenario is not None:
            kwargs["initial"] = {
                "name": scenario.name,
                "description": scenario.description,
                "closed_offers": list(scenario.closed_offers.values_list("pk", flat=True)),
                "quarter_name": scenario.quarter_name,
                "quarter_area": scenario.quarter_area_id,
                "quarter_latitude": scenario.quarter_latitude,
                "quarter_longitude": scenario.quarter_longitude,
                "dwellings": scenario.dwellings,
                "household_size": scenario.household_size,
                "quarter_note": scenario.quarter_note,
                **{
                    f"{SHARE_PREFIX}{slug}": share * 100
                    for slug, share in scenario.target_shares.items()
                },
                **{
                    f"{RICHTWERT_PREFIX}{slug}": value
                    for slug, value in scenario.reference_values.items()
                },
            }
        super().__init__(*args, **kwargs)
        self.fields["closed_offers"].queryset = (  # type: ignore[attr-defined]
            Offer.objects.filter(
                municipality=municipality,
                status=Offer.Status.ACTIVE,
                category__in=categories,
            )
            .select_related("category", "provider")
            .order_by("category__name", "name")
        )
        finest = Area.objects.filter(municipality=municipality).order_by("-level__depth").first()
        self.fields["quarter_area"].queryset = (  # type: ignore[attr-defined]
            Area.objects.filter(municipality=municipality, level_id=finest.level_id).order_by(
                "code"
            )
            if finest is not None
            else Area.objects.none()
        )
        for indicator in self.target_indicators:
            self.fields[f"{SHARE_PREFIX}{indicator.slug}"] = NumberField(
                label=gettext("Share of the new residents in “%(name)s” (%%)")
                % {"name": indicator.name},
                required=False,
                min_value=0,
                max_value=100,
            )
        for category in categories:
            self.fields[f"{RICHTWERT_PREFIX}{category.slug}"] = NumberField(
                label=gettext("Reference value “%(name)s” (today %(today)s)")
                % {"name": category.name, "today": _plain(category.parameters.richtwert)},
                required=False,
                min_value=0.000001,
                help_text=_("Empty: unchanged."),
            )

    def share_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith(SHARE_PREFIX)]

    def richtwert_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith(RICHTWERT_PREFIX)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("quarter_latitude") is None) != (data.get("quarter_longitude") is None):
            self.add_error("quarter_longitude", gettext("Please give both latitude and longitude."))
        if data.get("dwellings") and not data.get("household_size"):
            self.add_error(
                "household_size", gettext("Please give the persons per household of the dwellings.")
            )
        if (
            data.get("dwellings")
            and data.get("quarter_area") is None
            and data.get("quarter_latitude") is None
        ):
            self.add_error(
                "quarter_area", gettext("Please choose the area or give the point of the quarter.")
            )
        return data

    def values(self) -> dict[str, Any]:
        """The scenario's own fields from the cleaned form."""
        data = self.cleaned_data
        return {
            "name": data["name"].strip(),
            "description": data["description"].strip(),
            "quarter_name": data["quarter_name"].strip(),
            "quarter_area": data["quarter_area"],
            "quarter_latitude": data["quarter_latitude"],
            "quarter_longitude": data["quarter_longitude"],
            "dwellings": data["dwellings"] or 0,
            "household_size": data["household_size"] or 0.0,
            "quarter_note": data["quarter_note"].strip(),
            "target_shares": {
                i.slug: data[f"{SHARE_PREFIX}{i.slug}"] / 100
                for i in self.target_indicators
                if data.get(f"{SHARE_PREFIX}{i.slug}") is not None
            },
            "reference_values": {
                c.slug: data[f"{RICHTWERT_PREFIX}{c.slug}"]
                for c in self.categories
                if data.get(f"{RICHTWERT_PREFIX}{c.slug}") is not None
            },
        }


def _target_indicators(categories: list[OfferCategory]) -> list[Indicator]:
    seen: dict[int, Indicator] = {}
    for category in categories:
        indicator = category.parameters.target_indicator
        seen.setdefault(indicator.pk, indicator)
    return list(seen.values())


class PlannedOfferForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Category"), queryset=OfferCategory.objects.none())
    name = forms.CharField(label=_("Name"), max_length=300)
    street_address = forms.CharField(
        label=_("Address"),
        required=False,
        max_length=300,
        help_text=_("Street and number from the address list; or give the point."),
    )
    latitude = NumberField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    longitude = NumberField(label=_("Longitude"), required=False, min_value=-180, max_value=180)
    weekly_capacity = NumberField(
        label=_("Capacity per week"), min_value=0.000001, help_text=_("In the category's unit.")
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        self.municipality = municipality
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = OfferCategory.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality, parameters__isnull=False
        ).order_by("order", "name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lat, lon = data.get("latitude"), data.get("longitude")
        if lat is not None and lon is not None:
            return data
        address = (data.get("street_address") or "").strip()
        if not address:
            self.add_error(
                "street_address", gettext("Please give the address or latitude and longitude.")
            )
            return data
        found = find_address(self.municipality, address)
        if found is None:
            self.add_error(
                "street_address",
                gettext("“%(address)s” is not in the address list; please give the point.")
                % {"address": address},
            )
            return data
        data["latitude"], data["longitude"] = found.latitude, found.longitude
        return data

    def record(self) -> PlannedOfferRecord:
        data = self.cleaned_data
        return PlannedOfferRecord(
            category=data["category"],
            name=data["name"].strip(),
            street_address=data["street_address"].strip(),
            latitude=data["latitude"],
            longitude=data["longitude"],
            weekly_capacity=data["weekly_capacity"],
        )


class BasePlannedOfferFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def records(self) -> list[PlannedOfferRecord]:
        # An untouched extra row has no cleaned data; a row marked for deletion is left out.
        return [f.record() for f in self.forms if f.cleaned_data and not f.cleaned_data["DELETE"]]


PlannedOfferFormSet = forms.formset_factory(
    PlannedOfferForm, formset=BasePlannedOfferFormSet, extra=1, can_delete=True
)


def planned_formset(
    data: Any, municipality: Municipality, scenario: Scenario | None
) -> BasePlannedOfferFormSet:
    rows: list[PlannedOffer] = list(scenario.planned_offers.all()) if scenario else []
    initial = [
        {
            "category": p.category_id,
            "name": p.name,
            "street_address": p.street_address,
            "latitude": p.latitude,
            "longitude": p.longitude,
            "weekly_capacity": p.weekly_capacity,
        }
        for p in rows
    ]
    return PlannedOfferFormSet(
        data, initial=initial, prefix="geplant", form_kwargs={"municipality": municipality}
    )
