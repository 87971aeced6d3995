"""The page that chooses the Sozialraumbericht's parameters and starts its download.

The report is written while the download waits (no task queue for exports exists yet):
the page says it takes a while. Public: the public edition for everyone, the internal
one offered only to internal users of the municipality.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode

from sozialplanung.core.models import Municipality
from sozialplanung.core.pages import internal_here, municipality_page, page_context

from .sozialraumbericht_form import report_form


@municipality_page()
def report_page(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    form = report_form(request.GET, municipality, request.user)
    context = {
        **page_context(request, municipality, "measures"),
        "form": form,
        "reads_evidence": internal_here(request.user, municipality),
    }
    if form.is_valid():
        context["query"] = urlencode({k: v for k, v in form.cleaned_data.items() if v})
    return render(request, "measures/sozialraumbericht.html", context)
