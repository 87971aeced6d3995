"""Pages of the measures plan: plans, a plan (table and timeline), a measure, its status
form, and the plan as XLSX and PDF.

Reads go through ``plans`` / ``measure_page`` and so through ``visible_to``: a plan or
measure the reader may not see is a 404. The status form is for the responsible
office's staff and the planning unit (``actions.can_update_measure``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from sozialplanung.areas import queries
from sozialplanung.areas.views import page_context
from sozialplanung.core.models import Municipality
from sozialplanung.core.visibility import is_internal

from . import actions
from .measure_page import build_measure_page, measure_or_404, measure_url
from .models import Measure, Plan
from .plan_export import plan_pdf_bytes, plan_workbook
from .plan_forms import MeasureUpdateForm
from .plan_timeline import build_timeline
from .plans import (
    plan_or_404,
    plan_rows,
    plan_summaries,
    read_filters,
    readable_budget_lines,
    readable_resolution,
    visible_plans,
)

NAV = "measures"


def _context(request: HttpRequest, municipality: Municipality, **extra: Any) -> dict[str, Any]:
    return {
        **page_context(request, municipality, NAV),
        "internal": is_internal(request.user),
        **extra,
    }


def plans(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = queries.municipality_or_404(slug)
    found = list(visible_plans(municipality, request.user))
    summaries = plan_summaries(found, request.user, timezone.localdate())
    rows = [{"plan": plan, "summary": summaries[plan.pk]} for plan in found]
    return render(request, "measures/plans.html", _context(request, municipality, rows=rows))


def plan(request: HttpRequest, slug: str, plan_slug: str) -> HttpResponse:
    municipality = queries.municipality_or_404(slug)
    the_plan = plan_or_404(municipality, plan_slug, request.user)
    filters = read_filters(request, the_plan)
    today = timezone.localdate()
    groups = plan_rows(the_plan, request.user, filters, today)
    query = filters.query()
    return render(
        request,
        "measures/plan.html",
        _context(
            request,
            municipality,
            plan=the_plan,
            resolution=readable_resolution(the_plan, request.user),
            filters=filters,
            statuses=Measure.Status.choices,
            groups=groups,
            count=sum(len(g.rows) for g in groups),
            overdue_count=sum(1 for g in groups for r in g.rows if r.overdue),
            timeline=build_timeline(groups, today),
            show_budget=bool(readable_budget_lines(municipality, request.user)),
            query=f"?{query}" if query else "",
        ),
    )


def measure(request: HttpRequest, slug: str, plan_slug: str, pk: int) -> HttpResponse:
    municipality = queries.municipality_or_404(slug)
    the_plan = plan_or_404(municipality, plan_slug, request.user)
    found = measure_or_404(the_plan, pk, request.user)
    return render(
        request,
        "measures/measure.html",
        _context(
            request,
            municipality,
            plan=the_plan,
            page=build_measure_page(found, request.user, timezone.localdate()),
            may_update=actions.can_update_measure(request.user, found),
        ),
    )


def measure_update(request: HttpRequest, slug: str, plan_slug: str, pk: int) -> HttpResponse:
    municipality = queries.municipality_or_404(slug)
    # The anonymous are sent to the login first, whatever the measure: nothing to learn.
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    the_plan = plan_or_404(municipality, plan_slug, request.user)
    found = measure_or_404(the_plan, pk, request.user)
    if not actions.can_update_measure(request.user, found):
        raise PermissionDenied(
            _("Only the responsible office or the social planning unit may update this measure.")
        )
    form = MeasureUpdateForm(
        request.POST or None, initial={"date": timezone.localdate(), "status": found.status}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_measure_update(
                found,
                date=data["date"],
                status=data["status"],
                note=data["note"],
                user=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The status of the measure is saved."))
            return redirect(f"{measure_url(found)}#verlauf")
    return render(
        request,
        "measures/measure_update.html",
        _context(request, municipality, plan=the_plan, measure=found, form=form),
    )


def _export(request: HttpRequest, slug: str, plan_slug: str) -> tuple[Plan, dict[str, Any]]:
    municipality = queries.municipality_or_404(slug)
    the_plan = plan_or_404(municipality, plan_slug, request.user)
    filters = read_filters(request, the_plan)
    return the_plan, {
        "groups": plan_rows(the_plan, request.user, filters),
        "filters": filters.describe(),
        "show_budget": bool(readable_budget_lines(municipality, request.user)),
        "today": timezone.localdate(),
    }


def _download(content: bytes, media_type: str, plan: Plan, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=media_type)
    name = f"{plan.municipality.slug}_massnahmenplan_{plan.slug}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def plan_xlsx(request: HttpRequest, slug: str, plan_slug: str) -> HttpResponse:
    the_plan, data = _export(request, slug, plan_slug)
    return _download(
        plan_workbook(the_plan, **data),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        the_plan,
        "xlsx",
    )


def plan_pdf(request: HttpRequest, slug: str, plan_slug: str) -> HttpResponse:
    the_plan, data = _export(request, slug, plan_slug)
    return _download(plan_pdf_bytes(the_plan, **data), "application/pdf", the_plan, "pdf")
