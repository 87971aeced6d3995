import datetime as dt
from typing import TextIO

from sozialplanung.core.management.reminder_runs import ReminderRunCommand
from sozialplanung.council import tasks
from sozialplanung.council.reminders import send_due_reminders


class Command(ReminderRunCommand):
    help = (
        "Erinnerungen an die zuständigen Ämter schicken, deren Beschlusskontrolle fällig ist: "
        "je Beschlusspunkt, Amt und Termin genau einmal (auch bei wiederholtem Aufruf, "
        "z. B. täglich per systemd-Timer)."
    )
    task = tasks.send_reminders

    def send(self, today: dt.date, stdout: TextIO) -> int:
        return send_due_reminders(today, stdout=stdout)
