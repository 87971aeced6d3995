"""The council's own data on pages, as council members know it from SessionNet or ALLRIS:
bodies with their members, meetings with their agendas (items in order, the papers on
them, their files), the files themselves, and one search (``search.py``).

Whatever OParl import or intake brought in shows here. Bodies, persons and meetings
carry no visibility of their own (OParl publishes them); agenda items, papers and files
do, and are read only through ``visible_to``. A file of a paper the reader may not see
is not shown and not served, whatever the file's own visibility says.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render

from sozialplanung.core.models import Municipality
from sozialplanung.core.pages import municipality_page, page_context
from sozialplanung.core.visibility import is_internal

from .models import AgendaItem, Body, Consultation, File, Meeting, Paper, Resolution

NAV = "council"
MEETINGS_SHOWN = 200


def readable_files(user: Any) -> QuerySet[File]:
    """Files ``user`` may read: their own visibility and, if any, their paper's."""
    papers = Paper.objects.visible_to(user)
    return File.objects.visible_to(user).filter(
        Q(paper__isnull=True) | Q(paper__in=papers), deleted=False
    )


def paper_files_and_agenda(user: Any, paper: Paper) -> dict[str, Any]:
    """For the paper page: its files, and the agenda items it was on (with their meeting)."""
    return {
        "files": readable_files(user).filter(paper=paper).order_by("role", "date", "name"),
        "agenda_items": AgendaItem.objects.visible_to(user)
        .filter(paper=paper, deleted=False, meeting__deleted=False)
        .select_related("meeting")
        .order_by("meeting__start", "order"),
    }


def _context(request: HttpRequest, municipality: Municipality, **extra: Any) -> dict[str, Any]:
    return {
        **page_context(request, municipality, NAV),
        "internal": is_internal(request.user),
        **extra,
    }


@municipality_page()
def bodies(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    found = (
        Body.objects.filter(municipality=municipality, deleted=False)
        .annotate(member_count=Count("memberships", filter=Q(memberships__deleted=False)))
        .order_by("kind", "name")
    )
    return render(request, "council/bodies.html", _context(request, municipality, bodies=found))


@municipality_page()
def body_detail(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    body = get_object_or_404(Body, municipality=municipality, pk=pk, deleted=False)
    memberships = (
        body.memberships.filter(deleted=False, person__deleted=False)
        .select_related("person")
        .order_by("end_date", "person__family_name", "person__name")
    )
    meetings = body.meetings.filter(deleted=False).order_by("-start")[:MEETINGS_SHOWN]
    return render(
        request,
        "council/body.html",
        _context(request, municipality, body=body, memberships=memberships, meetings=meetings),
    )


@municipality_page()
def meetings(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    found = (
        Meeting.objects.filter(municipality=municipality, deleted=False)
        .prefetch_related("bodies")
        .order_by("-start")
    )
    return render(
        request,
        "council/meetings.html",
        _context(
            request,
            municipality,
            meetings=found[:MEETINGS_SHOWN],
            total=found.count(),
            shown=MEETINGS_SHOWN,
        ),
    )


@municipality_page()
def meeting_detail(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    meeting = get_object_or_404(
        Meeting.objects.select_related("location").prefetch_related("bodies"),
        municipality=municipality,
        pk=pk,
        deleted=False,
    )
    files = readable_files(request.user)
    readable_papers = set(
        Paper.objects.visible_to(request.user)
        .filter(agenda_items__meeting=meeting)
        .values_list("pk", flat=True)
    )
    agenda = list(
        AgendaItem.objects.visible_to(request.user)
        .filter(meeting=meeting, deleted=False)
        .select_related("paper")
        .order_by("order", "id")
    )
    item_files: dict[int, list[File]] = {}
    for file in files.filter(agenda_item__in=agenda).order_by("name", "id"):
        item_files.setdefault(file.agenda_item_id or 0, []).append(file)
    for item in agenda:
        item.readable_paper = item.paper if item.paper_id in readable_papers else None
        item.readable_files = item_files.get(item.pk, [])
    meeting_files = files.filter(meeting=meeting, agenda_item__isnull=True).order_by("role", "name")
    # Papers reach a meeting through its agenda (OParl) or their consultation sequence
    # (intake, papers entered by hand): both are shown, the latter where no agenda is.
    consultations = (
        Consultation.objects.visible_to(request.user)
        .filter(meeting=meeting, paper__deleted=False)
        .select_related("paper", "body")
        .order_by("paper__reference")
    )
    resolutions = (
        Resolution.objects.visible_to(request.user)
        .filter(meeting=meeting, deleted=False)
        .select_related("paper")
        .order_by("paper__reference")
    )
    return render(
        request,
        "council/meeting.html",
        _context(
            request,
            municipality,
            meeting=meeting,
            agenda=agenda,
            meeting_files=meeting_files,
            consultations=consultations,
            resolutions=resolutions,
        ),
    )


INLINE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg", "image/gif", "text/plain"})


@municipality_page()
def file_content(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    """A file as the reader may read it: our copy, else the source system's address,
    else its extracted text."""
    record = get_object_or_404(readable_files(request.user), municipality=municipality, pk=pk)
    if record.content:
        mime = record.mime_type or "application/octet-stream"
        response: HttpResponse = FileResponse(
            record.content.open("rb"),
            filename=record.file_name or None,
            content_type=mime,
            # An imported file is someone else's content on our address: shown in the
            # browser only where it cannot run script (PDF, images, plain text), else saved.
            as_attachment=mime not in INLINE_TYPES,
        )
    elif record.access_url:
        return HttpResponseRedirect(record.access_url)
    elif record.text:
        response = HttpResponse(record.text, content_type="text/plain; charset=utf-8")
    else:
        raise Http404
    if request.user.is_authenticated:
        response["Cache-Control"] = "private, no-store"
    return response
