"""Status letters (Hausmitteilung "Beschlusskontrolle zu …") that quote the resolution.

Dresden's letters quote the resolution and write the state of each point after it:

* each point quoted on its own, its narrative after the closing quotation mark
  ("„2. dem Stadtrat …" / "… Der Beschlusspunkt ist teilweise erfüllt.");
* several points quoted together, one narrative for all of them;
* the number alone on its line ("1." / "„Die Oberbürgermeisterin …"), or all numbers
  first and the texts after them ("1." / "2." / "Der Oberbürgermeister …");
* OCR shapes of the number: "1.)", "„3*", "„4,", "„4..";
* a lead-in that is no point ("„Der Oberbürgermeister wird beauftragt,");
* an unnumbered resolution: one point without a number.

``read_letter`` splits the body (from "… kann zu … Beschluss gegeben werden:" to "Nächste
Beschlusskontrolle" or the closing greeting) into points and narratives and decides each
point's status from its narrative (``status.decide``), keeping the deciding sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sozialplanung.intake.labels import starts_with_label
from sozialplanung.intake.references import find_reference
from sozialplanung.intake.status import Decision, decide, states_status

#: A point label at the start of a line, with the shapes OCR gives it.
_POINT = re.compile(
    r"^[„\"“”']{0,2}\s*(\d{1,2})\s*(?:\.\)|\)|\.{1,2}|,|\*)(?=\s|$|[„\"“])\s*[„\"“]?\s*(.*)$"
)
_OPEN = re.compile(r"^[„\"“]|^''")
_CLOSE = re.compile(r"(?:[\"“”]|'')\s*[).]?\s*$")
#: A page mark between lines ("-2-", "2/5", "Seite 1 von 2"): no text of the document.
PAGE_MARK = re.compile(r"^(-\s?\d+\s?-|\d+\s?/\s?\d+|Seite \d+( von \d+)?)$")
_FRAMING = (
    (re.compile(r"abschließende", re.I), "umgesetzt"),
    (re.compile(r"Zwischen(?:stand|information|bericht)", re.I), "in Umsetzung"),
)
_BODY_START = re.compile(r"gegeben\s+werden\s*:?\s*$|folgende[rs]?\s+\w+\s+kann", re.I)
_ENDINGS = ("Nächste Beschlusskontrolle", "Mit freundlichen Grüßen", "Kenntnisnahme")


@dataclass
class Point:
    number: str | None
    text: list[str] = field(default_factory=list)
    narrative: list[str] = field(default_factory=list)
    group: int = 0


@dataclass
class Letter:
    items: list[dict[str, Any]]
    statuses: list[dict[str, Any]]
    uncertain: set[str]


def _is_ending(line: str) -> bool:
    return any(starts_with_label(line, label) for label in _ENDINGS) or bool(
        re.search(r"freundlichen\s+Gr|^\w{0,3}\s*Grüßen$", line)
    )


def body(lines: list[str]) -> tuple[int, int, str | None]:
    """(first, end) line indexes of the letter body, and the letter's framing status."""
    start = next((i + 1 for i, line in enumerate(lines) if _BODY_START.search(line)), None)
    if start is None:
        heading = heading_index(lines)
        if heading is None:
            return 0, 0, None
        start = heading + 1
    framing = None
    for pattern, status in _FRAMING:
        if pattern.search(" ".join(lines[max(0, start - 2) : start])):
            framing = status
            break
    end = next((i for i in range(start, len(lines)) if _is_ending(lines[i])), len(lines))
    return start, end, framing


def split_points(lines: list[str]) -> list[Point]:
    """The quoted points of a letter body, each with the narrative written after it."""
    state = _Splitter()
    for raw in lines:
        line = raw.strip()
        if line and not PAGE_MARK.match(line):
            state.feed(line)
    return state.finish()


@dataclass
class _Splitter:
    points: list[Point] = field(default_factory=list)
    # Quoted text before any number: a lead-in ("… wird beauftragt,") or an unnumbered point.
    lead: list[str] = field(default_factory=list)
    in_quote: bool = False
    narrating: bool = False
    group: int = 0
    # Numbers printed first, texts after them: the point whose sentence is being read.
    filling: Point | None = None
    # The current point's text opened without quotation mark: where it ends is unknown.
    unquoted: bool = False

    def feed(self, line: str) -> None:
        label = _POINT.match(line)
        if label and int(label.group(1)) == len(self.points) + 1:
            self.start_point(label.group(1), label.group(2), quoted="„" in line[: label.end(1) + 3])
        elif self.in_quote and self.unquoted and states_status(line):
            # Unquoted points: the sentence stating the status starts the narrative.
            self.in_quote = False
            self.narrate(line)
        elif self.in_quote:
            (self.points[-1].text if self.points else self.lead).append(line)
            self.in_quote = not _closes(line)
        elif _OPEN.match(line) and (not self.points or not self.points[-1].text):
            # A quotation opens the resolution only where a point's text is still due;
            # later, "„Neubau …“ wird …" in a narrative is a citation.
            (self.points[-1].text if self.points else self.lead).append(line)
            self.in_quote = not _closes(line[1:])
            self.filling = None
        elif self.filling is not None and not _ends_sentence(self.filling.text[-1]):
            self.filling.text.append(line)
        elif (empty := [p for p in self.points if not p.text]) and not self.narrating:
            self.filling = empty[0]
            self.filling.text.append(line)
        else:
            self.filling = None
            self.narrate(line)

    def start_point(self, number: str, rest: str, *, quoted: bool) -> None:
        if self.narrating:
            self.group += 1
            self.narrating = False
        self.filling = None
        self.unquoted = bool(rest) and not quoted and not self.in_quote
        self.points.append(Point(number, [rest] if rest else [], group=self.group))
        if rest:
            # A numbered text is resolution text until its quotation closes.
            self.in_quote = not _closes(rest)
        elif quoted:
            self.in_quote = True

    def narrate(self, line: str) -> None:
        if not self.points and self.lead and not _is_lead_in(self.lead):
            self.points.append(Point(None, self.lead[:], group=self.group))
        if not self.points:
            return  # "Beschluss:" and the like before the first point
        self.narrating = True
        for point in self.points:
            if point.group == self.group:
                point.narrative.append(line)

    def finish(self) -> list[Point]:
        if not self.points and self.lead and not _is_lead_in(self.lead):
            self.points.append(Point(None, self.lead))
        return self.points


