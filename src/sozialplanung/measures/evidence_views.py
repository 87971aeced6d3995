"""The evidence list: studies and local findings the planning unit keeps to cite in the
Sozialraumbericht. Internal staff of the municipality read it; the planning unit adds,
changes and removes entries (audited)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sozialplanung.areas.models import PlanningDomain
from sozialplanung.core.audit import delete_audited, save_audited
from sozialplanung.core.models import Municipality
from sozialplanung.core.pages import internal_here, municipality_page, page_context, planning_unit
from sozialplanung.core.visibility import can_edit_planning_data

from .models import Evidence

FIELDS = ["title", "publisher", "year", "link", "note", "domains", "visibility"]


class EvidenceForm(forms.ModelForm):
    # A text box as the other forms have (the browser's URL box checks in English).
    link = forms.URLField(
        label=gettext_lazy("link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        widget=forms.TextInput,
    )

    class Meta:
        model = Evidence
        fields = FIELDS
        widgets = {
            "domains": forms.CheckboxSelectMultiple,
            "note": forms.Textarea(attrs={"rows": 3}),
            "year": forms.NumberInput(attrs={"min": 1900, "max": 2100}),
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["domains"].queryset = PlanningDomain.objects.filter(municipality=municipality)
        self.fields["domains"].help_text = _("None chosen: cited under every domain.")


@municipality_page(internal_here)
def evidence_list(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    entries = (
        Evidence.objects.visible_to(request.user)
        .filter(municipality=municipality)
        .prefetch_related("domains")
    )
    return render(
        request,
        "measures/evidence_list.html",
        {
            **page_context(request, municipality, "measures"),
            "entries": entries,
            "can_edit": can_edit_planning_data(request.user, municipality.id),
        },
    )


@municipality_page(planning_unit)
def evidence_edit(
    request: HttpRequest, municipality: Municipality, pk: int | None = None
) -> HttpResponse:
    entry = (
        get_object_or_404(Evidence, pk=pk, municipality=municipality)
        if pk is not None
        else Evidence(municipality=municipality)
    )
    form = EvidenceForm(
        request.POST if request.method == "POST" else None,
        instance=entry,
        municipality=municipality,
    )
    if request.method == "POST" and "delete" in request.POST and entry.pk:
        delete_audited(
            entry,
            acting_user=request.user,
            municipality_id=municipality.id,
            visibility=entry.visibility,
        )
        messages.success(request, _("Entry “%(title)s” deleted.") % {"title": entry.title})
        return redirect("measures:evidence", municipality.slug)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in FIELDS if name != "domains"}
        domains = list(form.cleaned_data["domains"])
        before = sorted(d.slug for d in entry.domains.all()) if entry.pk else []
        entry, _changed = save_audited(
            entry,
            data,
            acting_user=request.user,
            municipality_id=municipality.id,
            visibility=data["visibility"],
            extra_before={"domains": before},
            extra_after={"domains": sorted(d.slug for d in domains)},
        )
        entry.domains.set(domains)
        messages.success(request, _("Entry “%(title)s” saved.") % {"title": entry.title})
        return redirect("measures:evidence", municipality.slug)
    return render(
        request,
        "measures/evidence_form.html",
        {**page_context(request, municipality, "measures"), "form": form, "entry": entry},
    )
