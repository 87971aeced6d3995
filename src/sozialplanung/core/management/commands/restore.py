from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from sozialplanung.core import backup
from sozialplanung.core.management.base import SozialplanungCommand


class Command(SozialplanungCommand):
    help = (
        "Eine Sicherung von sozialplanung backup wiederherstellen: in eine leere, migrierte "
        "Datenbank oder mit --replace anstelle aller vorhandenen Daten. Eine beschädigte Datei "
        "oder eine Sicherung eines anderen Programmstands wird abgelehnt, ohne etwas zu ändern."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, metavar="DATEI", help="Sicherungsdatei")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="vorhandene Daten und Dateien ersetzen (fragt vorher nach)",
        )
        parser.add_argument("--yes", action="store_true", help="ohne Rückfrage ersetzen")

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["file"]
        try:
            manifest = backup.check_restorable(source, replace=options["replace"])
            if options["replace"] and not options["yes"] and not backup.database_is_empty():
                self.confirm(manifest)
            backup.restore(source, replace=options["replace"])
        except backup.RestoreRefused as exc:
            raise CommandError(f"Nicht wiederhergestellt: {exc}") from None
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            f"Wiederhergestellt aus {source} (gesichert {manifest['created']}): {rows} Datensätze, "
            f"{len(manifest['checksums']) - 1} Dateien."
        )

    def confirm(self, manifest: dict[str, Any]) -> None:
        question = (
            f"Alle Daten und hochgeladenen Dateien werden durch die Sicherung vom "
            f"{manifest['created']} ersetzt. Fortfahren? [j/N] "
        )
        try:
            answer = input(question)
        except EOFError:
            answer = ""
        if answer.strip().lower() not in {"j", "ja", "y", "yes"}:
            raise CommandError("Abgebrochen, nichts wurde geändert.")
