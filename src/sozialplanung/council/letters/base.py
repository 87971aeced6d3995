"""The status letter's layout, shared by every output format: sections as hook methods.

As in pretix's invoice renderer, the base class fixes the order of the sections and the
measurements (in mm, after DIN 5008 form B); a format implements one hook per section.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar

from .content import LetterContent, PointAnswer

# Page and margins (DIN 5008: left 25, right 20).
PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
MARGIN_LEFT_MM = 25
MARGIN_RIGHT_MM = 20
MARGIN_TOP_MM = 20
MARGIN_BOTTOM_MM = 20
# The address field of form B starts 45 mm from the top edge and is 85 mm wide; the
# information block (GZ, Datum) starts 125 mm from the left edge.
ADDRESS_TOP_MM = 45
ADDRESS_WIDTH_MM = 85
INFO_LEFT_MM = 125
# Space between the letterhead and the subject line, and for a handwritten signature.
SUBJECT_GAP_MM = 10
SIGNATURE_SPACE_MM = 14
# Indent of the quoted resolution points (room for "10.").
QUOTE_INDENT_MM = 8
FONT_SIZE_PT = 11
SMALL_FONT_SIZE_PT = 9
DRAFT_MARK = "ENTWURF"


class LetterRenderer(ABC):
    """Renders a ``LetterContent`` to the bytes of one file format."""

    extension: ClassVar[str]
    media_type: ClassVar[str]

    def render(self, content: LetterContent) -> bytes:
        self.start(content)
        self.draw_letterhead(content)
        self.draw_subject(content)
        self.draw_salutation(content)
        self.draw_resolution_points(content)
        for answer in content.answers:
            self.draw_answer(answer)
        if content.next_control:
            self.draw_next_control(content)
        self.draw_signature(content)
        if content.acknowledgers:
            self.draw_acknowledgement(content)
        return self.finish(content)

    def file_name(self, content: LetterContent) -> str:
        return content.file_name(self.extension)

    @abstractmethod
    def start(self, content: LetterContent) -> None:
        """Page set-up, fonts, language (German hyphenation), draft mark."""

    @abstractmethod
    def draw_letterhead(self, content: LetterContent) -> None:
        """Sender (city, department), visibility mark, addressees, GZ and date."""

    @abstractmethod
    def draw_subject(self, content: LetterContent) -> None:
        """ "Beschlusskontrolle zu … (Sitzungsnummer: …)" and the paper's subject."""

    @abstractmethod
    def draw_salutation(self, content: LetterContent) -> None:
        """Salutation and the introductory sentence."""

    @abstractmethod
    def draw_resolution_points(self, content: LetterContent) -> None:
        """The resolution as decided, numbered and in quotation marks."""

    @abstractmethod
    def draw_answer(self, answer: PointAnswer) -> None:
        """ "zu Beschlusspunkt N:", the status sentence, the responsible office, the
        narrative and the linked measures."""

    @abstractmethod
    def draw_next_control(self, content: LetterContent) -> None:
        """ "Nächste Beschlusskontrolle: …"."""

    @abstractmethod
    def draw_signature(self, content: LetterContent) -> None:
        """Closing, room to sign, name and function of the signatory."""

    @abstractmethod
    def draw_acknowledgement(self, content: LetterContent) -> None:
        """ "Kenntnisnahme:" with a place to sign for each acknowledger."""

    @abstractmethod
    def finish(self, content: LetterContent) -> bytes:
        """The finished file."""


def quoted(points: list[str]) -> list[str]:
    """German quotation marks around the whole resolution: „first … last“."""
    if not points:
        return points
    points = list(points)
    points[0] = "„" + points[0]
    points[-1] = points[-1] + "“"
    return points
