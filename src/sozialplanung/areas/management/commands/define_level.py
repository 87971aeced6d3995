from argparse import ArgumentParser
from typing import Any

from sozialplanung.areas import actions
from sozialplanung.core.management.base import CLI_ACTOR, MunicipalityCommand
from sozialplanung.core.models import Municipality


class Command(MunicipalityCommand):
    help = "Eine Ebene der Gebietsgliederung anlegen oder ändern (z. B. Stadt > Stadtbezirk > Stadtteil)."

    def add_command_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--slug", required=True, metavar="KURZNAME", help="Kurzname der Ebene, z. B. stadtteil"
        )
        parser.add_argument(
            "--name", required=True, metavar="NAME", help="Name der Ebene, z. B. Stadtteil"
        )
        parser.add_argument(
            "--name-plural", default="", metavar="NAME", help="Mehrzahl, z. B. Stadtteile"
        )
        parser.add_argument(
            "--depth",
            type=int,
            required=True,
            metavar="N",
            help="Tiefe: 0 für die ganze Kommune, größere Zahlen für feinere Ebenen",
        )

    def handle_municipality(self, municipality: Municipality, options: dict[str, Any]) -> None:
        level = actions.define_level(
            municipality,
            options["slug"],
            options["name"],
            options["depth"],
            name_plural=options["name_plural"],
            acting_user=CLI_ACTOR,
        )
        self.stdout.write(f"Ebene {level.slug} „{level.name}“ (Tiefe {level.depth}) gespeichert.")
