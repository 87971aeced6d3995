"""sozialplanung intake-eval DIR: per-field accuracy of the document intake."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError

from sozialplanung.core.management.base import SozialplanungCommand
from sozialplanung.intake.corpus import corpus_table, evaluate_corpus
from sozialplanung.intake.evaluation import evaluate, table


class Command(SozialplanungCommand):
    help = (
        "Misst die Genauigkeit des Dokumentimports: liest jedes Dokument im ORDNER, neben dem "
        "eine Datei <name>.expected.json liegt, vergleicht Feld für Feld (exakt nach "
        "Normalisierung der Leerzeichen) und druckt eine Tabelle der Trefferquoten und eine "
        "Liste der Abweichungen; danach dieselben Maße für die echten Dresdner Dokumente "
        "(--dresden, getrennt nach Tuning- und zurückgehaltenem Teil). Exit-Code 1 nur, wenn "
        "ein Dokument gar nicht lesbar ist."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "directory", metavar="ORDNER", help="Ordner mit Dokumenten und <name>.expected.json"
        )
        parser.add_argument(
            "--dresden",
            metavar="ORDNER",
            default=None,
            help="Ordner dresden-ratsinfo mit annotated/, texts/ und metadata.jsonl "
            "(Vorgabe: Einstellung INTAKE_CORPUS_DIR)",
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
        unreadable = bool(errors) | self.dresden(
            Path(options["dresden"] or settings.INTAKE_CORPUS_DIR)
        )
        if unreadable:
            raise SystemExit(1)

    def dresden(self, folder: Path) -> bool:
        """Print the tables for the real Dresden documents; True when one was unreadable."""
        self.stdout.write("")
        if not (folder / "annotated").is_dir() or not (folder / "metadata.jsonl").is_file():
            self.stdout.write(
                f"Hinweis: Die echten Dresdner Dokumente fehlen (kein Ordner „{folder}“ mit "
                "annotated/ und metadata.jsonl); ihre Tabellen werden übersprungen."
            )
            return False
        report = evaluate_corpus(folder)
        self.stdout.write(f"Echte Dresdner Dokumente in {folder}\n")
        self.stdout.write(corpus_table(report))
        self.stdout.write("")
        self.stdout.write(f"Abweichungen ({len(report.misses)}):")
        for miss in report.misses:
            self.stdout.write(f"  {miss}")
        for error in report.errors:
            self.stderr.write(f"Nicht lesbar: {error}")
        return bool(report.errors)
