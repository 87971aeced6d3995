"""What the OParl server may publish: public records of one municipality, per kind.

Every queryset here reads as the anonymous public (``visible_to(None)``). Records
without a visibility of their own (bodies, persons, meetings …) are public by nature;
children of papers follow their paper. Prefetches keep the queries per page constant.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from sozialplanung.core.models import Municipality
from sozialplanung.council.models import (
    AgendaItem,
    Body,
    Consultation,
    File,
    LegislativeTerm,
    Location,
    Meeting,
    Membership,
    Paper,
    Person,
    Resolution,
    ResolutionItem,
    StatusReport,
)

PUBLIC = None  # the reader every query here reads as: nobody logged in


def public_papers() -> QuerySet[Any]:
    return Paper.objects.visible_to(PUBLIC)


def public_files() -> QuerySet[Any]:
    """Files readable by the public: their own visibility and, if any, their paper's."""
    return File.objects.visible_to(PUBLIC).filter(
        Q(paper__isnull=True) | Q(paper__in=public_papers())
    )


def public_agenda_items() -> QuerySet[Any]:
    return AgendaItem.objects.visible_to(PUBLIC).select_related("paper")


def _public_reports() -> QuerySet[Any]:
    return StatusReport.objects.visible_to(PUBLIC).order_by("date", "id")


def _public_items() -> QuerySet[Any]:
    return (
        ResolutionItem.objects.visible_to(PUBLIC)
        .select_related("responsible_office")
        .prefetch_related(Prefetch("reports", queryset=_public_reports(), to_attr="public_reports"))
        .order_by("order", "id")
    )


def _public_resolutions() -> QuerySet[Any]:
    return (
        Resolution.objects.visible_to(PUBLIC)
        .filter(deleted=False)
        .prefetch_related(Prefetch("items", queryset=_public_items(), to_attr="public_items"))
        .order_by("date", "id")
    )


def _resolutions() -> Prefetch:
    return Prefetch("resolutions", queryset=_public_resolutions(), to_attr="public_resolutions")


def extension_records(kind: str, municipality: Municipality) -> QuerySet[Any]:
    """Public resolutions, items and reports of the municipality's public papers."""
    resolutions = _public_resolutions().filter(
        paper__in=public_papers().filter(municipality=municipality, deleted=False)
    )
    if kind == "resolution":
        return resolutions
    items = _public_items().filter(resolution__in=resolutions)
    if kind == "resolutionitem":
        return items
    if kind == "statusreport":
        return _public_reports().filter(item__in=items)
    raise KeyError(kind)


def _agenda_item_files() -> Prefetch:
    return Prefetch(
        "files",
        queryset=public_files().select_related("paper", "meeting").order_by("pk"),
        to_attr="public_files",
    )


def _public_files_prefetch() -> Prefetch:
    return Prefetch(
        "files",
        queryset=public_files().select_related("paper", "meeting").order_by("pk"),
        to_attr="public_files",
    )


def records(kind: str, municipality: Municipality) -> QuerySet[Any]:
    """All publishable records of one kind (deleted ones included, as stubs)."""
    if kind == "organization":
        return Body.objects.filter(municipality=municipality).prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.only("pk", "body_id"))
        )
    if kind == "person":
        return Person.objects.filter(municipality=municipality).prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.order_by("pk"))
        )
    if kind == "membership":
        return Membership.objects.filter(municipality=municipality)
    if kind == "meeting":
        return (
            Meeting.objects.filter(municipality=municipality)
            .select_related("location")
            .prefetch_related(
                Prefetch("bodies", queryset=Body.objects.only("pk")),
                Prefetch(
                    "agenda_items",
                    queryset=public_agenda_items()
                    .order_by("order", "pk")
                    .prefetch_related(_agenda_item_files()),
                    to_attr="public_agenda_items",
                ),
                _public_files_prefetch(),
            )
        )
    if kind == "paper":
        return (
            public_papers()
            .filter(municipality=municipality)
            .prefetch_related(
                Prefetch("consultations", queryset=Consultation.objects.order_by("order", "pk")),
                _public_files_prefetch(),
                _resolutions(),
            )
        )
    if kind == "agendaitem":
        return (
            public_agenda_items()
            .filter(meeting__municipality=municipality)
            .select_related("meeting")
            .prefetch_related(_agenda_item_files())
        )
    if kind == "consultation":
        return (
            Consultation.objects.visible_to(PUBLIC)
            .filter(paper__municipality=municipality)
            .select_related("paper")
        )
    if kind == "file":
        return public_files().filter(municipality=municipality).select_related("paper", "meeting")
    if kind == "location":
        return Location.objects.filter(municipality=municipality)
    if kind == "legislativeterm":
        return LegislativeTerm.objects.filter(municipality=municipality)
    raise KeyError(kind)


def consultation_links(
    pairs: set[tuple[int, int]],
) -> tuple[dict[tuple[int, int], int], dict[tuple[int, int], int]]:
    """For (paper, meeting) pairs: the public consultation and agenda item of each.

    OParl links AgendaItem.consultation and Consultation.agendaItem; our model joins
    them through paper and meeting. Two queries for a whole page.
    """
    if not pairs:
        return {}, {}
    papers = {p for p, _ in pairs}
    meetings = {m for _, m in pairs}
    consultations = {
        (paper, meeting): pk
        for pk, paper, meeting in Consultation.objects.visible_to(PUBLIC)
        .filter(paper_id__in=papers, meeting_id__in=meetings)
        .order_by("-pk")
        .values_list("pk", "paper_id", "meeting_id")
    }
    items = {
        (paper, meeting): pk
        for pk, paper, meeting in public_agenda_items()
        .filter(paper_id__in=papers, meeting_id__in=meetings, public=True)
        .filter(paper__in=public_papers())
        .order_by("-pk")
        .values_list("pk", "paper_id", "meeting_id")
    }
    return consultations, items
