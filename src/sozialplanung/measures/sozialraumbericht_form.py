"""The choice of the Sozialraumbericht: year (period), edition, Sozialraum level and an
optional forecast year (``needs.forecast.ForecastYear``, a Variation of the analysis).

The page and the downloads read the same query string (``jahr``, ``ausgabe``, ``ebene``,
``prognose``), so a download gives the report the page offers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sozialplanung.areas.models import AreaLevel, IndicatorValue
from sozialplanung.core.models import Municipality
from sozialplanung.core.pages import internal_here
from sozialplanung.needs.compute import Variation

from .sozialraumbericht import INTERNAL, PUBLIC


def observed_years(municipality: Municipality) -> list[str]:
    """Years (periods like "2024", not quarters) with observed indicator values, newest
    first."""
    values = IndicatorValue.objects.filter(indicator__municipality=municipality)
    if any(f.name == "variant" for f in IndicatorValue._meta.get_fields()):
        values = values.filter(variant="")  # forecast values are no observed period
    periods = set(values.values_list("period", flat=True))
    return sorted((p for p in periods if len(p) == 4 and p.isdigit()), reverse=True)


def forecast_choices(municipality: Municipality) -> list[tuple[str, str]]:
    """(value, label) of the forecast years the municipality has, "" for none."""
    try:
        from sozialplanung.needs.forecast import forecast_options
    except ImportError:
        return []
    return [
        (
            f"{period}:{variant}" if variant else period,
            f"{period} ({variant})" if variant else period,
        )
        for period, variant in forecast_options(municipality)
    ]


def forecast_variation(value: str) -> Variation | None:
    if not value:
        return None
    from sozialplanung.needs.forecast import ForecastYear

    period, _sep, variant = value.partition(":")
    return ForecastYear(period, variant)


class ReportForm(forms.Form):
    jahr = forms.ChoiceField(label=_("Year"))
    ausgabe = forms.ChoiceField(label=_("Edition"))
    ebene = forms.ChoiceField(label=_("Sozialraum level"))
    prognose = forms.ChoiceField(label=_("Forecast year"), required=False)

    def __init__(self, data: Mapping[str, Any], municipality: Municipality, user: Any) -> None:
        super().__init__(data)
        periods = observed_years(municipality)
        self.fields["jahr"].choices = [(p, p) for p in periods]
        editions = [(PUBLIC, _("public edition"))]
        if internal_here(user, municipality):
            editions.insert(0, (INTERNAL, _("internal edition (with need reports)")))
        self.fields["ausgabe"].choices = editions
        levels = AreaLevel.objects.filter(municipality=municipality, depth__gt=0).order_by("depth")
        self.fields["ebene"].choices = [(lvl.slug, lvl.name_plural or lvl.name) for lvl in levels]
        self.fields["prognose"].choices = [
            ("", _("none (today's data)")),
            *forecast_choices(municipality),
        ]


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
