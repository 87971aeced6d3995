from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from sozialplanung.core.management.base import CLI_ACTOR, MunicipalityCommand
from sozialplanung.core.models import Municipality
from sozialplanung.offers.importers.address_list import import_address_list


class Command(MunicipalityCommand):
    help = (
        "Die Adressliste der Kommune aus einer CSV- oder Excel-Datei einlesen (Spalten:"
        " Straße, Hausnummer, PLZ, Breite, Länge; WGS84). Ersetzt die bisherige Liste;"
        " das Angebotsformular findet darin den Punkt zur eingegebenen Adresse."
        " Alles oder nichts: bei einem Fehler wird nichts gespeichert."
    )

    def add_command_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, metavar="DATEI", help="CSV- oder XLSX-Datei")

    def handle_municipality(self, municipality: Municipality, options: dict[str, Any]) -> None:
        count = import_address_list(
            options["file"], municipality=municipality, acting_user=CLI_ACTOR
        )
        self.stdout.write(f"{options['file']}: {count} Adressen eingelesen.")
