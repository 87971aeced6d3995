"""Fields of a council document from its normalised text.

Returns the fields in the shape of ``sozialplanung intake --json`` together with the
paths of uncertain fields and warnings for the user. Every rule is a small function;
the layouts they know are those of the samples and the evaluation set
(``evaluation/intake/README.md``).
"""

from __future__ import annotations

import re
from typing import Any

from sozialplanung.intake.classify import classify
from sozialplanung.intake.consultations import extract_consultations
from sozialplanung.intake.dates import FoundDate, find_dates
from sozialplanung.intake.labels import find_labelled
from sozialplanung.intake.letters import (
    PAGE_MARK,
    letter_subject,
    letterhead_office,
    papers_in_heading,
    read_letter,
)
from sozialplanung.intake.references import find_reference, find_session
from sozialplanung.intake.status import STATUS_PHRASES, STATUS_VALUES, decide, status_of

__all__ = ["STATUS_PHRASES", "STATUS_VALUES", "extract", "extract_vote", "status_of"]
LETTER = "beschlusskontrolle"

_REF_LABEL = re.compile(
    r"Beschlusskontrolle\s+zu|Vorlagen?[- ]?Nr\.?:?|Vorlage:|Drucksachen?[- ]?Nr\.?:?|"
    r"Drucksache:?|Antrag\s+Nr\.?:?|Beschluss\s+zu:?|Beschluss-Nr\.?:?|zur\s+Vorlage",
    re.I,
)
_DATE_LABELS = {
    "beschlussausfertigung": r"Sitzung(?:\s+des\s+[\w ]{3,40}?)?(?:\s+\([^)]*\))?\s+am:?|Sitzungsdatum:?|Datum\s+der\s+Sitzung:?|Beschlussdatum:?",
    "default": r"Datum:?|Datum\s+der\s+Vorlage:?|Erstellungsdatum:?|Dresden,?\s+den|vom:?",
}  # fmt: skip
# OCR reads the colon as a semicolon ("Gegenstand;").
_SUBJECT_LABEL = re.compile(r"^(Gegenstand|Betreff|Titel|Bezeichnung)\s*[:;]?\s*(.*)$", re.I)
_SUBMITTER_LABEL = re.compile(
    r"^(Eingereicht von|Einreicher(?:in)?|Antragsteller(?:in)?|Vorlage von|Verfasser|"
    r"Absender|Initiator)\s*:?\s*(.*)$",
    re.I,
)
_ITEMS_START = re.compile(
    r"^(Beschlussvorschlag|Beschl[uü]ss(?![-\s]*(?:zu\b|Nr))|Beschlusstext|Beschlussentwurf|Antragstext|"
    r"Der Stadtrat (?:beschließt|möge beschließen)|folgender Zwischenstand)\b.*:?$",
    re.I,
)
_ITEMS_END = re.compile(
    r"^(Sachverhalt|Begründung|Anlagen?|Anlagenverzeichnis|Finanzielle|bereits gefasste|"
    r"Abstimmungsergebnis|Mit freundlichen|\.\.\.|…|(?:zu|zum)\s+(?:Beschluss)?punkt\s+\d|"
    r"Beratungsergebnis|Nächste Beschlusskontrolle|Dresden, den|Dresden,\s+\d|Abstimmung\b)",
    re.I,
)
# "1. Text", "1.) Text", "„2. Text", and the number alone on its line (its text follows).
_NUMBERED = re.compile(r"^[„\"“]?(\d{1,2})\s*(?:\.\)|[.)])(?:\s+(.*))?$")
_STATUS_HEAD = re.compile(r"^(?:zu|zum)\s+(?:Beschluss)?punkt\s+(\d{1,2})\b\s*:?\s*(.*)$", re.I)
_NEXT_LETTER = re.compile(r"nächste\s+Beschlusskontrolle\s*:?", re.I)
_NEXT_ITEM = re.compile(
    r"nächster\s+Kontrolltermin\s*:?|nächste\s+Kontrolle\s*:?|Wiedervorlage\s*:?|"
    r"Kontrolltermin\s*:?",
    re.I,
)


