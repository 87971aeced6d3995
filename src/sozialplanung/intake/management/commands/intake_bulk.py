"""sozialplanung intake-bulk --municipality SLUG ZIP [--confirm-certain]: a ZIP of council
documents into drafts (the web's bulk intake, from the shell), optionally confirming
every chain that has nothing to check."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from sozialplanung.core.management.base import CLI_ACTOR, MunicipalityCommand
from sozialplanung.core.models import Municipality
from sozialplanung.intake.bulk import read_zip
from sozialplanung.intake.chains import ChainProblem, chains, confirm_chain


class Command(MunicipalityCommand):
    help = (
        "Liest ein ZIP-Archiv mit Sitzungsdokumenten (Text, PDF, Scan, DOCX) als Entwürfe "
        "ein, gruppiert je Vorlage; ein zweiter Lauf mit demselben Archiv ändert nichts. "
        "Mit --confirm-certain werden die Ketten ohne unsichere Felder gleich übernommen."
    )

    def add_command_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, metavar="ZIP", help="Das ZIP-Archiv")
        parser.add_argument(
            "--confirm-certain",
            action="store_true",
            help="Jede Kette ohne zu prüfende Felder übernehmen (Vorlage, Beschluss, Stände)",
        )

    def handle_municipality(self, municipality: Municipality, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Die Datei „{path}“ gibt es nicht.")

        def progress(done: int, total: int) -> None:
            if done == total or done % max(1, total // 10) == 0:
                self.stderr.write(f"{done} von {total} Dokumenten gelesen")

        result = read_zip(
            path,
            municipality=municipality,
            acting_user=CLI_ACTOR,
            filename=path.name,
            progress=progress,
        )
        self.stdout.write(result.summary())
        if options["confirm_certain"]:
            self.confirm_certain(municipality)
        waiting = chains(municipality)
        self.stdout.write(
            f"Zur Prüfung offen: {sum(len(c.drafts) for c in waiting)} Entwürfe "
            f"in {len(waiting)} Ketten"
        )

    def confirm_certain(self, municipality: Municipality) -> None:
        confirmed = 0
        for chain in chains(municipality):
            if chain.open_count or not chain.reference:
                continue
            try:
                confirm_chain(
                    municipality, chain.reference, token=chain.token, acting_user=CLI_ACTOR
                )
            except ChainProblem as problem:
                self.stdout.write(f"{chain.reference}: nicht übernommen – {problem.message}")
            else:
                confirmed += 1
        self.stdout.write(f"Übernommen: {confirmed} Ketten ohne zu prüfende Felder")
