import datetime as dt
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from sozialplanung.areas.importers import import_areas
from sozialplanung.core.management.base import CLI_ACTOR, MunicipalityCommand, iso_date
from sozialplanung.core.models import Municipality


class Command(MunicipalityCommand):
    help = (
        "Gebiete einer Ebene mit ihren Grenzen einlesen (GeoJSON, GeoPackage, Shapefile als"
        " .zip, CSV oder Excel mit Geometrie als WKT, EWKT oder GeoJSON). Alles oder nichts:"
        " bei einem Fehler wird nichts gespeichert."
    )

    def add_command_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, metavar="DATEI", help="Die Datei mit den Gebieten")
        parser.add_argument(
            "--level", required=True, metavar="EBENE", help="Kurzname der Ebene, z. B. stadtteil"
        )
        parser.add_argument(
            "--code-field", required=True, metavar="SPALTE", help="Spalte/Feld mit dem Code"
        )
        parser.add_argument(
            "--name-field", required=True, metavar="SPALTE", help="Spalte/Feld mit dem Namen"
        )
        parser.add_argument(
            "--long-name-field", metavar="SPALTE", help="Spalte/Feld mit dem langen Namen"
        )
        parser.add_argument(
            "--parent-level", metavar="EBENE", help="Ebene der Obergebiete, z. B. stadtbezirk"
        )
        parser.add_argument(
            "--parent-code-field", metavar="SPALTE", help="Spalte/Feld mit dem Code des Obergebiets"
        )
        parser.add_argument(
            "--geometry-field",
            metavar="SPALTE",
            help="Spalte mit der Geometrie (nur bei CSV und Excel)",
        )
        parser.add_argument(
            "--crs",
            metavar="KRS",
            help="Koordinatensystem, wenn die Datei keines angibt, z. B. EPSG:25833"
            " (Vorgabe: EPSG:4326, WGS84)",
        )
        parser.add_argument(
            "--layer",
            metavar="NAME",
            help="Ebene (Layer) einer GeoPackage-Datei oder Blatt einer Excel-Datei",
        )
        parser.add_argument(
            "--valid-from",
            type=iso_date,
            default=None,
            metavar="JJJJ-MM-TT",
            help="Ab wann die Grenzen gelten (Vorgabe: heute)",
        )
        parser.add_argument(
            "--source", default="", metavar="TEXT", help="Quelle der Grenzen, zur Namensnennung"
        )

    def handle_municipality(self, municipality: Municipality, options: dict[str, Any]) -> None:
        result = import_areas(
            options["file"],
            municipality=municipality,
            level_slug=options["level"],
            code_field=options["code_field"],
            name_field=options["name_field"],
            long_name_field=options["long_name_field"],
            parent_level_slug=options["parent_level"],
            parent_code_field=options["parent_code_field"],
            geometry_field=options["geometry_field"],
            crs=options["crs"],
            layer=options["layer"],
            valid_from=options["valid_from"] or dt.date.today(),
            source=options["source"],
            acting_user=CLI_ACTOR,
            progress=self.progress_callback(options),
        )
        self.stdout.write(f"{result.file}: {result.summary()}")
