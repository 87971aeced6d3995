"""The base of the ``sozialplanung`` commands: municipality, errors, progress.

Commands are a few lines on top of this; they call importers and actions, never
``.save()``. A failed import prints every problem (file, row, column) to stderr and
exits with status 1, so that scripts and cron jobs notice.
"""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser, ArgumentTypeError
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sozialplanung.core.audit import Process
from sozialplanung.core.imports import ImportFailed
from sozialplanung.core.models import Municipality

#: Who the audit trail names for changes made on the command line.
CLI_ACTOR = Process("CLI")


def iso_date(text: str) -> dt.date:
    """argparse type for --valid-from: YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ArgumentTypeError(f"„{text}“ ist kein Datum der Form JJJJ-MM-TT") from None


class SozialplanungCommand(BaseCommand):
    """A command that reports ImportFailed and other user errors in German, exit 1."""

    def execute(self, *args: Any, **options: Any) -> Any:
        try:
            return super().execute(*args, **options)
        except ImportFailed as exc:
            self.stderr.write(
                f"Import abgebrochen, nichts wurde gespeichert ({len(exc.problems)} Probleme):"
            )
            self.stderr.write(str(exc))
            raise SystemExit(1) from None
        except CommandError as exc:
            # Django would prefix the class name ("CommandError: …"), English noise.
            self.stderr.write(f"Fehler: {exc}")
            raise SystemExit(exc.returncode) from None

    def progress_callback(self, options: dict[str, Any], label: str = "Fortschritt") -> Any:
        """A ``progress(done, total)`` printing a percentage to stderr, or None.

        On a terminal one line is rewritten in place; with --progress into a log,
        a line every 10 % keeps the log short.
        """
        tty = self.stderr.isatty()
        if not (tty or options.get("progress")):
            return None
        shown = {"percent": -1}

        def progress(done: int, total: int) -> None:
            percent = 100 * done // total if total else 100
            step = 1 if tty else 10
            if percent // step == shown["percent"] // step:
                return
            shown["percent"] = percent
            end = "\r" if tty and percent < 100 else "\n"
            self.stderr.write(f"{label}: {percent:3d} %", ending=end)
            self.stderr.flush()

        return progress


class MunicipalityCommand(SozialplanungCommand):
    """A command that works inside one municipality, given by --municipality SLUG."""

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--municipality",
            required=True,
            metavar="KURZNAME",
            help="Kurzname der Kommune, z. B. dresden",
        )
        parser.add_argument(
            "--progress",
            action="store_true",
            help="Fortschritt in Prozent auf stderr zeigen (am Terminal immer)",
        )
        self.add_command_arguments(parser)

    def add_command_arguments(self, parser: ArgumentParser) -> None:
        """Arguments of the concrete command."""

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["municipality"]
        municipality = Municipality.objects.filter(slug=slug).first()
        if municipality is None:
            known = ", ".join(Municipality.objects.values_list("slug", flat=True)) or "keine"
            raise CommandError(f"Die Kommune „{slug}“ gibt es nicht (vorhanden: {known}).")
        self.handle_municipality(municipality, options)

    def handle_municipality(self, municipality: Municipality, options: dict[str, Any]) -> None:
        raise NotImplementedError
