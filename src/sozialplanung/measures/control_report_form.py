"""The choice of the report's period: kind (quarter, half-year, year), year, which part.

The page and the downloads read the same query string (``art``, ``jahr``, ``teil``), so
a download gives exactly the report the page previews.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sozialplanung.analysis.control_light import ReportPeriod

KINDS = [("Q", _("quarter")), ("H", _("half-year")), ("J", _("year"))]


class PeriodForm(forms.Form):
    art = forms.ChoiceField(label=_("Period"), choices=KINDS)
    jahr = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    teil = forms.TypedChoiceField(
        label=_("Quarter or half-year"),
        choices=[(n, str(n)) for n in range(1, 5)],
        coerce=int,
        required=False,
        help_text=_("1–4 for a quarter, 1–2 for a half-year; not needed for a year"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, number = data.get("art"), data.get("teil")
        if kind in ("Q", "H") and not number:
            self.add_error("teil", gettext("Choose which quarter or half-year."))
        elif kind == "H" and number and number > 2:
            self.add_error("teil", gettext("A year has two half-years: choose 1 or 2."))
        return data

    def period(self) -> ReportPeriod:
        data = self.cleaned_data
        kind = "" if data["art"] == "J" else data["art"]
        return ReportPeriod(data["jahr"], kind, data["teil"] if kind else 1)


def period_form(query: Mapping[str, Any], today: dt.date) -> PeriodForm:
    """The form bound to ``query``, or to the quarter of ``today`` if nothing is chosen."""
    if not any(query.get(name) for name in ("art", "jahr", "teil")):
        current = ReportPeriod.containing(today, "Q")
        query = {"art": "Q", "jahr": current.year, "teil": current.number}
    return PeriodForm(query)


def form_errors(form: PeriodForm) -> str:
    """The form's errors as one German sentence per field, naming the field."""
    return " ".join(
        f"{form.fields[name].label if name in form.fields else ''}: {' '.join(errors)}".lstrip(": ")
        for name, errors in form.errors.items()
    )
