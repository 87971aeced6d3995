from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from sozialplanung.core.management.base import MunicipalityCommand
from sozialplanung.core.models import Municipality
from sozialplanung.offers.hsds import export_hsds


class Command(MunicipalityCommand):
    help = (
        "Die Angebote einer Kommune als Open Referral HSDS 3.0 schreiben: JSON-Objekte"
        " (organizations.json, services.json, locations.json, service_at_locations.json …)"
        " und das tabellarische Paket (datapackage.json und CSV-Dateien). Nur öffentliche"
        " Angaben; mit --internal zusätzlich Kapazität und Personal als Erweiterung"
        " (nur für die Sozialplanung, nicht veröffentlichen)."
    )

    def add_command_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--out", type=Path, required=True, metavar="ORDNER", help="Zielordner (wird angelegt)"
        )
        parser.add_argument(
            "--internal",
            action="store_true",
            help="Kapazität und Personal je Art und Jahr mit ausgeben (interne Erweiterung)",
        )

    def handle_municipality(self, municipality: Municipality, options: dict[str, Any]) -> None:
        result = export_hsds(municipality, options["out"], internal=options["internal"])
        self.stdout.write(result.summary())