def extract(text: str) -> tuple[dict[str, Any], set[str], list[str]]:
    lines = text.split("\n")
    uncertain: set[str] = set()
    warnings: list[str] = []
    doc_type = classify(text)
    fields: dict[str, Any] = {"doc_type": doc_type}
    if doc_type == "other":
        uncertain.add("doc_type")

    reference, repaired, labelled = extract_reference(text)
    fields["reference"] = reference
    if reference is None or repaired or not labelled:
        uncertain.add("reference")
    if repaired:
        warnings.append(f"Das Aktenzeichen wurde zu „{reference}“ berichtigt (Texterkennung).")

    if doc_type == LETTER and len(papers := papers_in_heading(lines)) > 1:
        uncertain.add("reference")
        warnings.append(
            "Der Brief berichtet zu mehreren Vorlagen ("
            + ", ".join(papers)
            + "); er wird der ersten zugeordnet. Für die weiteren bitte den Brief erneut "
            "einlesen und das Aktenzeichen ändern."
        )

    date = letter_date(lines) if doc_type == LETTER else extract_date(text, doc_type)
    fields["date"] = None
    if date is None:
        uncertain.add("date")
    elif not date.has_day:
        warnings.append("Das Datum ist unvollständig (nur Monat und Jahr lesbar).")
        uncertain.add("date")
    else:
        fields["date"] = date.date.isoformat()
        if date.damaged:
            uncertain.add("date")

    fields["session"] = extract_session(lines, doc_type)
    fields["subject"] = (doc_type == LETTER and letter_subject(lines)) or extract_subject(
        lines, doc_type
    )
    if not fields["subject"]:
        uncertain.add("subject")
    fields["submitter"] = (doc_type == LETTER and letterhead_office(lines)) or extract_submitter(
        lines, doc_type
    )
    fields["consultations"] = extract_consultations(lines)
    items = extract_items(lines, doc_type)
    status = extract_status(lines)
    if doc_type == LETTER and not status and (letter := read_letter(lines)):
        # No "zu Beschlusspunkt N" blocks: the letter quotes its points and writes after them.
        items, status = letter.items, letter.statuses
        uncertain |= letter.uncertain
    fields["items"] = items
    fields["item_status"] = status
    fields["next_control_date"] = next_control_date(lines, uncertain)
    next_control = fields["next_control_date"]
    if doc_type == LETTER:
        inferred: list[str] = []
        numbers = {item["number"] for item in items}
        for index, entry in enumerate(status):
            if entry["status"] is None:
                uncertain.add(f"item_status.{index}.status")
                warnings.append(f"Zu Beschlusspunkt {entry['number'] or 1} fehlt der Stand.")
            elif f"item_status.{index}.status" in uncertain:
                inferred.append(entry["number"] or "1")
            if numbers and entry["number"] not in numbers:
                uncertain.add(f"item_status.{index}.number")
        if inferred:
            warnings.append(
                f"Der Stand von Beschlusspunkt {', '.join(inferred)} steht nicht ausdrücklich "
                "im Brief, sondern ist aus dem Bericht erschlossen; bitte prüfen."
            )
        if next_control is None:
            uncertain.add("next_control_date")
    fields["vote"] = extract_vote(text)
    return fields, uncertain, warnings


def extract_reference(text: str) -> tuple[str | None, bool, bool]:
    """``(reference, repaired, found after a label)``."""
    for match in _REF_LABEL.finditer(text):
        window = text[match.end() : match.end() + 60]
        reference, repaired = find_reference(window)
        if reference:
            return reference, repaired, True
    head = "\n".join(text.split("\n")[:40])
    reference, repaired = find_reference(head)
    return reference, repaired, False


def extract_date(text: str, doc_type: str) -> FoundDate | None:
    labels = _DATE_LABELS.get(doc_type, _DATE_LABELS["default"])
    for match in re.finditer(rf"(?<![\w-])(?:{labels})", text, re.I):
        window = text[match.end() : match.end() + 40]
        if not window.strip() or (window.lstrip()[:1].isalpha() and not find_dates(window[:25])):
            continue
        found = find_dates(window)
        if found and found[0].start < 30:
            first = found[0]
            return FoundDate(
                first.date,
                match.end() + first.start,
                match.end() + first.end,
                first.damaged,
                first.has_day,
            )
    return None


