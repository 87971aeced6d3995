"""The status form of a measure: date (DD.MM.YYYY), status, note.

A form with an error keeps what the user typed; dates are shown back as DD.MM.YYYY.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sozialplanung.council.forms import date_field

from .models import Measure


class MeasureUpdateForm(forms.Form):
    date = date_field(_("Date of the status"))
    status = forms.ChoiceField(label=_("Status"), choices=Measure.Status.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What has been done, what is still open, why it is late."),
    )

    def clean_date(self) -> dt.date:
        day: dt.date = self.cleaned_data["date"]
        # A status describes what is, not what is planned: the future has no status yet.
        if day > timezone.localdate():
            raise forms.ValidationError(gettext("The date must not lie in the future."))
        return day
