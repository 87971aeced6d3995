"""Bulk intake pages: upload a ZIP (a job on the queue), watch it read, then the review
queue of chains per paper, each confirmed in one step (``chains``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sozialplanung.core.forms import check_upload_size
from sozialplanung.core.imports import jobs as import_jobs
from sozialplanung.core.models import ImportJob, Municipality
from sozialplanung.core.pages import page_context
from sozialplanung.core.tasks import start_import

from .chains import ChainProblem, chains, confirm_chain, document_date
from .forms import DOC_TYPES
from .views import planner_page

DOC_TYPE_LABELS = dict(DOC_TYPES)


class BulkUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("ZIP archive of documents"),
        help_text=gettext_lazy(
            "Council papers, resolutions and status letters as text, PDF (also scanned), "
            "DOCX or images, packed into one ZIP file."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith(".zip"):
            raise forms.ValidationError(_("Please upload a ZIP file (.zip)."))
        check_upload_size(upload)
        return upload


def _jobs(municipality: Municipality) -> Any:
    return ImportJob.objects.filter(municipality=municipality, kind=ImportJob.Kind.DOCUMENTS)


@planner_page
def bulk_upload(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    form = BulkUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        path = import_jobs.save_upload(upload)
        job = _jobs(municipality).create(
            municipality=municipality,
            user=request.user,
            kind=ImportJob.Kind.DOCUMENTS,
            filename=upload.name or "",
        )
        start_import(job, path)
        return redirect("intake:bulk_job", municipality.slug, job.pk)
    return render(
        request,
        "intake/bulk_upload.html",
        {
            **page_context(request, municipality, "council"),
            "form": form,
            "recent": _jobs(municipality).select_related("user")[:10],
        },
    )


def _job(municipality: Municipality, job_id: int) -> dict[str, Any]:
    job = get_object_or_404(_jobs(municipality), pk=job_id)
    # A job whose worker died would poll for ever: the page ends it (core.imports.jobs).
    import_jobs.fail_if_dead(job)
    return {"job": job, "municipality": municipality}


@planner_page
def bulk_job(request: HttpRequest, municipality: Municipality, job_id: int) -> HttpResponse:
    return render(
        request,
        "intake/bulk_job.html",
        {**page_context(request, municipality, "council"), **_job(municipality, job_id)},
    )


@planner_page
def bulk_progress(request: HttpRequest, municipality: Municipality, job_id: int) -> HttpResponse:
    """The fragment the job page polls every second until the job has finished."""
    return render(request, "intake/_bulk_progress.html", _job(municipality, job_id))


#: Field paths of the extractor -> the draft form's labels, for the queue.
FIELD_LABELS = {
    "doc_type": gettext_lazy("Kind of document"),
    "reference": gettext_lazy("Reference"),
    "date": gettext_lazy("Date of the document"),
    "session": gettext_lazy("Session number"),
    "subject": gettext_lazy("Subject"),
    "submitter": gettext_lazy("Submitted by"),
    "next_control_date": gettext_lazy("Next control date"),
    "resolution_date": gettext_lazy("Date of the resolution"),
    "vote": gettext_lazy("Votes yes"),
}
GROUP_LABELS = {
    "consultations": gettext_lazy("Consultation %(n)s"),
    "items": gettext_lazy("Item %(n)s"),
    "item_status": gettext_lazy("Status of item %(n)s"),
}


def question_label(path: str) -> str:
    head, _dot, rest = path.partition(".")
    if head in GROUP_LABELS and rest.split(".")[0].isdigit():
        return str(GROUP_LABELS[head]) % {"n": int(rest.split(".")[0]) + 1}
    return str(FIELD_LABELS.get(head, head))


@planner_page
def queue(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    return _queue_page(request, municipality)


def _queue_page(
    request: HttpRequest, municipality: Municipality, problem: ChainProblem | None = None
) -> HttpResponse:
    found = chains(municipality)
    rows = [
        {
            "chain": chain,
            "documents": [
                {
                    "draft": draft,
                    "kind": DOC_TYPE_LABELS.get(draft.fields.get("doc_type") or "other"),
                    "date": document_date(draft),
                    "questions": [question_label(q) for q in chain.questions[draft.pk]],
                }
                for draft in chain.drafts
            ],
        }
        for chain in found
    ]
    return render(
        request,
        "intake/queue.html",
        {
            **page_context(request, municipality, "council"),
            "rows": rows,
            "problem": problem,
            "drafts_total": sum(len(c.drafts) for c in found),
        },
        status=409 if problem else 200,
    )


@require_POST
@planner_page
def confirm(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    reference = request.POST.get("reference", "")
    try:
        paper = confirm_chain(
            municipality,
            reference,
            token=request.POST.get("token", ""),
            acting_user=request.user,
        )
    except ChainProblem as problem:
        return _queue_page(request, municipality, problem)
    messages.success(
        request,
        _("The documents of %(reference)s are saved: paper, resolution and status reports.")
        % {"reference": paper.reference},
    )
    return redirect("intake:queue", municipality.slug)
