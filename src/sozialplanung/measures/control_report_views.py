"""The page that previews the periodic resolution-control report and links its files.

Public: everyone gets the public part; the non-public part appears only for readers
whose ``visible_to`` yields non-public items (see ``control_report``).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode

from sozialplanung.core.models import Municipality
from sozialplanung.core.pages import municipality_page, page_context

from .control_report import build_report
from .control_report_files import legend, subtitle, title
from .control_report_form import period_form


@municipality_page()
def report_page(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    today = timezone.localdate()
    form = period_form(request.GET, today)
    context = {**page_context(request, municipality, "council"), "form": form}
    if form.is_valid():
        report = build_report(municipality, request.user, form.period(), today)
        chosen = {k: v for k, v in form.cleaned_data.items() if v is not None}
        context |= {
            "report": report,
            "title": title(report),
            "subtitle": subtitle(report),
            "legend": legend(report),
            "query": urlencode(chosen),
        }
    return render(request, "measures/control_report.html", context)