def _paragraph(lines: list[str], start: int, stop: re.Pattern[str] | None = None) -> str:
    parts = []
    for line in lines[start:]:
        if not line.strip() or (stop and stop.match(line)) or line.rstrip().endswith(":"):
            break
        parts.append(line.strip())
    return " ".join(parts)


def extract_subject(lines: list[str], doc_type: str) -> str | None:
    if doc_type == "beschlusskontrolle":
        for index, line in enumerate(lines):
            if re.match(r"Beschlusskontrolle\s+zu", line, re.I):
                subject = _paragraph(lines, index + 1)
                return clean(subject) or None
    for index, line in enumerate(lines):
        match = _SUBJECT_LABEL.match(line)
        if match:
            subject = match.group(2).strip() or _paragraph(lines, _skip_blank(lines, index + 1))
            return clean(subject) or None
    return None


def _skip_blank(lines: list[str], index: int) -> int:
    while index < len(lines) and not lines[index].strip():
        index += 1
    return index


def extract_submitter(lines: list[str], doc_type: str) -> str | None:
    for index, line in enumerate(lines):
        match = _SUBMITTER_LABEL.match(line)
        if match:
            value = match.group(2).strip()
            following = _skip_blank(lines, index + 1)
            if not value and following < len(lines) and not _IS_LABEL.match(lines[following]):
                value = lines[following].strip()  # an empty label before the next one is empty
            return clean(value) or None
    head = lines[:40]
    if doc_type == "antrag" and (groups := motion_groups(head)):
        return groups
    for index, line in enumerate(head):
        if line.startswith("Geschäftsbereich"):
            value = line
            if line.endswith(",") and index + 1 < len(lines):
                value += " " + lines[index + 1]
            return clean(value)
    if doc_type == "vorlage":
        for line in head[:10]:
            if re.fullmatch(r"Der Oberbürgermeister|Die Oberbürgermeisterin", line.strip()):
                return line.strip()
    return None


_IS_LABEL = re.compile(r"^[\w ./-]{2,40}[:;]\s*$")


def motion_groups(head: list[str]) -> str | None:
    """A Dresden motion names its council groups under the heading "ANTRAG"
    ("Interfraktionell" / "Fraktion DIE LINKE, …"), up to the next label."""
    start = next((i for i, line in enumerate(head) if line.strip() == "ANTRAG"), None)
    if start is None:
        return None
    parts = []
    for line in head[start + 1 :]:
        text = line.strip()
        if not text:
            continue
        if _IS_LABEL.match(text) or _SUBJECT_LABEL.match(text) or len(parts) == 3:
            break
        parts.append(text)
    return clean(", ".join(parts)) or None


def extract_items(lines: list[str], doc_type: str) -> list[dict[str, str]]:
    start = next((i for i, line in enumerate(lines) if _ITEMS_START.match(line.strip())), None)
    labelled = start is not None
    if start is None:
        if doc_type not in ("beschlusskontrolle", "beschlussausfertigung"):
            return []
        start = 0
    items: list[dict[str, Any]] = []
    # Text under the label before any number: an unnumbered resolution is one point.
    unnumbered: list[str] = []
    blank = False
    for line in lines[start + 1 :]:
        text = line.strip()
        if not text:
            blank = True
            continue
        if _ITEMS_END.match(text):
            break
        if PAGE_MARK.match(text):
            continue
        numbered = _NUMBERED.match(text)
        if numbered and int(numbered.group(1)) == len(items) + 1:
            rest = numbered.group(2)
            items.append({"number": numbered.group(1), "parts": [rest] if rest else []})
        elif blank and _looks_like_signature(text) and (items or unnumbered):
            break
        elif items:
            items[-1]["parts"].append(text)
        elif not text.endswith(":"):  # "Der Stadtrat möge beschließen:" leads in
            unnumbered.append(text)
        blank = False
    if not items and unnumbered and labelled and doc_type != "beschlusskontrolle":
        return [{"number": None, "text": clean_item(" ".join(unnumbered))}]
    return [
        {"number": item["number"], "text": clean_item(" ".join(item["parts"]))} for item in items
    ]


def _looks_like_signature(text: str) -> bool:
    return len(text) < 30 and not re.search(r"[.,;:!?)]$", text) and len(text.split()) <= 3


def clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def clean_item(text: str) -> str:
    text = clean(text)
    return text.strip('„“"”').strip()


