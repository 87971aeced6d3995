from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from sozialplanung.core.management.base import CLI_ACTOR, MunicipalityCommand
from sozialplanung.core.models import Municipality
from sozialplanung.offers.importers import import_offers


class Command(MunicipalityCommand):
    help = (
        "Angebote aus einer CSV- oder Excel-Datei einlesen (Spalten: Name, Träger,"
        " Angebotsart, Zielgruppen, Straße, PLZ, Ort, Breitengrad, Längengrad, Plätze je"
        " Termin, Termine je Woche, Kapazität, Besuche je Jahr, Status, E-Mail, Telefon,"
        " Webseite, Öffnungszeiten, Beschreibung, Zuletzt bestätigt; siehe docs/hsds.md)."
        " Alles oder nichts: bei einem Fehler wird nichts gespeichert. Mögliche Dubletten"
        " (gleicher Träger, ähnlicher Name, höchstens 50 m entfernt) werden nicht"
        " importiert, sondern zur Prüfung aufgelistet."
    )

    def add_command_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, metavar="DATEI", help="CSV- oder XLSX-Datei")

    def handle_municipality(self, municipality: Municipality, options: dict[str, Any]) -> None:
        result = import_offers(
            options["file"],
            municipality=municipality,
            acting_user=CLI_ACTOR,
            progress=self.progress_callback(options),
        )
        self.stdout.write(f"{result.file}: {result.summary()}")
        for line in result.duplicates:
            self.stdout.write(f"  Dublette? {line}")
