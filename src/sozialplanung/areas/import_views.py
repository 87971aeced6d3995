"""The import page: upload areas or indicator values, then watch the job finish."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from sozialplanung.core.models import ImportJob, Municipality
from sozialplanung.core.visibility import can_edit_planning_data

from . import import_jobs, queries
from .forms import AreaImportForm, IndicatorImportForm
from .importers import ImportFailed, IndicatorMapping, import_areas, import_indicators
from .views import page_context


def _municipality_for_import(request: HttpRequest, slug: str) -> Municipality | HttpResponse:
    municipality = queries.municipality_or_404(slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_edit_planning_data(request.user, municipality.id):
        raise PermissionDenied(_("Only the social planning unit may import data."))
    return municipality


def import_page(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = _municipality_for_import(request, slug)
    if isinstance(municipality, HttpResponse):
        return municipality
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
    import_jobs.start(
        job, path, run, municipality=municipality, user=request.user, actor="Web-Import"
    )
    return redirect("areas:import_job", municipality.slug, job.pk)


def _job(
    request: HttpRequest, slug: str, job_id: int
) -> tuple[Municipality, ImportJob] | HttpResponse:
    municipality = _municipality_for_import(request, slug)
    if isinstance(municipality, HttpResponse):
        return municipality
    return municipality, get_object_or_404(ImportJob, pk=job_id, municipality=municipality)


def job_page(request: HttpRequest, slug: str, job_id: int) -> HttpResponse:
    found = _job(request, slug, job_id)
    if isinstance(found, HttpResponse):
        return found
    municipality, job = found
    return render(
        request,
        "areas/import_job.html",
        {**page_context(request, municipality, "import"), **_job_context(job)},
    )


def job_progress(request: HttpRequest, slug: str, job_id: int) -> HttpResponse:
    """The fragment the progress page polls every second until the job has finished."""
    found = _job(request, slug, job_id)
    if isinstance(found, HttpResponse):
        return found
    municipality, job = found
    return render(
        request,
        "areas/_import_progress.html",
        {"municipality": municipality, **_job_context(job)},
    )


def _job_context(job: ImportJob) -> dict[str, Any]:
    done, total = import_jobs.live_progress(job) if not job.is_finished else (job.done, job.total)
    return {"job": job, "done": done, "total": total}
