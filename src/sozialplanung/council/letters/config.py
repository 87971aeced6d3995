"""Municipality-specific texts of the status letter, from JSON files (see texts/README.md).

Kept in files, not in the database: they change once per election period, are reviewed
like code, and a new municipality starts with the German defaults.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

TEXTS_DIR = Path(__file__).resolve().parent / "texts"


@dataclass(frozen=True)
class Acknowledger:
    name: str
    title: str


@dataclass(frozen=True)
class LetterTexts:
    city: str
    department: str
    file_reference: str
    document_kind: str
    addressees: str
    salutation: str
    intro: str
    point_heading: str
    responsible_office: str
    next_control: str
    closing: str
    signatory_name: str
    signatory_title: str
    acknowledgement_label: str
    acknowledgers: tuple[Acknowledger, ...]
    status_sentences: dict[str, str]
    first_control_after_months: int

    def status_sentence(self, status: str) -> str:
        return self.status_sentences.get(status) or self.status_sentences.get("", "")


@cache
def _read(name: str) -> dict[str, Any]:
    path = TEXTS_DIR / f"{name}.json"
    if not path.exists():
        return {}
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def letter_texts(slug: str, municipality_name: str) -> LetterTexts:
    """The texts for one municipality: its file over the German defaults."""
    data = {**_read("default"), **_read(slug)} if slug != "default" else dict(_read("default"))
    sentences = {**_read("default")["status_sentences"], **data.get("status_sentences", {})}

    def text(key: str) -> str:
        return str(data.get(key, "")).replace("{municipality}", municipality_name)

    return LetterTexts(
        city=text("city"),
        department=text("department"),
        file_reference=text("file_reference"),
        document_kind=text("document_kind"),
        addressees=text("addressees"),
        salutation=text("salutation"),
        intro=text("intro"),
        point_heading=text("point_heading"),
        responsible_office=text("responsible_office"),
        next_control=text("next_control"),
        closing=text("closing"),
        signatory_name=text("signatory_name"),
        signatory_title=text("signatory_title"),
        acknowledgement_label=text("acknowledgement_label"),
        acknowledgers=tuple(
            Acknowledger(name=str(a.get("name", "")), title=str(a.get("title", "")))
            for a in data.get("acknowledgers", [])
        ),
        status_sentences=sentences,
        first_control_after_months=int(data.get("first_control_after_months", 6)),
    )
