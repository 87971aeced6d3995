"""Downloads on the web: one view per exporter and format, the same class the CLI runs.

URLs stay where the pages link them; their parts (``indicator``, ``plan_slug``, ``pk``)
and the query string are the exporter's parameters.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.utils.text import get_valid_filename

from sozialplanung.core.models import Municipality

from .base import Exporter, ExportFailed, LoginRequired, Output, exporter_named


def attachment(output: Output) -> HttpResponse:
    response = HttpResponse(output.content, content_type=output.media_type)
    # File names carry user text (paper references); keep letters, digits, "-", "_", ".".
    name = get_valid_filename(output.file_name)
    response["Content-Disposition"] = content_disposition_header(True, name)
    # Exports hold what this reader may see; they must not linger in shared caches.
    response["Cache-Control"] = "private, no-store"
    return response


def download(
    request: HttpRequest, exporter: type[Exporter], fmt: str, slug: str, **parts: Any
) -> HttpResponse:
    municipality = get_object_or_404(Municipality, slug=slug)
    query = request.GET.copy()
    for name, value in parts.items():
        query[name] = str(value)
    try:
        return attachment(exporter(municipality, request.user, query).export(fmt))
    except LoginRequired:
        return redirect_to_login(request.get_full_path())
    except ExportFailed as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")


def download_view(exporter: type[Exporter], fmt: str) -> Callable[..., HttpResponse]:
    """The view behind an existing download URL."""

    def view(request: HttpRequest, slug: str, **parts: Any) -> HttpResponse:
        return download(request, exporter, fmt, slug, **parts)

    view.__name__ = f"{exporter.identifier.replace('-', '_')}_{fmt}"
    return view


def export_by_name(request: HttpRequest, slug: str, name: str, fmt: str) -> HttpResponse:
    """``/<slug>/exporte/<name>.<format>``: every exporter, parameters in the query string.

    The pages link their own download URLs; this one serves the exporters no page links
    (HSDS) and scripts that read the list of ``sozialplanung export --list``.
    """
    exporter = exporter_named(name)
    if exporter is None or fmt not in exporter.formats:
        raise Http404
    return download(request, exporter, fmt, slug)
