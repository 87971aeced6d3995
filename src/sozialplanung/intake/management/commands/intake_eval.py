"""sozialplanung intake-eval DIR: per-field accuracy of the document intake."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from sozialplanung.core.management.base import SozialplanungCommand
from sozialplanung.intake.evaluation import evaluate, table


class Command(SozialplanungCommand):
    help = (
        "Misst die Genauigkeit des Dokumentimports: liest jedes Dokument im ORDNER, neben dem "
        "eine Datei <name>.expected.json liegt, vergleicht Feld für Feld (exakt nach "
        "Normalisierung der Leerzeichen) und druckt eine Tabelle der Trefferquoten und eine "
        "Liste der Abweichungen. Exit-Code 1 nur, wenn ein Dokument gar nicht lesbar ist."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "directory", metavar="ORDNER", help="Ordner mit Dokumenten und <name>.expected.json"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(options["directory"])
        if not directory.is_dir():
            raise CommandError(f"Den Ordner „{directory}“ gibt es nicht.")
        scores = evaluate(directory)
        if not scores:
            raise CommandError(f"In „{directory}“ liegen keine Dokumente mit .expected.json.")
        self.stdout.write(f"Dokumentimport: {len(scores)} Dokumente in {directory}\n")
        self.stdout.write(table(scores))
        misses = [(s.name, m) for s in scores for m in s.misses]
        errors = [s for s in scores if s.error]
        self.stdout.write("")
        if misses:
            self.stdout.write(f"Abweichungen ({len(misses)}):")
            for name, miss in misses:
                self.stdout.write(f"  {name}: {miss}")
        else:
            self.stdout.write("Keine Abweichungen.")
        for score in errors:
            self.stderr.write(f"Nicht lesbar: {score.name}: {score.error}")
        if errors:
            raise SystemExit(1)
