"""What a status letter says, read from the database: live for a draft, stored once released.

Each point states its current status: the newest report that is either published (the
council and the public know it already, however old) or part of this letter (published
when the letter is released). A point finished long ago therefore still reads "Der
Beschlusspunkt ist umgesetzt.", as the real letters restate every point. The narrative
is that of the reports since the last released letter: what the council has not read
in a letter yet. A released letter is rendered from ``StatusLetter.content``, written
at release, so that no later import or edit rewrites what the council received; a
letter released before contents were stored (``content`` empty) is composed as of its
release (only reports published by then).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from sozialplanung.core.visibility import strictest

from ..models import Resolution, ResolutionItem, StatusLetter, StatusReport
from .citations import measure_citations
from .config import letter_texts
from .content import (
    LetterContent,
    PointAnswer,
    QuotedPoint,
    content_from_json,
    german_long_date,
    paragraphs,
)

FINISHED = frozenset({StatusReport.Status.DONE, StatusReport.Status.SUPERSEDED})


@dataclass(frozen=True)
class PointReports:
    """Per resolution point: the report whose status the letter states, and the reports
    whose narrative it tells (those since the last released letter), oldest first."""

    status: StatusReport | None
    told: tuple[StatusReport, ...]


def _previous_letter_date(letter: StatusLetter) -> dt.date | None:
    """The date of the last letter released before this one (None: it is the first)."""
    earlier = letter.resolution.letters.filter(state=StatusLetter.State.RELEASED)
    if letter.pk:
        earlier = earlier.exclude(pk=letter.pk)
    if letter.released_at:
        earlier = earlier.filter(released_at__lt=letter.released_at)
    return earlier.order_by("-released_at", "-date").values_list("date", flat=True).first()


def stated_reports(
    letter: StatusLetter, *, attached: Iterable[StatusReport] = ()
) -> dict[int, PointReports]:
    """Per item id the reports the letter states (see the module docstring).

    ``attached`` are reports to treat as part of the letter besides its own: those a
    draft would collect, for a preview of a letter not yet drafted.
    """
    released_at = letter.released_at if letter.state == StatusLetter.State.RELEASED else None
    published = Q(published_at__isnull=False)
    if released_at is not None:
        # A letter released before the present states what was known at its release.
        published &= Q(published_at__lte=released_at)
    own = Q(letter=letter) if letter.pk else Q(pk__in=[])
    extra = {r.pk for r in attached}
    reports = (
        StatusReport.objects.filter(item__resolution=letter.resolution_id)
        .filter(own | published | Q(pk__in=extra))
        .select_related("office")
        .order_by("date", "id")
    )
    previous = _previous_letter_date(letter)
    chosen: dict[int, list[StatusReport]] = {}
    told: dict[int, list[StatusReport]] = {}
    for report in reports:
        chosen.setdefault(report.item_id, []).append(report)
        in_this = report.pk in extra or (letter.pk and report.letter_id == letter.pk)
        untold = report.letter_id is None and (previous is None or report.date > previous)
        if in_this or untold:
            told.setdefault(report.item_id, []).append(report)
    return {
        item_id: PointReports(status=found[-1], told=tuple(told.get(item_id, ())))
        for item_id, found in chosen.items()
    }


def newest_open_reports(resolution: Resolution) -> dict[int, StatusReport]:
    """Per item id: its newest report that is not part of a released letter."""
    reports = (
        StatusReport.objects.filter(item__resolution=resolution)
        .exclude(letter__state=StatusLetter.State.RELEASED)
        .order_by("item_id", "-date", "-id")
    )
    newest: dict[int, StatusReport] = {}
    for report in reports:
        newest.setdefault(report.item_id, report)
    return newest


def preview_draft(resolution: Resolution, day: dt.date) -> tuple[StatusLetter, list[StatusReport]]:
    """The draft a planner would get today, unsaved (for the command line): the letter
    and the reports it would collect (``build_letter_content(letter, attached=…)``)."""
    own = strictest(resolution.visibility, resolution.paper.visibility)
    proposed = proposed_next_control(resolution, day)
    letter = StatusLetter(
        resolution=resolution,
        date=day,
        visibility=own,
        next_control_date=proposed if proposed and proposed >= day else None,
        cited_measures=measure_citations(resolution, own),
    )
    return letter, list(newest_open_reports(resolution).values())


def proposed_next_control(resolution: Resolution, day: dt.date) -> dt.date | None:
    """The next control date a new letter suggests: the earliest next control date of the
    unfinished points' latest reports (published or not), as the offices set them.

    It may lie before ``day`` (a stale report): the draft form then asks to confirm it.
    """
    dates = []
    for item in resolution.items.all():
        latest = item.reports.order_by("-date", "-id").first()
        if latest is not None and latest.status not in FINISHED and latest.next_control_date:
            dates.append(latest.next_control_date)
    return min(dates, default=None)


def build_letter_content(
    letter: StatusLetter, *, attached: Iterable[StatusReport] = ()
) -> LetterContent:
    """The released letter as stored, or a draft as it reads now."""
    if letter.state == StatusLetter.State.RELEASED and letter.content:
        return content_from_json(letter.content)
    return compose_letter_content(letter, attached=attached)


def _office_name(item: ResolutionItem, report: StatusReport | None) -> str:
    office = item.responsible_office or (report.office if report else None)
    return office.name if office else ""


def compose_letter_content(
    letter: StatusLetter, *, attached: Iterable[StatusReport] = ()
) -> LetterContent:
    """The letter from the records as they are now (a draft, or a letter being released)."""
    resolution = letter.resolution
    paper = resolution.paper
    municipality = paper.municipality
    texts = letter_texts(municipality.slug, municipality.name)
    items = list(resolution.items.select_related("responsible_office").order_by("order", "id"))
    stated = stated_reports(letter, attached=attached)
    empty = PointReports(status=None, told=())
    answers = []
    for item in items:
        point = stated.get(item.id, empty)
        office = _office_name(item, point.status)
        answers.append(
            PointAnswer(
                heading=texts.point_heading.replace("{number}", item.number),
                status_sentence=texts.status_sentence(point.status.status if point.status else ""),
                paragraphs=tuple(p for r in point.told for p in paragraphs(r.narrative)),
                measures=tuple((letter.cited_measures or {}).get(str(item.id), ())),
                office_line=texts.responsible_office.replace("{office}", office) if office else "",
            )
        )
    next_control = letter.next_control_date
    visibility = strictest(
        letter.visibility,
        resolution.visibility,
        paper.visibility,
        *(i.visibility for i in items),
        *(r.visibility for p in stated.values() for r in (p.status, *p.told) if r is not None),
    )
    return LetterContent(
        city=texts.city,
        department=letter.sender or texts.department,
        file_reference=letter.file_reference or texts.file_reference,
        date=letter.date,
        reference=paper.reference,
        session_number=resolution.meeting.session_number if resolution.meeting else "",
        subject=paper.name,
        addressees=tuple((letter.addressees or texts.addressees).splitlines()),
        salutation=texts.salutation,
        intro=texts.intro,
        points=tuple(QuotedPoint(i.number, " ".join(i.text.split())) for i in items),
        answers=tuple(answers),
        next_control=texts.next_control.replace("{date}", german_long_date(next_control))
        if next_control
        else "",
        closing=texts.closing,
        signatory_name=texts.signatory_name,
        signatory_title=tuple(texts.signatory_title.splitlines()),
        acknowledgement_label=texts.acknowledgement_label,
        acknowledgers=texts.acknowledgers,
        visibility=visibility,
        document_kind=texts.document_kind,
        draft=letter.state == StatusLetter.State.DRAFT,
    )


def stated_report_ids(letter: StatusLetter) -> list[int]:
    """Every report the letter quotes (status or narrative), for the reading check."""
    return sorted({r.pk for p in stated_reports(letter).values() for r in (p.status, *p.told) if r})
