"""Pages of resolution control: the overdue dashboard and iCal feeds (XLSX: exporters.py).

Items come only from ``overdue.readable_due_items`` (``visible_to`` underneath). The
dashboard is for internal users; the feeds follow visibility alone, so a public feed
can be subscribed to without login.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from sozialplanung.core.models import Municipality, Office
from sozialplanung.core.pages import internal, municipality_page, page_context
from sozialplanung.core.visibility import Role, Visibility, strictest

from .ical import office_calendar
from .models import Body
from .overdue import AGE_BANDS, DueItem, OverdueFilter, age_band, overdue, readable_due_items
from .worklists import SORTS, ListChoice, may_report_on, office_points, status_choices

internal_page = municipality_page(
    internal, refusal=_("Only staff of the administration and council members may see this.")
)


@internal_page
def overdue_page(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    today = dt.date.today()
    chosen = OverdueFilter.from_query(request.GET)
    found = overdue(municipality, request.user, today, chosen)
    listed = ListChoice.from_query(request.GET)
    # The office filter is the dashboard's own (it counts per office before it).
    rows = _rows(municipality, request.user, listed.apply(found.rows, today), today)
    query = request.GET.urlencode()
    context: dict[str, Any] = {
        **page_context(request, municipality, "overdue"),
        "today": today,
        "rows": rows,
        "per_office": found.per_office,
        "total": found.total_before_office_filter,
        "chosen": chosen,
        "offices": Office.objects.filter(municipality=municipality),
        "bodies": Body.objects.filter(municipality=municipality, deleted=False),
        "bands": AGE_BANDS,
        "export_query": f"?{query}" if query else "",
        "listed": listed,
        "sorts": SORTS,
        "statuses": status_choices(),
    }
    return render(request, "council/overdue.html", context)


def _rows(
    municipality: Municipality, user: Any, found: list[DueItem], today: dt.date
) -> list[dict[str, Any]]:
    """The rows of a working list, each with its links: the point on its resolution page
    and, for whoever may report on it, the report form."""
    may_report = may_report_on(user)
    rows = []
    for d in found:
        item = d.item
        resolution_url = reverse("council:resolution", args=[municipality.slug, item.resolution_id])
        rows.append(
            {
                "due": d,
                "days": d.days_overdue(today),
                "overdue": d.due_date < today,
                "band": age_band(d.due_date, today),
                "visibility": Visibility(
                    strictest(
                        item.visibility,
                        item.resolution.visibility,
                        item.resolution.paper.visibility,
                    )
                ),
                "point_url": f"{resolution_url}#punkt-{item.number}",
                "report_url": reverse("council:report", args=[municipality.slug, item.pk])
                if may_report(item)
                else "",
            }
        )
    return rows


@internal_page
def my_items(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """ "Meine Beschlusspunkte": a Fachamt's open points by due date; the planning unit and
    council members choose the office (or see all)."""
    today = dt.date.today()
    listed = ListChoice.from_query(request.GET)
    user = request.user
    own = user.office if user.role == Role.FACHAMT and user.office_id else None
    if own is not None:
        listed = ListChoice(listed.sort, None, listed.status, listed.overdue)
    rows = _rows(
        municipality,
        user,
        listed.apply(office_points(municipality, user, own), today),
        today,
    )
    context: dict[str, Any] = {
        **page_context(request, municipality, "overdue"),
        "today": today,
        "own_office": own,
        "rows": rows,
        "listed": listed,
        "sorts": SORTS,
        "statuses": status_choices(),
        "offices": Office.objects.filter(municipality=municipality),
    }
    return render(request, "council/my_items.html", context)


def office_ics(request: HttpRequest, slug: str, office_pk: int) -> HttpResponse:
    municipality = get_object_or_404(Municipality, slug=slug)
    office = get_object_or_404(Office, pk=office_pk, municipality=municipality)
    dues = [
        d
        for d in readable_due_items(municipality, request.user)
        if d.item.responsible_office_id == office.pk
    ]
    body = office_calendar(office, dues, host=request.get_host(), stamp=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        False, f"beschlusskontrolle-{office.pk}.ics"
    )
    if request.user.is_authenticated:
        response["Cache-Control"] = "private, no-store"
    return response
