from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from sozialplanung.core.management.base import CLI_ACTOR, MunicipalityCommand
from sozialplanung.core.models import Municipality
from sozialplanung.offers.hsds import import_hsds


class Command(MunicipalityCommand):
    help = (
        "Träger und Angebote aus Open Referral HSDS 3.0 (JSON) einlesen: eine Datei oder"
        " ein Ordner mit *.json (Einzelobjekte, Listen, Seiten einer HSDS-API, ein Export"
        " dieses Systems). Abgleich über die HSDS-Kennungen; alles oder nichts."
    )

    def add_command_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", type=Path, metavar="PFAD", help="JSON-Datei oder Ordner")

    def handle_municipality(self, municipality: Municipality, options: dict[str, Any]) -> None:
        if not options["path"].exists():
            raise CommandError(f"„{options['path']}“ gibt es nicht.")
        result = import_hsds(options["path"], municipality=municipality, acting_user=CLI_ACTOR)
        self.stdout.write(result.summary())
        for note in result.notes:
            self.stdout.write(f"  Hinweis: {note}")