def extract_status(lines: list[str]) -> list[dict[str, Any]]:
    """One entry per "zu Beschlusspunkt N" block, with the deciding sentence as evidence."""
    sections: list[tuple[str, list[str]]] = []
    current: list[str] | None = None
    for line in lines:
        text = line.strip()
        head = _STATUS_HEAD.match(text)
        if head:
            current = [head.group(2)] if head.group(2) else []
            sections.append((head.group(1), current))
            continue
        if _NEXT_LETTER.search(text) or re.match(r"Mit freundlichen", text, re.I):
            current = None
            continue
        if current is not None and text and not PAGE_MARK.match(text):
            current.append(text)
    result = []
    for number, body in sections:
        joined = clean(" ".join(body))
        status = status_of(joined)
        decision = decide(joined)
        evidence = decision.evidence if decision.status == status else ""
        result.append(
            {
                "number": number,
                "status": status,
                "next_control_date": item_next(joined),
                "evidence": evidence or (joined.split(". ")[0] if status else ""),
                "narrative": joined,
            }
        )
    return result


def next_control_date(lines: list[str], uncertain: set[str]) -> str | None:
    """The date after the (OCR-tolerant) label "Nächste Beschlusskontrolle"; a month and
    year alone ("06/2017") is no date."""
    for found in find_labelled(lines, "Nächste Beschlusskontrolle"):
        dates = [d for d in find_dates(found.rest) if d.has_day]
        if dates:
            if dates[0].damaged:
                uncertain.add("next_control_date")
            return dates[0].date.isoformat()
    for line in lines:  # the label inside a longer line: "… erfüllt. Nächste Beschlusskontrolle:"
        match = _NEXT_LETTER.search(line)
        dates = find_dates(line[match.end() :]) if match else []
        if dates and dates[0].has_day:
            if dates[0].damaged:
                uncertain.add("next_control_date")
            return dates[0].date.isoformat()
    return None


def letter_date(lines: list[str]) -> FoundDate | None:
    """The date printed under the letterhead label "Datum", only there: on the label's
    line or one of the next two lines. A garbled date is no date (the body's dates are
    other events)."""
    for found in find_labelled(lines, "Datum", threshold=90.0, join_previous=False):
        candidates = [found.rest] if found.rest else []
        candidates += [line for line in lines[found.index + 1 : found.index + 6] if line.strip()][
            :2
        ]
        for candidate in candidates:
            dates = find_dates(candidate)
            if dates and dates[0].start < 6:
                return dates[0]
        return None
    return None


_SESSION_LABEL = re.compile(r"Sitzungs(?:nummer|-Nr\.?)\s*[:;]?\s*", re.I)


def extract_session(lines: list[str], doc_type: str) -> str | None:
    """The session number after "Sitzungsnummer:", else the first one in the head; a
    Vorlage or Antrag is written before its session, so one there is only a citation
    ("Beschluss P/005/2015" in a subject) unless labelled."""
    head = "\n".join(lines[:80])
    for match in _SESSION_LABEL.finditer(head):
        session = find_session(head[match.end() : match.end() + 40])
        if session:
            return session
    if doc_type in ("vorlage", "antrag"):
        return None
    return find_session(head)


def item_next(section: str) -> str | None:
    match = _NEXT_ITEM.search(section)
    if not match:
        return None
    found = find_dates(section[match.end() : match.end() + 40])
    return found[0].date.isoformat() if found else None


def extract_vote(text: str) -> dict[str, int] | None:
    patterns = {
        "yes": r"(?:Ja[- ]?Stimmen|Zustimmungen?|Dafür|Ja)\s*:?\s*(\d+)",
        "no": r"(?:Nein[- ]?Stimmen|Gegenstimmen|Ablehnungen?|Dagegen|Nein)\s*:?\s*(\d+)",
        "abstain": r"(?:Stimmenthaltungen?|Enthaltungen?)\s*:?\s*(\d+)",
    }
    vote: dict[str, int] = {}
    for key, pattern in patterns.items():
        match = re.search(pattern, text)
        if match:
            vote[key] = int(match.group(1))
    if "yes" not in vote or "no" not in vote:
        return None
    vote.setdefault("abstain", 0)
    return vote
