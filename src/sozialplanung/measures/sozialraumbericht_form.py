"""The choice of the Sozialraumbericht: year, edition, Sozialraum level, and optionally a
forecast year (``needs.forecast``) or a scenario (``needs.scenarios``) as the Variation
of every gap analysis in it.

The page and the downloads read the same query string (``jahr``, ``ausgabe``, ``ebene``,
``prognose`` as the gap pages have it, ``szenario``), so a download gives the report the
page offers. Scenarios are the planning unit's internal working data: only it may choose
one, and only for the internal edition.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sozialplanung.areas.models import AreaLevel, IndicatorValue
from sozialplanung.core.models import Municipality
from sozialplanung.core.pages import internal_here, planning_unit
from sozialplanung.needs.forecast import ForecastYear, option_value, year_choices
from sozialplanung.needs.gap_inputs import Variation
from sozialplanung.needs.models import Scenario

from .sozialraumbericht import INTERNAL, PUBLIC


def observed_years(municipality: Municipality) -> list[str]:
    """Years (periods like "2024", not quarters) with observed indicator values, newest
    first (``IndicatorValue.objects`` reads no forecast values)."""
    periods = set(
        IndicatorValue.objects.filter(indicator__municipality=municipality).values_list(
            "period", flat=True
        )
    )
    return sorted((p for p in periods if len(p) == 4 and p.isdigit()), reverse=True)


class ReportForm(forms.Form):
    jahr = forms.ChoiceField(label=_("Year"))
    ausgabe = forms.ChoiceField(label=_("Edition"))
    ebene = forms.ChoiceField(label=_("Social area level"))
    prognose = forms.ChoiceField(label=_("Forecast year"), required=False)
    szenario = forms.TypedChoiceField(
        label=_("Scenario"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, data: Mapping[str, Any], municipality: Municipality, user: Any) -> None:
        super().__init__(data)
        self.municipality = municipality
        self.fields["jahr"].choices = [(p, p) for p in observed_years(municipality)]
        editions = [(PUBLIC, _("public edition"))]
        if internal_here(user, municipality):
            editions.insert(0, (INTERNAL, _("internal edition (with need reports)")))
        self.fields["ausgabe"].choices = editions
        levels = AreaLevel.objects.filter(municipality=municipality, depth__gt=0).order_by("depth")
        self.fields["ebene"].choices = [(lvl.slug, lvl.name_plural or lvl.name) for lvl in levels]
        self.fields["prognose"].choices = [
            ("", _("none (today's data)")),
            *[
                (option_value(period, variant), ForecastYear(period, variant).label)
                for period, variant in year_choices(municipality)
            ],
        ]
        if planning_unit(user, municipality):
            self.fields["szenario"].choices = [
                ("", _("no scenario")),
                *Scenario.objects.filter(municipality=municipality).values_list("pk", "name"),
            ]
        else:
            del self.fields["szenario"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("prognose") and data.get("szenario"):
            self.add_error("szenario", gettext("Choose a forecast year or a scenario, not both."))
        elif data.get("szenario") and data.get("ausgabe") != INTERNAL:
            self.add_error(
                "szenario", gettext("A scenario is internal: choose the internal edition.")
            )
        return data

    def variation(self) -> Variation | None:
        """The forecast year or scenario chosen, as the analyses' Variation; None for an
        invalid form (nothing chosen can be trusted then)."""
        if not self.is_valid():
            return None
        data = self.cleaned_data
        if data.get("prognose"):
            period, _sep, variant = data["prognose"].partition("|")
            return ForecastYear(period, variant)
        if data.get("szenario"):
            scenario: Scenario = Scenario.objects.get(
                municipality=self.municipality, pk=data["szenario"]
            )
            variation: Variation = scenario.variation()
            return variation
        return None


def report_form(query: Mapping[str, Any], municipality: Municipality, user: Any) -> ReportForm:
    """The form bound to ``query``; what it leaves out takes the default (the newest year,
    the first edition the reader gets, the first Sozialraum level, no forecast)."""
    blank = ReportForm({}, municipality, user)
    data = {
        name: query.get(name) or (field.choices[0][0] if field.choices and field.required else "")
        for name, field in blank.fields.items()
    }
    return ReportForm(data, municipality, user)


def form_errors(form: ReportForm) -> str:
    """The form's errors as one German sentence per field, naming the field."""
    return " ".join(
        f"{form.fields[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()
    )
