from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError

from sozialplanung.core.management.base import SozialplanungCommand
from sozialplanung.demo import second_factor
from sozialplanung.demo.loader import load_demo, logins_table


class Command(SozialplanungCommand):
    help = (
        "Die Demo laden: Dresden und Leipzig mit echten offenen Daten (Gebiete, Grenzen,"
        " Kennzahlen) und die Demo-Anmeldungen. Ein zweiter Lauf ändert nichts."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=None,
            metavar="ORDNER",
            help="Ordner mit leipzig/ (Vorgabe: Einstellung SOZIALPLANUNG_DEMO_DATA_DIR, "
            "sonst ../shared/data neben dem Repository); Dresden liegt im Repository",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        data_dir = options["data_dir"] or settings.DEMO_DATA_DIR
        dresden = settings.OPEN_DATA_DIR / "dresden"
        if not dresden.is_dir():
            raise CommandError(f"Ordner {dresden} fehlt; bitte SOZIALPLANUNG_OPEN_DATA_DIR prüfen.")
        if not (data_dir / "leipzig").is_dir():
            raise CommandError(f"Ordner {data_dir / 'leipzig'} fehlt; bitte --data-dir angeben.")
        logins = load_demo(data_dir, out=self.stdout.write)
        self.stdout.write("")
        self.stdout.write(second_factor.instructions([login.username for login in logins]))
        self.stdout.write("Demo-Anmeldungen:")
        self.stdout.write(logins_table(logins))