def _closes(line: str) -> bool:
    return bool(_CLOSE.search(line))


def _ends_sentence(line: str) -> bool:
    return line.rstrip().endswith((".", "!", "?", '"', "“", "”", "''"))


def _is_lead_in(lead: list[str]) -> bool:
    return lead[-1].rstrip().endswith((",", ":"))


def read_letter(lines: list[str]) -> Letter | None:
    """Points and statuses of a letter that quotes its resolution; None when it does not."""
    start, end, framing = body(lines)
    if end <= start:
        return None
    points = split_points(lines[start:end])
    if not points:
        return None
    items: list[dict[str, Any]] = []
    statuses: list[dict[str, Any]] = []
    uncertain: set[str] = set()
    for index, point in enumerate(points):
        text = " ".join(" ".join(point.text).split()).strip("„“\"”' ")
        items.append({"number": point.number, "text": text})
        narrative = " ".join(point.narrative)
        decision: Decision = decide(narrative, framing=framing)
        statuses.append(
            {
                "number": point.number,
                "status": decision.status,
                "next_control_date": None,
                "evidence": decision.evidence,
                "narrative": " ".join(narrative.split()),
            }
        )
        if not decision.certain:
            uncertain.add(f"item_status.{index}.status")
        if point.number is None:
            uncertain.add(f"items.{index}.number")
    return Letter(items, statuses, uncertain)


_OFFICE_START = re.compile(r"^(?:Geschäftsbereich\b|Beigeordnete[r]?\s+für\b)")
#: Letterhead fragments between the parts of a split office name ("vertraulich", "•").
_HEAD_NOISE = re.compile(r"^(?:\W*\s*\w?\s*vertraulich|\W{1,4}|\w)$", re.I)
_HEAD_STOP = re.compile(
    r"^(?:An alle|GZ|Datum|Fraktionen|des Stadtrates|Landeshauptstadt|[({]GB|Dresden\.|"
    r"Hausmitteilung|Beschlusskontrolle)",
    re.I,
)


def heading_index(lines: list[str]) -> int | None:
    """The line "Beschlusskontrolle zu <reference> (Sitzungsnummer: …)"."""
    return next(
        (
            i
            for i, line in enumerate(lines[:80])
            if starts_with_label(line, "Beschlusskontrolle zu")
        ),
        None,
    )


def letterhead_office(lines: list[str]) -> str | None:
    """The office in the letterhead, its parts joined where columns split it
    ("Geschäftsbereich Finanzen und" / "vertraulich" / "Liegenschaften")."""
    stop = heading_index(lines) or min(len(lines), 40)
    for index, line in enumerate(lines[:stop]):
        if not _OFFICE_START.match(line.strip()):
            continue
        value = line.strip()
        for following in lines[index + 1 : stop]:
            text = following.strip()
            if not text or _HEAD_NOISE.match(text):
                continue
            if _HEAD_STOP.match(text):
                break
            if (
                value.endswith((",", " und", " für"))
                or value == "Geschäftsbereich"
                or text[:1].islower()
            ):
                value = f"{value} {text}"
                continue
            break
        return " ".join(value.split())
    return None


def letter_subject(lines: list[str]) -> str | None:
    """The lines after the heading up to the salutation, joined with one space."""
    heading = heading_index(lines)
    if heading is None:
        return None
    parts = []
    for line in lines[heading + 1 : heading + 12]:
        text = line.strip()
        if not text:
            continue
        if starts_with_label(text, "Sehr geehrte") or _BODY_START.search(text):
            break
        parts.append(text)
    return " ".join(" ".join(parts).split()) or None


def papers_in_heading(lines: list[str]) -> list[str]:
    """Every paper the heading names: a letter may report on two ("Beschlusskontrolle zu
    A0772/13 (…) / … / und A0116/15 (…)")."""
    heading = heading_index(lines)
    if heading is None:
        return []
    found: list[str] = []
    for line in lines[heading : heading + 6]:
        if starts_with_label(line, "Sehr geehrte"):
            break
        text = re.sub(r"[({]?Sitzungs\w*\s*[:;]?\s*[^)]*\)", " ", line)
        reference, _repaired = find_reference(text)
        first = line is lines[heading]
        if reference and reference not in found and (first or re.match(r"^und\b", line.strip())):
            found.append(reference)
    return found
