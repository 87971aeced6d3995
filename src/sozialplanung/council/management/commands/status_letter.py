"""sozialplanung status-letter REFERENCE --format pdf|docx --out FILE [--released]."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.utils import timezone

from sozialplanung.core.management.base import SozialplanungCommand
from sozialplanung.council.letters import RENDERERS, build_letter_content
from sozialplanung.council.letters.compose import preview_draft
from sozialplanung.council.models import Paper, Resolution, StatusLetter, StatusReport


class Command(SozialplanungCommand):
    help = (
        "Die Beschlusskontrolle zu einer Drucksache als PDF oder DOCX schreiben: den "
        "aktuellen Entwurf (gibt es keinen, den Brief, den ein Entwurf heute ergäbe; "
        "nichts wird gespeichert) oder mit --released den zuletzt freigegebenen Brief, "
        "so wie er freigegeben wurde."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("reference", metavar="DRUCKSACHE", help="z. B. V2696/24")
        parser.add_argument(
            "--format", choices=sorted(RENDERERS), default="pdf", help="pdf (Vorgabe) oder docx"
        )
        parser.add_argument("--out", metavar="DATEI", required=True, help="Zieldatei")
        parser.add_argument(
            "--released",
            action="store_true",
            help="den zuletzt freigegebenen Brief statt des Entwurfs schreiben",
        )
        parser.add_argument(
            "--municipality",
            metavar="KURZNAME",
            help="Kurzname der Kommune, nötig nur, wenn mehrere Kommunen die Drucksache führen",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        resolution = _resolution(options["reference"], options["municipality"])
        reference = resolution.paper.reference
        attached: list[StatusReport] = []
        if options["released"]:
            letter = (
                resolution.letters.filter(state=StatusLetter.State.RELEASED)
                .order_by("-released_at", "-date", "-id")
                .first()
            )
            if letter is None:
                raise CommandError(
                    f"Zu {reference} gibt es noch keine freigegebene Beschlusskontrolle."
                )
            what = f"freigegebener Brief vom {letter.date:%d.%m.%Y}"
        else:
            found = resolution.letters.filter(state=StatusLetter.State.DRAFT).first()
            if found is None:
                letter, attached = preview_draft(resolution, timezone.localdate())
                what = "Entwurf (nicht gespeichert)"
            else:
                letter = found
                what = f"Entwurf vom {letter.date:%d.%m.%Y}"
        content = build_letter_content(letter, attached=attached)
        out = Path(options["out"])
        if not out.parent.is_dir():
            raise CommandError(f"Den Ordner „{out.parent}“ gibt es nicht.")
        out.write_bytes(RENDERERS[options["format"]]().render(content))
        self.stdout.write(f"Beschlusskontrolle zu {reference}, {what}: {out}")


def _resolution(reference: str, municipality: str | None) -> Resolution:
    """The newest resolution on the paper ``reference``; German errors for what is missing."""
    papers = Paper.objects.filter(reference__iexact=reference.strip(), deleted=False)
    if municipality:
        papers = papers.filter(municipality__slug=municipality)
    found = list(papers.select_related("municipality"))
    if not found:
        where = f" in der Kommune „{municipality}“" if municipality else ""
        raise CommandError(f"Die Drucksache „{reference}“ gibt es{where} nicht.")
    if len(found) > 1:
        slugs = ", ".join(sorted(p.municipality.slug for p in found))
        raise CommandError(
            f"Die Drucksache „{reference}“ gibt es in mehreren Kommunen ({slugs}): "
            "bitte --municipality angeben."
        )
    resolution = (
        Resolution.objects.filter(paper=found[0], deleted=False).order_by("-date", "-id").first()
    )
    if resolution is None:
        raise CommandError(f"Zur Drucksache „{found[0].reference}“ gibt es keinen Beschluss.")
    return resolution
