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
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from sozialplanung.core.models import Municipality, Office
from sozialplanung.core.pages import internal, municipality_page, page_context
from sozialplanung.core.visibility import Visibility, strictest

from .ical import office_calendar
from .models import Body
from .overdue import AGE_BANDS, OverdueFilter, age_band, overdue, readable_due_items

internal_page = municipality_page(
    internal, refusal=_("Only staff of the administration and council members may see this.")
)


@internal_page
def overdue_page(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    today = dt.date.today()
    chosen = OverdueFilter.from_query(request.GET)
    found = overdue(municipality, request.user, today, chosen)
    rows = [
        {
            "due": d,
            "days": d.days_overdue(today),
            "band": age_band(d.due_date, today),
            "visibility": Visibility(
                strictest(
                    d.item.visibility,
                    d.item.resolution.visibility,
                    d.item.resolution.paper.visibility,
                )
            ),
        }
        for d in found.rows
    ]
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
    }
    return render(request, "council/overdue.html", context)


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
