import datetime as dt
from typing import TextIO

from sozialplanung.core.management.reminder_runs import ReminderRunCommand
from sozialplanung.offers import tasks
from sozialplanung.offers.reminders import send_stale_reminders


class Command(ReminderRunCommand):
    help = (
        "Träger per E-Mail an veraltete Angebote erinnern (nicht bestätigt seit "
        "OFFER_STALE_MONTHS Monaten): je Angebot und Bestätigungsdatum genau einmal, "
        "auch bei wiederholtem Aufruf (z. B. täglich per systemd-Timer)."
    )
    task = tasks.send_stale_reminders

    def send(self, today: dt.date, stdout: TextIO) -> int:
        return send_stale_reminders(today, stdout=stdout)
