"""The import page: upload areas or indicator values, then watch the job finish."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sozialplanung.core.imports import ImportFailed
from sozialplanung.core.imports import jobs as import_jobs
from sozialplanung.core.models import ImportJob, Municipality
from sozialplanung.core.pages import municipality_page, page_context, planning_unit

from . import queries
from .forms import AreaImportForm, IndicatorImportForm
from .importers import IndicatorMapping, import_areas, import_indicators

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
        run = partial(import_areas, **area_form.importer_kwargs())
        return _start(request, municipality, ImportJob.Kind.AREAS, upload, run)
    if which == "indikatoren" and indicator_form.is_valid():
        try:
            mapping = IndicatorMapping.from_json(indicator_form.mapping_data(), file=_("Mapping"))
        except ImportFailed as exc:
            problems = [vars(p) for p in exc.problems]
        else:
            upload = indicator_form.cleaned_data["file"]
            run = partial(import_indicators, mapping=mapping)
            return _start(request, municipality, ImportJob.Kind.INDICATORS, upload, run)
    recent = ImportJob.objects.filter(municipality=municipality).select_related("user")[:10]
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


def _start(request, municipality, kind, upload, run) -> HttpResponse:
    path = import_jobs.save_upload(upload)
    job = ImportJob.objects.create(
        municipality=municipality, user=request.user, kind=kind, filename=upload.name or ""
    )
    import_jobs.start(job, path, run, municipality=municipality, acting_user=request.user)
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
    done, total = import_jobs.live_progress(job) if not job.is_finished else (job.done, job.total)
    return {"job": job, "done": done, "total": total}
