"""Forms of the council pages: a status report on one item, a status letter draft.

Dates are typed as DD.MM.YYYY and shown back that way; a form with an error keeps
everything the user typed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sozialplanung.core.forms import date_field

from .models import Paper, StatusReport


class PaperSearchForm(forms.Form):
    q = forms.CharField(label=_("Reference or subject"), required=False, max_length=200)
    art = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("all kinds")), *Paper.Kind.choices],
    )


class StatusReportForm(forms.Form):
    date = date_field(_("Date of the report"))
    status = forms.ChoiceField(label=_("Status"), choices=StatusReport.Status.choices)
    narrative = forms.CharField(
        label=_("Narrative"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What has been done, what is still open. Blank lines separate paragraphs."),
    )
    delay_reason = forms.CharField(
        label=_("Reason for delay"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only where the item is later than planned; the periodic report shows it."),
    )
    public_note = forms.CharField(
        label=_("Public note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For citizens on the public page “What became of …?”, once the report is "
            "published; the narrative above is never shown there."
        ),
    )
    next_control_date = date_field(
        _("Next control date"),
        required=False,
        help_text=_("DD.MM.YYYY; empty when the item is finished"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, nxt = data.get("date"), data.get("next_control_date")
        if day and nxt and nxt <= day:
            self.add_error(
                "next_control_date", gettext("The next control date must lie after the report.")
            )
        finished = {StatusReport.Status.DONE, StatusReport.Status.SUPERSEDED}
        if data.get("status") and data["status"] not in finished and not nxt:
            self.add_error(
                "next_control_date",
                gettext("Give the next control date: the item is not finished yet."),
            )
        return data


class LetterDraftForm(forms.Form):
    date = date_field(_("Date of the letter"))
    next_control_date = date_field(
        _("Next control date"),
        required=False,
        help_text=_(
            "DD.MM.YYYY; the letter announces it. Suggested: the earliest next control date "
            "of the open items' latest reports."
        ),
    )
    confirm_past_control = forms.BooleanField(
        label=_("Yes, the letter shall name this date although it has passed."),
        required=False,
    )
    file_reference = forms.CharField(label=_("File reference (GZ)"), required=False, max_length=100)
    sender = forms.CharField(label=_("Sender (department)"), required=False, max_length=300)
    addressees = forms.CharField(
        label=_("Addressees"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One line per line of the address block."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, nxt = data.get("date"), data.get("next_control_date")
        if day and nxt and nxt < day and not data.get("confirm_past_control"):
            # A warning, not a refusal: the checkbox appears with it.
            self.ask_confirmation = True
            self.add_error(
                "next_control_date",
                gettext(
                    "The next control date %(control)s lies before the date of the letter "
                    "%(date)s. Change it, or confirm that the letter shall name it."
                )
                % {"control": f"{nxt:%d.%m.%Y}", "date": f"{day:%d.%m.%Y}"},
            )
        return data

    @property
    def shows_confirmation(self) -> bool:
        """The checkbox is shown with the warning, and stays once ticked."""
        return getattr(self, "ask_confirmation", False) or bool(
            self.data.get(self.add_prefix("confirm_past_control"))
        )
