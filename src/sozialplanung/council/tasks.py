"""The council's tasks on the queue: reminder runs and OParl synchronisation.

Both are entry points only: they call the same public functions as the commands
(``send_due_reminders``, ``import_oparl``), with JSON arguments a worker can read.
"""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from sozialplanung.core.audit import Process
from sozialplanung.core.models import Municipality

from .oparl.importer import import_oparl
from .reminders import send_due_reminders

#: Who the audit trail names for an OParl synchronisation run by a worker.
OPARL_SYNC = Process("OParl-Abgleich")


@task()
def send_reminders(today: str | None = None) -> int:
    """Send the due reminders of ``today`` (ISO date, default: the worker's today)."""
    return send_due_reminders(dt.date.fromisoformat(today) if today else dt.date.today())


@task()
def sync_oparl(
    municipality: str,
    source: str,
    modified_since: str | None = None,
    accept_other_body: bool = False,
) -> str:
    """Import an OParl endpoint or folder into the municipality with slug ``municipality``.

    ``modified_since`` is an ISO 8601 time; ``accept_other_body`` as the command's option;
    the result is the import's summary.
    """
    result = import_oparl(
        source,
        municipality=Municipality.objects.get(slug=municipality),
        modified_since=dt.datetime.fromisoformat(modified_since) if modified_since else None,
        acting_user=OPARL_SYNC,
        accept_other_body=accept_other_body,
    )
    return result.summary()
