import datetime as dt
from argparse import ArgumentParser
from typing import Any

from sozialplanung.core.management.base import SozialplanungCommand, iso_date
from sozialplanung.offers.reminders import send_stale_reminders


class Command(SozialplanungCommand):
    help = (
        "Träger per E-Mail an veraltete Angebote erinnern (nicht bestätigt seit "
        "OFFER_STALE_MONTHS Monaten): je Angebot und Bestätigungsdatum genau einmal, "
        "auch bei wiederholtem Aufruf (z. B. täglich per cron)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--today",
            type=iso_date,
            default=None,
            metavar="JJJJ-MM-TT",
            help="Stichtag statt des heutigen Datums (zum Nachholen und Testen)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or dt.date.today()
        sent = send_stale_reminders(today, stdout=self.stdout)
        self.stdout.write(f"{sent} Erinnerung(en) verschickt (Stichtag {today:%d.%m.%Y}).")
