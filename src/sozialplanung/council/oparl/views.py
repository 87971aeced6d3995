"""The OParl 1.1 endpoints: System, bodies, external lists and single objects.

Every view reads as the anonymous public, whoever is logged in (see ``queries``).
Something that is not public answers exactly like something that does not exist.
"""

from __future__ import annotations

from typing import Any

from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.views.decorators.http import require_GET

from sozialplanung.core.models import Municipality
from sozialplanung.council.models import LegislativeTerm

from . import extension, queries, serializers
from .pagination import BadListRequest, ListRequest, paginate
from .serializers import KINDS, Context

NOT_FOUND = "Objekt nicht gefunden."
BODY_NOT_FOUND = "Körperschaft nicht gefunden."


def oparl_response(data: dict[str, Any], status: int = 200) -> JsonResponse:
    response = JsonResponse(
        data, status=status, json_dumps_params={"ensure_ascii": False, "indent": None}
    )
    # Public open data: any web page may read it (OParl recommends CORS).
    response["Access-Control-Allow-Origin"] = "*"
    return response


def error(message: str, status: int) -> JsonResponse:
    return oparl_response({"detail": message}, status=status)


def _municipality(slug: str) -> Municipality | None:
    return Municipality.objects.filter(slug=slug).first()


@require_GET
def system(request: HttpRequest) -> HttpResponse:
    return oparl_response(serializers.system(Context(request)))


@require_GET
def body_list(request: HttpRequest) -> HttpResponse:
    try:
        list_request = ListRequest.from_request(request)
        ctx = Context(request)
        records, pagination, links = paginate(
            Municipality.objects.all(), list_request, ctx.system_url + "bodies/"
        )
    except BadListRequest as exc:
        return error(str(exc), 400)
    terms: dict[int, list[LegislativeTerm]] = {}
    for term in LegislativeTerm.objects.filter(municipality__in=records).order_by("pk"):
        terms.setdefault(term.municipality_id, []).append(term)
    data = [serializers.body(m, Context(request, m), terms.get(m.pk, [])) for m in records]
    return oparl_response({"data": data, "pagination": pagination, "links": links})


@require_GET
def body(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = _municipality(slug)
    if municipality is None:
        return error(BODY_NOT_FOUND, 404)
    terms = list(LegislativeTerm.objects.filter(municipality=municipality).order_by("pk"))
    return oparl_response(serializers.body(municipality, Context(request, municipality), terms))


@require_GET
def object_list(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    municipality = _municipality(slug)
    if municipality is None:
        return error(BODY_NOT_FOUND, 404)
    ctx = Context(request, municipality)
    try:
        list_request = ListRequest.from_request(request)
        records, pagination, links = paginate(
            queries.records(kind, municipality), list_request, ctx.list_url(kind)
        )
    except BadListRequest as exc:
        return error(str(exc), 400)
    ctx.prepare(kind, records)
    data = [serializers.serialize(kind, record, ctx) for record in records]
    return oparl_response({"data": data, "pagination": pagination, "links": links})


def _record(slug: str, kind: str, pk: int) -> tuple[Municipality | None, Any]:
    municipality = _municipality(slug)
    if municipality is None:
        return None, None
    return municipality, queries.records(kind, municipality).filter(pk=pk).first()


@require_GET
def object_detail(request: HttpRequest, slug: str, kind: str, pk: int) -> HttpResponse:
    municipality, record = _record(slug, kind, pk)
    if record is None:
        return error(NOT_FOUND, 404)
    ctx = Context(request, municipality)
    ctx.prepare(kind, [record])
    return oparl_response(serializers.serialize(kind, record, ctx))


@require_GET
def file_content(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The accessUrl of a public file: our copy, else the source's, else its text.

    Our own uploads and copies kept by ``--download-files`` come from storage; an
    imported file without a copy redirects to where the source system serves it.
    ``?download=1`` (the downloadUrl) asks for an attachment.
    """
    _, record = _record(slug, "file", pk)
    if record is None or serializers.is_deleted("file", record):
        return error(NOT_FOUND, 404)
    download = request.GET.get("download") == "1"
    if record.content:
        return FileResponse(
            record.content.open("rb"),
            as_attachment=download,
            filename=record.file_name or None,
            content_type=record.mime_type or "application/octet-stream",
        )
    source = (record.download_url if download else "") or record.access_url
    if source:
        return HttpResponseRedirect(source)
    if record.text:
        return HttpResponse(record.text, content_type="text/plain; charset=utf-8")
    return error("Zu dieser Datei liegt kein Inhalt vor (nur Metadaten).", 404)


@require_GET
def extension_list(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    """A body's resolutions (``sozialplanung:resolutions`` of the body), paginated."""
    municipality = _municipality(slug)
    if municipality is None:
        return error(BODY_NOT_FOUND, 404)
    ctx = Context(request, municipality)
    try:
        records, pagination, links = paginate(
            queries.extension_records(kind, municipality),
            ListRequest.from_request(request),
            extension.list_url(ctx, kind),
        )
    except BadListRequest as exc:
        return error(str(exc), 400)
    data = [extension.SERIALIZERS[kind](record, ctx) for record in records]
    return oparl_response({"data": data, "pagination": pagination, "links": links})


@require_GET
def extension_detail(request: HttpRequest, slug: str, kind: str, pk: int) -> HttpResponse:
    municipality = _municipality(slug)
    record = (
        queries.extension_records(kind, municipality).filter(pk=pk).first()
        if municipality
        else None
    )
    if record is None:
        return error(NOT_FOUND, 404)
    return oparl_response(extension.SERIALIZERS[kind](record, Context(request, municipality)))


__all__ = ["KINDS"]
