from typing import Any

from sozialplanung.core.management.base import SozialplanungCommand
from sozialplanung.council.oparl.sync import enqueue_due


class Command(SozialplanungCommand):
    help = (
        "Fällige OParl-Abgleiche in die Warteschlange stellen: je Kommune, deren Abgleich "
        "eingeschaltet ist und deren Zeit gekommen ist (Intervall oder tägliche Uhrzeit), "
        "ein Lauf; ein Worker führt ihn aus. So ruft es der systemd-Timer auf."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        jobs = enqueue_due()
        for job in jobs:
            self.stdout.write(
                f"{job.municipality.name}: Abgleich mit {job.filename} "
                f"in die Warteschlange gestellt (Auftrag {job.pk})."
            )
        if not jobs:
            self.stdout.write("Kein OParl-Abgleich fällig.")
