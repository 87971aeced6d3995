from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from sozialplanung.areas.importers import IndicatorMapping, import_indicators
from sozialplanung.core.management.base import CLI_ACTOR, MunicipalityCommand
from sozialplanung.core.models import Municipality


class Command(MunicipalityCommand):
    help = (
        "Kennzahlen aus einer CSV- oder Excel-Datei einlesen; welche Spalte was bedeutet, sagt"
        " eine Zuordnung (JSON). Summen für Obergebiete und Anteile werden danach neu"
        " berechnet. Alles oder nichts: bei einem Fehler wird nichts gespeichert."
    )

    def add_command_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, metavar="DATEI", help="Die Datei mit den Werten")
        parser.add_argument(
            "--mapping",
            type=Path,
            required=True,
            metavar="ZUORDNUNG.json",
            help="Zuordnung der Spalten zu Gebieten, Zeiträumen und Kennzahlen",
        )

    def handle_municipality(self, municipality: Municipality, options: dict[str, Any]) -> None:
        result = import_indicators(
            options["file"],
            municipality=municipality,
            mapping=IndicatorMapping.from_file(options["mapping"]),
            acting_user=CLI_ACTOR,
            progress=self.progress_callback(options),
        )
        self.stdout.write(f"{result.file}: {result.summary()}")
