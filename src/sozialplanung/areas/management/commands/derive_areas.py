from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from sozialplanung.areas import actions
from sozialplanung.areas.models import AreaLevel
from sozialplanung.core.imports import read_table
from sozialplanung.core.management.base import CLI_ACTOR, MunicipalityCommand, iso_date
from sozialplanung.core.models import Municipality


class Command(MunicipalityCommand):
    help = (
        "Obergebiete aus Gebieten einer feineren Ebene bilden: die Gebiete werden nach den"
        " ersten Zeichen ihres Codes gruppiert und ihre Flächen vereinigt (z. B. Stadtbezirk 6"
        " aus den Stadtteilen 61–64). Mit --prefix-length 0 entsteht ein einziges Gebiet"
        " (die Stadt)."
    )

    def add_command_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--from-level", required=True, metavar="EBENE", help="Ebene der Teilgebiete"
        )
        parser.add_argument(
            "--level", required=True, metavar="EBENE", help="Ebene der neuen Obergebiete"
        )
        parser.add_argument(
            "--prefix-length",
            type=int,
            required=True,
            metavar="N",
            help="So viele Zeichen des Codes bilden den Code des Obergebiets (0: eines für alle)",
        )
        parser.add_argument(
            "--single-code",
            default="",
            metavar="CODE",
            help="Code des einen Obergebiets bei --prefix-length 0",
        )
        names = parser.add_mutually_exclusive_group(required=True)
        names.add_argument(
            "--names",
            type=Path,
            metavar="DATEI.csv",
            help="CSV mit den Spalten code und name (Trennzeichen beliebig)",
        )
        names.add_argument(
            "--name", metavar="NAME", help="Name des einen Obergebiets bei --prefix-length 0"
        )
        parser.add_argument(
            "--valid-from", type=iso_date, required=True, metavar="JJJJ-MM-TT", help="Gültig ab"
        )
        parser.add_argument("--source", default="", metavar="TEXT", help="Quelle der Grenzen")

    def handle_municipality(self, municipality: Municipality, options: dict[str, Any]) -> None:
        levels = {
            slug: AreaLevel.objects.filter(municipality=municipality, slug=slug).first()
            for slug in (options["from_level"], options["level"])
        }
        for slug, level in levels.items():
            if level is None:
                raise CommandError(f"Die Ebene „{slug}“ gibt es in {municipality.name} nicht.")
        if options["names"]:
            table = read_table(options["names"])
            table.require_columns(["code", "name"])
            names = {row.text("code"): row.text("name") for row in table.rows}
        else:
            names = {options["single_code"]: options["name"]}
        try:
            count = actions.derive_parent_areas(
                levels[options["from_level"]],
                levels[options["level"]],
                prefix_length=options["prefix_length"],
                single_code=options["single_code"],
                names=names,
                valid_from=options["valid_from"],
                source=options["source"],
                acting_user=CLI_ACTOR,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Obergebiete gebildet: {count.created} neu, {count.updated} geändert,"
            f" {count.unchanged} unverändert."
        )
