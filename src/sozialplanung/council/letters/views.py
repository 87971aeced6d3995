"""Downloads of a status letter as PDF or DOCX.

The letter is read through ``visible_to``; and since a letter quotes every item and
report of its resolution, a reader who may not see one of them gets a 404, too: a
public letter must not carry a confidential point to the public.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from sozialplanung.core.models import Municipality

from ..models import ResolutionItem, StatusLetter, StatusReport
from . import RENDERERS, build_letter_content
from .content import reports_for_letter


def readable_letter(request: HttpRequest, slug: str, pk: int) -> StatusLetter:
    municipality = get_object_or_404(Municipality, slug=slug)
    letter = get_object_or_404(
        StatusLetter.objects.visible_to(request.user).select_related(
            "resolution__paper__municipality", "resolution__meeting"
        ),
        pk=pk,
        resolution__municipality=municipality,
    )
    items = ResolutionItem.objects.filter(resolution=letter.resolution_id)
    if items.count() != items.visible_to(request.user).count():
        raise Http404
    report_ids = [r.pk for r in reports_for_letter(letter).values()]
    if StatusReport.objects.visible_to(request.user).filter(pk__in=report_ids).count() != len(
        report_ids
    ):
        raise Http404
    return letter


def letter_file(request: HttpRequest, slug: str, pk: int, extension: str) -> HttpResponse:
    letter = readable_letter(request, slug, pk)
    renderer = RENDERERS[extension]()
    content = build_letter_content(letter)
    response = HttpResponse(renderer.render(content), content_type=renderer.media_type)
    response["Content-Disposition"] = f'attachment; filename="{renderer.file_name(content)}"'
    # Non-public letters must not linger in shared caches.
    response["Cache-Control"] = "private, no-store"
    return response


def letter_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return letter_file(request, slug, pk, "pdf")


def letter_docx(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return letter_file(request, slug, pk, "docx")
