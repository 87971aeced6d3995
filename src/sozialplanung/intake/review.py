"""The draft's forms, built once for the draft page and for confirming a whole chain.

``draft_forms`` builds the main form and the three formsets of a draft, against the
council data as it is now (an existing paper changes the initial values and which
fields are required). The draft page binds them to what the user posted; the chain
confirmation (``chains.confirm_chain``) binds them to ``unchanged_post``: what the page
would post if the user confirmed it without changing anything. Both then take the same
validation and the same ``actions.confirm_draft``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms import BaseFormSet

from sozialplanung.council.models import Paper, Resolution

from .actions import Reviewed
from .forms import (
    ConsultationFormSet,
    DraftForm,
    ItemFormSet,
    ItemStatusFormSet,
    initial_values,
)
from .models import IntakeDraft

#: Formset name in ``Reviewed`` -> (formset class, prefix of its fields on the page).
FORMSETS: dict[str, tuple[type[BaseFormSet], str]] = {
    "consultations": (ConsultationFormSet, "beratung"),
    "items": (ItemFormSet, "punkt"),
    "statuses": (ItemStatusFormSet, "stand"),
}


@dataclass
class DraftForms:
    form: DraftForm
    formsets: dict[str, BaseFormSet]
    existing: Paper | None

    def is_valid(self) -> bool:
        # every form validated (no short-circuit), so that each one shows its errors
        return all([self.form.is_valid(), *(f.is_valid() for f in self.formsets.values())])

    def reviewed(self) -> Reviewed:
        return Reviewed(
            main=self.form.cleaned_data, **{k: rows(f) for k, f in self.formsets.items()}
        )

    def errors(self) -> list[str]:
        """Every error of the bound forms as "Field: message", for a chain's report."""
        found = [
            f"{self.form[name].label}: {message}" if name in self.form.fields else message
            for name, messages in self.form.errors.items()
            for message in messages
        ]
        for formset in self.formsets.values():
            found.extend(formset.non_form_errors())
            for row in formset.forms:
                for name, messages in row.errors.items():
                    label = row[name].label if name in row.fields else ""
                    found.extend(f"{label}: {m}" if label else m for m in messages)
        return found


def rows(formset: BaseFormSet) -> list[dict[str, Any]]:
    """The rows kept: filled in and not marked for removal (blank extra rows drop out)."""
    return [
        f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


def draft_forms(draft: IntakeDraft, data: Any = None, *, paper_only: bool = False) -> DraftForms:
    """``paper_only``: the draft gives the paper but not the resolution (an Antrag whose
    chain holds the Beschlussausfertigung: the resolution is the one decided there)."""
    municipality = draft.municipality
    existing = Paper.objects.filter(
        municipality=municipality, reference=draft.fields.get("reference") or ""
    ).first()
    initial = initial_values(draft.fields, existing)
    if paper_only:
        initial["items"], initial["statuses"] = [], []
    uncertain = set(draft.uncertain)
    has_resolution = (
        existing is not None and Resolution.objects.filter(paper=existing, deleted=False).exists()
    )
    form = DraftForm(
        data,
        initial=initial["main"],
        municipality=municipality,
        uncertain=uncertain,
        needs_resolution_date=not has_resolution and bool(initial["items"] or initial["statuses"]),
    )
    formsets = {
        name: formset(data, initial=initial[name], prefix=prefix, uncertain=uncertain)
        for name, (formset, prefix) in FORMSETS.items()
    }
    return DraftForms(form=form, formsets=formsets, existing=existing)


def unchanged_post(unbound: DraftForms) -> dict[str, Any]:
    """The data the draft page posts when confirmed as it was shown."""
    data: dict[str, Any] = {}
    shown: list[forms.Form] = [unbound.form]
    for formset in unbound.formsets.values():
        # as the page's management form says: the filled rows, without the blank one
        filled = formset.forms[: formset.initial_form_count()]
        data[f"{formset.prefix}-TOTAL_FORMS"] = str(len(filled))
        data[f"{formset.prefix}-INITIAL_FORMS"] = str(len(filled))
        shown.extend(filled)
    for form in shown:
        for bound in form:
            value = bound.value()
            widget = bound.field.widget
            if isinstance(widget, forms.CheckboxInput):
                data[bound.html_name] = bool(value)
            elif isinstance(widget, forms.DateInput):
                data[bound.html_name] = widget.format_value(value) or ""
            else:
                data[bound.html_name] = "" if value is None else value
    return data
