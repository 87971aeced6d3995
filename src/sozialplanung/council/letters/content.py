"""What a status letter says, as plain data: built from the database once, rendered twice.

``LetterContent`` knows nothing of Django; the renderers (PDF, DOCX) take only it, so
they can be tested and previewed without a database.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sozialplanung.core.visibility import Visibility, strictest

from ..models import StatusLetter, StatusReport
from .config import Acknowledger, letter_texts

MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)

# Printed in the sender block; public letters carry no mark.
VISIBILITY_MARKS = {
    Visibility.NON_PUBLIC: "nicht öffentlich",
    Visibility.CONFIDENTIAL: "vertraulich",
}


def german_long_date(day: dt.date) -> str:
    """30. September 2025"""
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class QuotedPoint:
    """One resolution point as the council decided it."""

    number: str
    text: str


@dataclass(frozen=True)
class PointAnswer:
    """The section "zu Beschlusspunkt N:" with the status sentence and the narrative."""

    heading: str
    status_sentence: str
    paragraphs: tuple[str, ...] = ()
    # The linked measures and their status (see ``StatusLetter.cited_measures``).
    measures: tuple[str, ...] = ()


MEASURES_HEADING = "Stand der zugeordneten Maßnahmen:"


@dataclass(frozen=True)
class LetterContent:
    city: str
    department: str
    file_reference: str
    date: dt.date
    reference: str
    session_number: str
    subject: str
    addressees: tuple[str, ...]
    salutation: str
    intro: str
    points: tuple[QuotedPoint, ...]
    answers: tuple[PointAnswer, ...]
    next_control: str
    closing: str
    signatory_name: str
    signatory_title: tuple[str, ...]
    acknowledgement_label: str
    acknowledgers: tuple[Acknowledger, ...]
    visibility: str = Visibility.PUBLIC
    document_kind: str = ""
    draft: bool = False

    @property
    def subject_line(self) -> str:
        session = f" (Sitzungsnummer: {self.session_number})" if self.session_number else ""
        return f"Beschlusskontrolle zu {self.reference}{session}"

    @property
    def measures_heading(self) -> str:
        return MEASURES_HEADING

    @property
    def date_text(self) -> str:
        return f"{self.date:%d.%m.%Y}"

    @property
    def visibility_mark(self) -> str:
        return VISIBILITY_MARKS.get(Visibility(self.visibility), "")

    def file_name(self, extension: str) -> str:
        """Beschlusskontrolle_V2696-24_2024-10-08.pdf"""
        reference = re.sub(r"[^A-Za-z0-9_-]+", "-", self.reference).strip("-") or "Beschluss"
        return f"Beschlusskontrolle_{reference}_{self.date.isoformat()}.{extension}"


def paragraphs(text: str) -> tuple[str, ...]:
    """Blank lines separate paragraphs; single line breaks are typing, not structure."""
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    return tuple(" ".join(line.strip() for line in b.splitlines()) for b in blocks if b.strip())


def reports_for_letter(letter: StatusLetter) -> dict[int, StatusReport]:
    """Per item the report the letter states: its own, or (draft) the item's newest."""
    chosen: dict[int, StatusReport] = {}
    for report in letter.reports.order_by("date", "id"):
        chosen[report.item_id] = report
    if letter.state == StatusLetter.State.DRAFT:
        newest = StatusReport.objects.filter(item__resolution=letter.resolution_id).order_by(
            "item_id", "-date", "-id"
        )
        for report in newest:
            chosen.setdefault(report.item_id, report)
    return chosen


def build_letter_content(letter: StatusLetter) -> LetterContent:
    resolution = letter.resolution
    paper = resolution.paper
    municipality = paper.municipality
    texts = letter_texts(municipality.slug, municipality.name)
    items = list(resolution.items.order_by("order", "id"))
    reports = reports_for_letter(letter)

    answers = []
    for item in items:
        report = reports.get(item.id)
        answers.append(
            PointAnswer(
                heading=texts.point_heading.replace("{number}", item.number),
                status_sentence=texts.status_sentence(report.status if report else ""),
                paragraphs=paragraphs(report.narrative) if report else (),
                measures=tuple((letter.cited_measures or {}).get(str(item.id), ())),
            )
        )
    next_control = letter.next_control_date or min(
        (r.next_control_date for r in reports.values() if r.next_control_date), default=None
    )
    visibility = strictest(
        letter.visibility,
        resolution.visibility,
        paper.visibility,
        *(i.visibility for i in items),
        *(r.visibility for r in reports.values()),
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
