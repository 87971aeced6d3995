"""The kind of a council document, from the words in its head."""

from __future__ import annotations

import re

from sozialplanung.intake.labels import starts_with_label
from sozialplanung.intake.references import find_reference

DOC_TYPES = ("vorlage", "beschlussausfertigung", "antrag", "beschlusskontrolle", "other")

_KONTROLLE = re.compile(r"Beschlusskontrolle\s+zu|Sachstand\s+zu(?:m)?\s+Beschluss", re.I)
# A committee's recommendation to the council is printed like its resolution copy and
# read as one (its items are the recommended resolution).
_AUSFERTIGUNG = re.compile(
    r"BESCHLUSSAUSFERTIGUNG|Beschlussausfertigung|Auszug aus der Niederschrift|Beschlussauszug|"
    r"^\s*(?:BESCHLUSSEMPFEHLUNG|Beschlussempfehlung)\s*$",
    re.M,
)
_ANTRAG = re.compile(
    r"^\s*Antrag\b|\bAntrag\s+Nr|Eingereicht von|Antragsteller|\b[IVX]{1,4}-A-\d{4,5}\b", re.M
)
_VORLAGE = re.compile(
    r"\bVorlage\s*(?:Nr|-Nr)|\bBeschlussvorlage\b|\bSitzungsvorlage\b|\bDrucksache\b|^\s*Vorlage\b",
    re.M | re.I,
)


def is_status_letter(lines: list[str]) -> bool:
    """A heading "Beschlusskontrolle zu <reference>" (OCR: "Beschlusskontrolie zu AOllO/15")
    among the first lines, or "Sachstand zum Beschluss"."""
    for line in lines[:60]:
        if _KONTROLLE.match(line.strip()):
            return True
        if starts_with_label(line, "Beschlusskontrolle zu") and find_reference(line)[0]:
            return True
    return False


def classify(text: str) -> str:
    """One of ``DOC_TYPES``; the head (first 60 lines) decides, the letter types first."""
    lines = text.split("\n")
    head = "\n".join(lines[:60])
    if is_status_letter(lines):
        return "beschlusskontrolle"
    if _AUSFERTIGUNG.search(head):
        return "beschlussausfertigung"
    if _ANTRAG.search(head):
        return "antrag"
    if _VORLAGE.search(head):
        return "vorlage"
    return "other"
