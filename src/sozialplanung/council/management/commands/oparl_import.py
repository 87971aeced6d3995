import datetime as dt
from argparse import ArgumentParser, ArgumentTypeError
from typing import Any

from sozialplanung.core.management.base import CLI_ACTOR, MunicipalityCommand
from sozialplanung.core.models import Municipality
from sozialplanung.council.oparl.importer import import_oparl


def iso_datetime(text: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ArgumentTypeError(
            f"„{text}“ ist kein Zeitpunkt nach ISO 8601 (z. B. 2024-01-31T00:00:00+01:00)"
        ) from None
    return value if value.tzinfo else value.astimezone()


class Command(MunicipalityCommand):
    help = (
        "Ratsdaten nach OParl 1.1 einlesen: von einem OParl-Server (Adresse des "
        "System-Objekts) oder aus einem Ordner mit JSON-Dateien. Alles oder nichts; ein "
        "zweiter Lauf aktualisiert statt zu verdoppeln."
    )

    def add_command_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "source",
            metavar="QUELLE",
            help="https://… (OParl-System) oder Pfad zu einem Ordner mit JSON-Dateien",
        )
        parser.add_argument(
            "--modified-since",
            type=iso_datetime,
            default=None,
            metavar="ZEITPUNKT",
            help="nur Objekte, die seit diesem Zeitpunkt (ISO 8601) geändert wurden",
        )
        parser.add_argument(
            "--accept-other-body",
            action="store_true",
            help="auch importieren, wenn Gemeindeschlüssel und Name der Körperschaft in der "
            "Quelle nicht zur Kommune passen (gewollt, z. B. Testdaten)",
        )
        parser.add_argument(
            "--download-files",
            action="store_true",
            help="den Inhalt jeder Datei herunterladen und selbst ausliefern "
            "(sonst verweist die Schnittstelle auf die Quelle)",
        )
        parser.add_argument(
            "--max-file-mb",
            type=float,
            default=None,
            metavar="MB",
            help="größte Datei, die --download-files übernimmt "
            "(Vorgabe: SOZIALPLANUNG_OPARL_IMPORT_MAX_MB)",
        )

    def handle_municipality(self, municipality: Municipality, options: dict[str, Any]) -> None:
        result = import_oparl(
            options["source"],
            municipality=municipality,
            modified_since=options["modified_since"],
            progress=self.progress_callback(options, "OParl-Import"),
            acting_user=CLI_ACTOR,
            log=self.stderr.write,
            accept_other_body=options["accept_other_body"],
            download_files=options["download_files"],
            max_file_mb=options["max_file_mb"],
        )
        self.stdout.write(f"OParl-Import für {municipality.name} abgeschlossen.")
        self.stdout.write(result.summary())
