"""The planning unit's page of the OParl synchronisation: set it up, start a run now,
see the last runs with their progress and errors (runs: ``sync.py``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _

from sozialplanung.core.audit import save_audited
from sozialplanung.core.imports import jobs as import_jobs
from sozialplanung.core.models import ImportJob, Municipality
from sozialplanung.core.pages import municipality_page, page_context, planning_unit
from sozialplanung.core.visibility import Visibility

from .schedule import OparlSync
from .sync import is_estimate, runs, start_sync

planner_page = municipality_page(
    planning_unit,
    refusal=_(
        "Only the social planning unit may set up the synchronisation with the council system."
    ),
)
#: How many runs the page lists.
SHOWN_RUNS = 10


class SyncForm(forms.ModelForm):
    _source = OparlSync._meta.get_field("source")
    # A council system typed without scheme is meant as https.
    source = forms.URLField(
        assume_scheme="https",
        max_length=_source.max_length,
        label=_source.verbose_name,
        help_text=_source.help_text,
    )

    class Meta:
        model = OparlSync
        fields = ["source", "enabled", "interval_hours", "daily_time", "accept_other_body"]
        widgets = {"daily_time": forms.TimeInput(format="%H:%M")}


@planner_page
def sync_page(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    sync = OparlSync.objects.filter(municipality=municipality).first()
    action = request.POST.get("action") if request.method == "POST" else None
    form = SyncForm(request.POST if action == "save" else None, instance=sync)
    if action == "save" and form.is_valid():
        values = dict(form.cleaned_data)
        if sync is not None and sync.source != values["source"]:
            values["last_success"] = None  # another server: its changes start from nothing
        save_audited(
            sync or OparlSync(municipality=municipality),
            values,
            acting_user=request.user,
            municipality_id=municipality.pk,
            visibility=Visibility.NON_PUBLIC,
            summary="Einstellung des OParl-Abgleichs",
        )
        return redirect("council:oparl_sync", municipality.slug)
    if action == "start" and sync is not None:
        start_sync(sync, user=request.user)
        return redirect("council:oparl_sync", municipality.slug)
    recent = list(runs(municipality).select_related("user")[:SHOWN_RUNS])
    for job in recent:  # a run whose worker died would show "running" for ever
        import_jobs.fail_if_dead(job)
    return render(
        request,
        "council/oparl_sync.html",
        {
            **page_context(request, municipality, "oparl_sync"),
            "sync": sync,
            "form": form,
            "runs": [_run(job) for job in recent],
        },
    )


@planner_page
def sync_progress(request: HttpRequest, municipality: Municipality, job_id: int) -> HttpResponse:
    """The fragment of one run the page polls every second until the run has ended."""
    job = get_object_or_404(runs(municipality), pk=job_id)
    import_jobs.fail_if_dead(job)
    return render(
        request,
        "council/_oparl_sync_run.html",
        {"municipality": municipality, "run": _run(job)},
    )


def _run(job: ImportJob) -> dict[str, Any]:
    return {"job": job, "estimate": is_estimate(job), "resumes": job.options.get("resumes")}
