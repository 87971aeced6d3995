"""The import page: upload areas or indicator values, then watch the job finish."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sozialplanung.core.imports import ImportFailed
from sozialplanung.core.imports import jobs as import_jobs
from sozialplanung.core.models import ImportJob, Municipality
from sozialplanung.core.pages import municipality_page, page_context, planning_unit
from sozialplanung.core.tasks import start_import

from . import queries
from .forms import AreaImportForm, IndicatorImportForm
from .importers import IndicatorMapping

planner_page = municipality_page(
    planning_unit, refusal=gettext_lazy("Only the social planning unit may import data.")
)


@planner_page
def import_page(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    levels = list(queries.levels(municipality))
    which = request.POST.get("form") if request.method == "POST" else None
    area_form = AreaImportForm(
        request.POST if which == "gebiete" else None,
        request.FILES if which == "gebiete" else None,
        levels=levels,
        prefix="g",
    )
    indicator_form = IndicatorImportForm(
        request.POST if which == "indikatoren" else None,
        request.FILES if which == "indikatoren" else None,
        levels=levels,
        prefix="i",
    )
    problems: list[dict[str, Any]] = []
    if which == "gebiete" and area_form.is_valid():
        upload = area_form.cleaned_data["file"]
        options = area_form.importer_kwargs()
        options["valid_from"] = options["valid_from"].isoformat()  # JSON for the worker
        return _start(request, municipality, ImportJob.Kind.AREAS, upload, options)
    if which == "indikatoren" and indicator_form.is_valid():
        mapping = indicator_form.mapping_data()
        try:  # checked here, so that the form shows its problems right away
            IndicatorMapping.from_json(mapping, file=_("Mapping"))
        except ImportFailed as exc:
            problems = [vars(p) for p in exc.problems]
        else:
            upload = indicator_form.cleaned_data["file"]
            options = {"mapping": mapping}
            return _start(request, municipality, ImportJob.Kind.INDICATORS, upload, options)
    # OParl runs have their own page (council: "Abgleich mit dem Ratsinformationssystem").
    recent = (
        ImportJob.objects.filter(municipality=municipality)
        .exclude(kind=ImportJob.Kind.OPARL)
        .select_related("user")[:10]
    )
    return render(
        request,
        "areas/import.html",
        {
            **page_context(request, municipality, "import"),
            "area_form": area_form,
            "indicator_form": indicator_form,
            "which": which,
            "problems": problems,
            "recent": recent,
        },
    )


def _start(request, municipality, kind, upload, options) -> HttpResponse:
    path = import_jobs.save_upload(upload)
    job = ImportJob.objects.create(
        municipality=municipality, user=request.user, kind=kind, filename=upload.name or ""
    )
    start_import(job, path, **options)
    return redirect("areas:import_job", municipality.slug, job.pk)


@planner_page
def job_page(request: HttpRequest, municipality: Municipality, job_id: int) -> HttpResponse:
    job = get_object_or_404(ImportJob, pk=job_id, municipality=municipality)
    return render(
        request,
        "areas/import_job.html",
        {**page_context(request, municipality, "import"), **_job_context(job)},
    )


@planner_page
def job_progress(request: HttpRequest, municipality: Municipality, job_id: int) -> HttpResponse:
    """The fragment the progress page polls every second until the job has finished."""
    job = get_object_or_404(ImportJob, pk=job_id, municipality=municipality)
    return render(
        request,
        "areas/_import_progress.html",
        {"municipality": municipality, **_job_context(job)},
    )


def _job_context(job: ImportJob) -> dict[str, Any]:
    # A job whose worker died would poll for ever: the page ends it (core.imports.jobs).
    import_jobs.fail_if_dead(job)
    return {"job": job, "done": job.done, "total": job.total}
