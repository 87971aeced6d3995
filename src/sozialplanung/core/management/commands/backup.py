from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from sozialplanung.core import backup
from sozialplanung.core.management.base import SozialplanungCommand


class Command(SozialplanungCommand):
    help = (
        "Datenbank und hochgeladene Dateien in eine Datei sichern (tar.gz mit Prüfsummen, "
        "für SQLite und PostgreSQL gleich); zurück mit sozialplanung restore."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "file", type=Path, metavar="DATEI", help="Sicherungsdatei, z. B. sicherung.tar.gz"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        folder = options["file"].resolve().parent
        if not folder.is_dir():
            raise CommandError(f"Ordner {folder} gibt es nicht; bitte zuerst anlegen.")
        manifest = backup.create(options["file"])
        rows = sum(manifest["counts"].values())
        files = len(manifest["checksums"]) - 1
        self.stdout.write(f"Gesichert in {options['file']}: {rows} Datensätze, {files} Dateien.")
