"""The intake pages under ``/<slug>/gremien/eingang/``: upload a document, review the
draft beside its source text, confirm. For the planning unit and admins only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sozialplanung.core.models import Municipality
from sozialplanung.core.pages import municipality_page, page_context, planning_unit
from sozialplanung.council.models import Resolution

from . import IntakeError, IntakeResult, actions
from .forms import UploadForm
from .models import IntakeDraft
from .review import draft_forms


def read_upload(path: Path, filename: str) -> IntakeResult:
    """The reader of the contract (``sozialplanung.intake``), looked up when used."""
    import importlib

    for module in ("sozialplanung.intake", "sozialplanung.intake.extract"):
        reader = getattr(importlib.import_module(module), "read_document", None)
        if reader is not None:
            return reader(path, filename=filename)
    raise IntakeError(_("Reading documents is not available in this installation."))


planner_page = municipality_page(
    planning_unit, refusal=gettext_lazy("Only the social planning unit may read in documents.")
)


def _context(request: HttpRequest, municipality: Municipality, **extra: Any) -> dict[str, Any]:
    return {**page_context(request, municipality, "council"), **extra}


@planner_page
def upload(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        path = actions.save_upload(file)
        try:
            result = read_upload(path, file.name)
        except IntakeError as exc:
            actions.remove_upload(path)
            form.add_error("file", str(exc))
        else:
            draft = actions.store_draft(
                municipality,
                acting_user=request.user,
                file_name=file.name,
                path=path,
                result=result,
            )
            return redirect("intake:draft", municipality.slug, draft.pk)
    _link_errors(form)
    drafts = IntakeDraft.objects.filter(municipality=municipality).select_related("user")[:20]
    return render(
        request, "intake/upload.html", _context(request, municipality, form=form, drafts=drafts)
    )


def _link_errors(*forms: Form) -> None:
    """Point ``aria-describedby`` of each field with an error at its error list."""
    for form in forms:
        for name in form.errors:
            if name in form.fields:
                widget = form.fields[name].widget
                ids = widget.attrs.get("aria-describedby", "")
                widget.attrs["aria-describedby"] = f"{form[name].auto_id}-error {ids}".strip()
                widget.attrs["aria-invalid"] = "true"


@planner_page
def draft(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    draft = get_object_or_404(IntakeDraft, municipality=municipality, pk=pk)
    built = draft_forms(draft, request.POST if request.method == "POST" else None)
    form, formsets = built.form, built.formsets
    if request.method == "POST" and built.is_valid():
        reviewed = built.reviewed()
        try:
            saved = actions.confirm_draft(draft, reviewed, acting_user=request.user)
        except actions.DraftProblem as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.messages)
        else:
            messages.success(
                request,
                _("The document %(name)s is saved as %(reference)s.")
                % {"name": draft.file_name, "reference": reviewed.main["reference"]},
            )
            if isinstance(saved, Resolution):
                return redirect("council:resolution", municipality.slug, saved.pk)
            return redirect("council:paper", municipality.slug, saved.pk)
    _link_errors(form, *(f for fs in formsets.values() for f in fs.forms))
    return render(
        request,
        "intake/draft.html",
        _context(
            request,
            municipality,
            draft=draft,
            form=form,
            existing=built.existing,
            **formsets,
        ),
    )


@require_POST
@planner_page
def discard(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    draft = get_object_or_404(IntakeDraft, municipality=municipality, pk=pk)
    actions.discard_draft(draft)
    messages.success(request, _("The draft %(name)s is discarded.") % {"name": draft.file_name})
    return redirect(reverse("intake:upload", args=[municipality.slug]))
