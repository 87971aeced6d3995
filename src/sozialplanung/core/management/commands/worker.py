import os
import socket
import threading
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend

from sozialplanung.core.imports.jobs import fail_dead_jobs, heartbeat_interval
from sozialplanung.core.management.base import SozialplanungCommand


class Command(SozialplanungCommand):
    help = (
        "Hintergrundaufgaben ausführen (Web-Importe, OParl-Abgleich, Erinnerungsläufe): "
        "ein Worker der Warteschlange in der Datenbank (django-tasks, db_worker). Mehrere "
        "Worker, auch auf mehreren Rechnern, teilen sich eine Datenbank; Importe, deren "
        "Worker abgestürzt ist, markiert er beim Start und danach regelmäßig als fehlgeschlagen."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--once",
            action="store_true",
            help="alle wartenden Aufgaben ausführen, dann enden (statt auf neue zu warten)",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            metavar="SEKUNDEN",
            help="Wartezeit zwischen zwei Blicken in die leere Warteschlange (Standard: 1)",
        )
        parser.add_argument(
            "--worker-id",
            default=f"{socket.gethostname()}-{os.getpid()}"[-64:],
            metavar="NAME",
            help="Name dieses Workers in den Aufgaben (Standard: Rechnername-Prozessnummer)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not isinstance(task_backends["default"], DatabaseBackend):
            raise CommandError(
                "Es gibt keine Warteschlange: SOZIALPLANUNG_TASK_BACKEND ist "
                f"„{settings.TASK_BACKEND}“, der Worker braucht „database“."
            )
        dead = fail_dead_jobs()
        if dead:
            self.stderr.write(f"{dead} Import(e) ohne lebenden Worker als fehlgeschlagen markiert.")
        Sweeper().start()
        call_command(
            "db_worker",
            queue_name="*",
            batch=options["once"],
            reload=False,
            interval=options["interval"],
            startup_delay=not options["once"],
            worker_id=options["worker_id"],
            verbosity=options["verbosity"],
            stdout=self.stdout,
            stderr=self.stderr,
        )


class Sweeper(threading.Thread):
    """Looks for jobs of dead workers while this worker runs (its own connection)."""

    def __init__(self) -> None:
        super().__init__(daemon=True, name="dead-job-sweeper")

    def run(self) -> None:
        stop = threading.Event()  # never set: the thread ends with the process
        while not stop.wait(heartbeat_interval()):
            try:
                fail_dead_jobs()
            except Exception:  # a locked or lost database: try again next round
                connection.close()
