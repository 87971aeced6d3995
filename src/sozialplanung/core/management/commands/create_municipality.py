from argparse import ArgumentParser
from typing import Any

from sozialplanung.core import actions
from sozialplanung.core.management.base import CLI_ACTOR, SozialplanungCommand


class Command(SozialplanungCommand):
    help = "Eine Kommune anlegen oder ihren Namen und Gemeindeschlüssel ändern."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--slug",
            required=True,
            metavar="KURZNAME",
            help="Kurzname für Adressen und CLI, z. B. dresden",
        )
        parser.add_argument("--name", required=True, metavar="NAME", help="Name, z. B. Dresden")
        parser.add_argument(
            "--ags", default="", metavar="AGS", help="Amtlicher Gemeindeschlüssel, z. B. 14612000"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = actions.create_municipality(
            options["slug"], options["name"], ags=options["ags"], acting_user=CLI_ACTOR
        )
        self.stdout.write(f"Kommune {municipality.slug} „{municipality.name}“ gespeichert.")
