"""The kind of a council document, from the words in its head."""

from __future__ import annotations

import re

DOC_TYPES = ("vorlage", "beschlussausfertigung", "antrag", "beschlusskontrolle", "other")

_KONTROLLE = re.compile(r"Beschlusskontrolle\s+zu|Sachstand\s+zu(?:m)?\s+Beschluss", re.I)
_AUSFERTIGUNG = re.compile(
    r"BESCHLUSSAUSFERTIGUNG|Beschlussausfertigung|Auszug aus der Niederschrift|Beschlussauszug"
)
_ANTRAG = re.compile(
    r"^\s*Antrag\b|\bAntrag\s+Nr|Eingereicht von|Antragsteller|\b[IVX]{1,4}-A-\d{4,5}\b", re.M
)
_VORLAGE = re.compile(
    r"\bVorlage\s*(?:Nr|-Nr)|\bBeschlussvorlage\b|\bSitzungsvorlage\b|\bDrucksache\b|^\s*Vorlage\b",
    re.M | re.I,
)


def classify(text: str) -> str:
    """One of ``DOC_TYPES``; the head (first 60 lines) decides, the letter types first."""
    head = "\n".join(text.split("\n")[:60])
    if _KONTROLLE.search(head) and re.search(r"Beschlusspunkt|Punkt\s+\d", text, re.I):
        return "beschlusskontrolle"
    if _AUSFERTIGUNG.search(head):
        return "beschlussausfertigung"
    if _ANTRAG.search(head):
        return "antrag"
    if _VORLAGE.search(head):
        return "vorlage"
    return "other"
