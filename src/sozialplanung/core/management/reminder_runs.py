"""The base of the reminder commands: a run for a day, here or as a task on the queue."""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from typing import Any, TextIO

from django_tasks.base import Task

from .base import SozialplanungCommand, iso_date


class ReminderRunCommand(SozialplanungCommand):
    """``--today`` for the day of the run, ``--queue`` to leave the run to a worker.

    A subclass names the function that sends (``send``) and its task (``task``);
    both run the same code, once here and once in the worker.
    """

    task: Task[Any, int]

    def send(self, today: dt.date, stdout: TextIO) -> int:
        raise NotImplementedError

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--today",
            type=iso_date,
            default=None,
            metavar="JJJJ-MM-TT",
            help="Stichtag statt des heutigen Datums (zum Nachholen und Testen)",
        )
        parser.add_argument(
            "--queue",
            action="store_true",
            help="nicht selbst verschicken, sondern als Aufgabe in die Warteschlange stellen "
            "(ein Worker verschickt; so ruft es der systemd-Timer auf)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["queue"]:  # without --today the worker takes the day it runs on
            given = options["today"].isoformat() if options["today"] else None
            result = self.task.enqueue(given)
            self.stdout.write(
                f"Erinnerungslauf in die Warteschlange gestellt (Aufgabe {result.id})."
            )
            return
        today = options["today"] or dt.date.today()
        sent = self.send(today, self.stdout)
        self.stdout.write(f"{sent} Erinnerung(en) verschickt (Stichtag {today:%d.%m.%Y}).")
