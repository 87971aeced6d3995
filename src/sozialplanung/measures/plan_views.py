"""Pages of the measures plan: plans, a plan (table and timeline), a measure, its status
form, the form to create or edit a measure, the form for an actual value of a key
figure, and the plan as XLSX and PDF.

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
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from sozialplanung.core.concurrency import EditConflict, posted_version, refuse, token_to_show
from sozialplanung.core.models import Municipality
from sozialplanung.core.pages import logged_in, municipality_or_404, municipality_page, page_context
from sozialplanung.core.visibility import can_edit_planning_data, is_internal

from . import actions
from .measure_page import build_measure_page, measure_or_404, measure_url
from .models import KeyFigure, Measure
from .plan_forms import COST_FIELDS, KeyFigureValueForm, MeasureForm, MeasureUpdateForm
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
    municipality = municipality_or_404(slug)
    found = list(visible_plans(municipality, request.user))
    summaries = plan_summaries(found, request.user, timezone.localdate())
    rows = [{"plan": plan, "summary": summaries[plan.pk]} for plan in found]
    return render(request, "measures/plans.html", _context(request, municipality, rows=rows))


def plan(request: HttpRequest, slug: str, plan_slug: str) -> HttpResponse:
    municipality = municipality_or_404(slug)
    the_plan = plan_or_404(municipality, plan_slug, request.user)
    filters = read_filters(request.GET, request.user, the_plan)
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
            may_edit=can_edit_planning_data(request.user, municipality.pk),
        ),
    )


def measure(request: HttpRequest, slug: str, plan_slug: str, pk: int) -> HttpResponse:
    municipality = municipality_or_404(slug)
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
            may_edit=can_edit_planning_data(request.user, municipality.pk),
        ),
    )


# The anonymous are sent to the login first, whatever the measure: nothing to learn.
@municipality_page(logged_in)
def measure_update(
    request: HttpRequest, municipality: Municipality, plan_slug: str, pk: int
) -> HttpResponse:
    the_plan = plan_or_404(municipality, plan_slug, request.user)
    found = measure_or_404(the_plan, pk, request.user)
    if not actions.can_update_measure(request.user, found):
        raise PermissionDenied(
            _("Only the responsible office or the social planning unit may update this measure.")
        )
    form = _update_form(request.POST or None, found)
    version_token = token_to_show(request, found, form)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_measure_update(
                found,
                date=data["date"],
                status=data["status"],
                note=data["note"],
                acting_user=request.user,
                version=posted_version(request.POST),
            )
        except EditConflict as conflict:
            found = conflict.record  # type: ignore[assignment]
            form = _update_form(request.POST, found)
            version_token = refuse(request, conflict, form)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The status of the measure is saved."))
            return redirect(f"{measure_url(found)}#verlauf")
    return render(
        request,
        "measures/measure_update.html",
        _context(
            request,
            municipality,
            plan=the_plan,
            measure=found,
            form=form,
            version_token=version_token,
        ),
    )


def _update_form(data: Any, measure: Measure) -> MeasureUpdateForm:
    return MeasureUpdateForm(data, initial={"date": timezone.localdate(), "status": measure.status})


def measure_create(request: HttpRequest, slug: str, plan_slug: str) -> HttpResponse:
    return _measure_form(request, slug, plan_slug, None)


def measure_edit(request: HttpRequest, slug: str, plan_slug: str, pk: int) -> HttpResponse:
    return _measure_form(request, slug, plan_slug, pk)


def _measure_form(request: HttpRequest, slug: str, plan_slug: str, pk: int | None) -> HttpResponse:
    """Create (``pk`` None) or edit a measure: the planning unit's and admins' form.

    A plan or measure the reader may not see is a 404 first; then the anonymous go to
    the login and other roles get a 403.
    """
    municipality = municipality_or_404(slug)
    the_plan = plan_or_404(municipality, plan_slug, request.user)
    found = measure_or_404(the_plan, pk, request.user) if pk is not None else None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_edit_planning_data(request.user, municipality.pk):
        raise PermissionDenied(_("Only the social planning unit may change plans and budgets."))
    form = MeasureForm(request.POST or None, plan=the_plan, measure=found, user=request.user)
    version_token = token_to_show(request, found, form)
    if request.method == "POST" and form.is_valid():
        try:
            saved = _save_measure(form, found, request.user, posted_version(request.POST))
        except EditConflict as conflict:
            found = conflict.record  # type: ignore[assignment]
            form = MeasureForm(request.POST, plan=the_plan, measure=found, user=request.user)
            version_token = refuse(request, conflict, form)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The measure is saved."))
            return redirect(measure_url(saved))
    return render(
        request,
        "measures/measure_form.html",
        _context(
            request,
            municipality,
            plan=the_plan,
            measure=found,
            form=form,
            cost_fields=(*COST_FIELDS, "replace_costs"),
            version_token=version_token,
        ),
    )


def _save_measure(form: MeasureForm, found: Measure | None, user: Any, version: str) -> Measure:
    data = form.cleaned_data
    number, title = data["number"].strip(), data["title"].strip()
    values: dict[str, Any] = {
        "description": data["description"].strip(),
        "responsible_office": data["responsible_office"],
        "start_quarter": data["start_quarter"],
        "due_quarter": data["due_quarter"],
        "visibility": data["visibility"],
        "mandatory": data["mandatory"],
        "budget_line": data["budget_line"],
        "scenario": data["scenario"],
    }
    items = list(data["resolution_items"])
    if found is None:
        values["status"] = data["status"]
    else:
        # Items the user may not read stay linked: the form could not show them.
        shown = form.fields["resolution_items"].queryset  # type: ignore[attr-defined]
        items += list(found.resolution_items.exclude(pk__in=shown.values("pk")))
    return actions.save_measure(
        data["field_of_action"],
        number=number,
        title=title,
        values=values,
        resolution_items=items,
        costs=form.cost_records(),
        measure=found,
        acting_user=user,
        version=version,
    )


@municipality_page(logged_in)
def key_figure_value(
    request: HttpRequest, municipality: Municipality, plan_slug: str, pk: int, figure_pk: int
) -> HttpResponse:
    """Record an actual value of a key figure: same people as the status form."""
    the_plan = plan_or_404(municipality, plan_slug, request.user)
    found = measure_or_404(the_plan, pk, request.user)
    figure = get_object_or_404(
        KeyFigure.objects.visible_to(request.user).filter(measure=found), pk=figure_pk
    )
    if not actions.can_update_measure(request.user, found):
        raise PermissionDenied(
            _("Only the responsible office or the social planning unit may update this measure.")
        )
    form = KeyFigureValueForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_key_figure_value(
                figure,
                date=data["date"],
                value=data["value"],
                note=data["note"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The actual value is saved."))
            return redirect(f"{measure_url(found)}#h-figures")
    return render(
        request,
        "measures/key_figure_value.html",
        _context(request, municipality, plan=the_plan, measure=found, figure=figure, form=form),
    )
