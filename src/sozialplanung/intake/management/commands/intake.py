"""sozialplanung intake FILE [--json]: read a council document into structured fields."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from sozialplanung.core.management.base import SozialplanungCommand
from sozialplanung.intake import IntakeError, IntakeResult, read_document

DOC_TYPE_LABELS = {
    "vorlage": "Vorlage",
    "beschlussausfertigung": "Beschlussausfertigung",
    "antrag": "Antrag",
    "beschlusskontrolle": "Beschlusskontrolle",
    "other": "unbekannt",
}
SOURCE_LABELS = {"text": "Textdatei", "pdf": "PDF mit Textebene", "ocr": "Texterkennung (OCR)"}


class Command(SozialplanungCommand):
    help = (
        "Liest ein Sitzungsdokument (Text, PDF oder Scan) und zeigt die erkannten Felder: "
        "Art, Aktenzeichen, Datum, Sitzung, Betreff, Beratungsfolge, Beschlusspunkte, "
        "Stand je Punkt und nächste Kontrolle. Speichert nichts."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "file", metavar="DATEI", help="Textdatei, PDF oder Bild (PNG, JPEG, TIFF)"
        )
        parser.add_argument(
            "--json",
            action="store_true",
            help="Die Felder als JSON ausgeben (Daten ISO 8601, null wo nichts steht)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Die Datei „{path}“ gibt es nicht.")
        try:
            result = read_document(path)
        except IntakeError as exc:
            raise CommandError(str(exc)) from None
        if options["json"]:
            self.stdout.write(json.dumps(result.fields, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(summary(result))


def _date(value: str | None) -> str:
    if not value:
        return "–"
    year, month, day = value.split("-")
    return f"{day}.{month}.{year}"


def summary(result: IntakeResult) -> str:
    f = result.fields
    mark = result.uncertain

    def flag(key: str) -> str:
        return "  (unsicher)" if key in mark else ""

    lines = [
        f"Dokumentart:       {DOC_TYPE_LABELS.get(f['doc_type'], f['doc_type'])}{flag('doc_type')}",
        f"Aktenzeichen:      {f['reference'] or '–'}{flag('reference')}",
        f"Datum:             {_date(f['date'])}{flag('date')}",
        f"Sitzung:           {f['session'] or '–'}",
        f"Betreff:           {f['subject'] or '–'}{flag('subject')}",
        f"Einreicher:        {f['submitter'] or '–'}",
        f"Gelesen als:       {SOURCE_LABELS.get(result.source_kind, result.source_kind)}",
    ]
    if f["consultations"]:
        lines.append("Beratungsfolge:")
        for row in f["consultations"]:
            public = {True: "öffentlich", False: "nicht öffentlich", None: "–"}[row["public"]]
            lines.append(f"  {_date(row['date'])}  {row['body']} ({row['role'] or '–'}, {public})")
    if f["items"]:
        lines.append("Beschlusspunkte:")
        for item in f["items"]:
            text = item["text"] if len(item["text"]) <= 100 else item["text"][:99] + "…"
            lines.append(f"  {item['number']}. {text}")
    if f["item_status"]:
        lines.append("Stand je Beschlusspunkt:")
        for index, entry in enumerate(f["item_status"]):
            status = entry["status"] or "nicht erkannt"
            nxt = (
                f", nächste Kontrolle {_date(entry['next_control_date'])}"
                if entry["next_control_date"]
                else ""
            )
            uncertain = "  (unsicher)" if f"item_status.{index}.status" in mark else ""
            lines.append(f"  Punkt {entry['number']}: {status}{nxt}{uncertain}")
    if f["next_control_date"]:
        lines.append(f"Nächste Beschlusskontrolle: {_date(f['next_control_date'])}")
    if f["vote"]:
        v = f["vote"]
        lines.append(
            f"Abstimmung:        {v['yes']} ja, {v['no']} nein, {v['abstain']} Enthaltungen"
        )
    for warning in result.warnings:
        lines.append(f"Hinweis: {warning}")
    return "\n".join(lines)
