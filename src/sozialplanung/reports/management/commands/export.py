"""``sozialplanung export NAME --municipality SLUG --format F --out FILE [--user NAME]``.

Runs the same exporter class as the download on the page, for the user given by
``--user``; without it, for a visitor who is not logged in (what the public sees), so
the command line never shows more than the web would.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError
from django.http import Http404, QueryDict

from sozialplanung.core.management.base import SozialplanungCommand
from sozialplanung.core.models import Municipality
from sozialplanung.reports.base import ExportFailed, LoginRequired, exporter_named, exporters


class Command(SozialplanungCommand):
    help = (
        "Eine Auswertung als Datei schreiben (XLSX, CSV, PDF, DOCX, ZIP) – dieselbe, die die"
        " Seite zum Herunterladen anbietet, mit den Rechten von --user. --list zeigt alle"
        " Exporte mit Formaten und Parametern."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("name", nargs="?", metavar="NAME", help="Name des Exports")
        parser.add_argument("--list", action="store_true", help="alle Exporte auflisten")
        parser.add_argument("--municipality", metavar="KURZNAME", help="Kurzname der Kommune")
        parser.add_argument("--format", metavar="FORMAT", help="xlsx, csv, pdf, docx oder zip")
        parser.add_argument("--out", type=Path, metavar="DATEI", help="Zieldatei")
        parser.add_argument(
            "--user",
            metavar="BENUTZERNAME",
            help="mit den Rechten dieses Benutzers (ohne: nur Öffentliches)",
        )
        parser.add_argument(
            "--param",
            action="append",
            default=[],
            metavar="NAME=WERT",
            help="Parameter des Exports, wie im Adressfeld der Seite (mehrfach möglich)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            self._list()
            return
        name = options["name"]
        if not name:
            raise CommandError("Bitte den Namen eines Exports angeben (Liste: --list).")
        exporter = exporter_named(name)
        if exporter is None:
            raise CommandError(f"Einen Export „{name}“ gibt es nicht (Liste: --list).")
        for option in ("municipality", "format", "out"):
            if not options[option]:
                raise CommandError(f"Bitte --{option} angeben.")
        municipality = Municipality.objects.filter(slug=options["municipality"]).first()
        if municipality is None:
            raise CommandError(f"Eine Kommune „{options['municipality']}“ gibt es nicht.")
        runner = exporter(municipality, self._user(options["user"]), self._query(options["param"]))
        try:
            output = runner.export(options["format"])
        except ExportFailed as exc:
            raise CommandError(str(exc)) from None
        except Http404:
            raise CommandError(
                "Nichts gefunden, oder für diesen Benutzer nicht sichtbar."
            ) from None
        except LoginRequired:
            raise CommandError(
                "Dieser Export ist nicht öffentlich: bitte --user BENUTZERNAME angeben."
            ) from None
        except PermissionDenied:
            raise CommandError("Diesen Export darf der Benutzer nicht ausführen.") from None
        options["out"].write_bytes(output.content)
        self.stdout.write(f"{options['out']} geschrieben ({len(output.content)} Bytes).")

    def _list(self) -> None:
        for exporter in exporters():
            self.stdout.write(f"{exporter.identifier}  ({', '.join(exporter.formats)})")
            self.stdout.write(f"    {exporter.title}")
            for parameter in exporter.parameters:
                needed = ", Pflicht" if parameter.required else ""
                self.stdout.write(f"    --param {parameter.name}=…  {parameter.help}{needed}")

    def _user(self, username: str | None) -> Any:
        if not username:
            return AnonymousUser()
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Einen aktiven Benutzer „{username}“ gibt es nicht.")
        return user

    def _query(self, pairs: list[str]) -> QueryDict:
        query = QueryDict(mutable=True)
        for pair in pairs:
            key, sep, value = pair.partition("=")
            if not sep or not key:
                raise CommandError(f"„{pair}“ hat nicht die Form NAME=WERT.")
            query.appendlist(key, value)
        return query
