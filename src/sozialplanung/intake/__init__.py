"""Document intake: council documents (text, PDF, scans) into structured drafts.

The contract the web flow and the CLI rely on:

``read_document(path, *, filename=None) -> IntakeResult`` reads plain text, a PDF with a
text layer, or a scanned PDF / image (OCR with Tesseract's German model when installed),
and returns the extracted fields in the shape printed by ``sozialplanung intake --json``::

    {"doc_type": "vorlage" | "beschlussausfertigung" | "antrag" | "beschlusskontrolle" | "other",
     "reference": "V2696/24", "date": "2024-03-26", "session": "SR/063/2024",
     "subject": "...", "submitter": "...",
     "consultations": [{"body": "...", "date": "YYYY-MM-DD", "public": true, "role": "beratend"}],
     "items": [{"number": "1", "text": "..."}],
     "item_status": [{"number": "1", "status": "umgesetzt", "next_control_date": null,
                      "evidence": "Der Beschlusspunkt ist umgesetzt.", "narrative": "..."}],
     "next_control_date": "2025-09-30",
     "vote": {"yes": 0, "no": 0, "abstain": 0}}

An item's ``number`` is null for a resolution printed without numbers (one item). In
``item_status``, ``evidence`` is the sentence of the document that decided the status
(empty where the status was inferred from the report; the path is then uncertain) and
``narrative`` the text written about the item.

Bad input (empty, binary, no text and no OCR, too large) raises ``IntakeError`` with a
German message; nothing is saved by reading.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class IntakeError(ValueError):
    """The document cannot be read; the message says why, in German."""


@dataclass
class IntakeResult:
    fields: dict[str, Any]
    # The normalised source text, shown beside the draft form.
    text: str
    # Paths of fields the extractor is unsure about: "reference", "items.1.text",
    # "item_status.0.status", …; the draft form marks them.
    uncertain: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)
    # "text", "pdf" or "ocr": how the text was obtained.
    source_kind: str = "text"


def read_document(path: Path, *, filename: str | None = None) -> IntakeResult:
    """Read a council document and extract its fields; see the module docstring."""
    from sozialplanung.intake.extract import extract
    from sozialplanung.intake.normalise import normalise_text
    from sozialplanung.intake.reading import read_text

    raw, source_kind = read_text(Path(path), filename)
    text = normalise_text(raw)
    if not text:
        raise IntakeError(f"Die Datei „{filename or Path(path).name}“ enthält keinen Text.")
    fields, uncertain, warnings = extract(text)
    if source_kind == "ocr":
        warnings.insert(0, "Der Text wurde per Texterkennung gelesen; bitte alle Felder prüfen.")
    return IntakeResult(
        fields=fields, text=text, uncertain=uncertain, warnings=warnings, source_kind=source_kind
    )


__all__ = ["IntakeError", "IntakeResult", "read_document"]
