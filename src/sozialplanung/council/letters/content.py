"""What a status letter says, as plain data: built from the database once (``compose``),
rendered twice, and stored as JSON when the letter is released.

``LetterContent`` knows nothing of Django; the renderers (PDF, DOCX) take only it, so
they can be tested and previewed without a database.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass
from typing import Any

from sozialplanung.core.visibility import Visibility

from .config import Acknowledger

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
    # "Zuständig: Sozialamt": the responsible office by name, never by its code.
    office_line: str = ""


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


def content_to_json(content: LetterContent) -> dict[str, Any]:
    """The letter as JSON values, stored in a released letter (``StatusLetter.content``)."""
    data = asdict(content)
    data["date"] = content.date.isoformat()
    return data


def content_from_json(data: dict[str, Any]) -> LetterContent:
    """The stored letter back, exactly as it was released."""
    values = dict(data)
    values["date"] = dt.date.fromisoformat(values["date"])
    values["points"] = tuple(QuotedPoint(**p) for p in values["points"])
    values["answers"] = tuple(
        PointAnswer(
            heading=a["heading"],
            status_sentence=a["status_sentence"],
            paragraphs=tuple(a.get("paragraphs", ())),
            measures=tuple(a.get("measures", ())),
            office_line=a.get("office_line", ""),
        )
        for a in values["answers"]
    )
    values["acknowledgers"] = tuple(Acknowledger(**a) for a in values["acknowledgers"])
    for key in ("addressees", "signatory_title"):
        values[key] = tuple(values[key])
    return LetterContent(**values)
