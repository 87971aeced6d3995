"""The state of the task queue, for the health endpoint and the operator.

``queue_state()`` reads the queue table of django-tasks' database backend: raises a
database error when the database is unreachable, like any query.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Min
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sozialplanung.core.imports.jobs import dead_before
from sozialplanung.core.models import ImportJob


def queue_state() -> dict[str, Any]:
    """Waiting and running tasks, the age of the oldest waiting one, dead imports.

    ``oldest_waiting_seconds`` growing over several checks means no worker runs;
    ``dead_imports`` counts running imports without a heartbeat for longer than the
    timeout (a worker will mark them failed when it starts).
    """
    ready = DBTaskResult.objects.ready()
    oldest = ready.aggregate(oldest=Min("enqueued_at"))["oldest"]
    return {
        "waiting": ready.count(),
        "oldest_waiting_seconds": (
            round((timezone.now() - oldest).total_seconds(), 1) if oldest else None
        ),
        "running": DBTaskResult.objects.running().count(),
        "dead_imports": ImportJob.objects.filter(
            status=ImportJob.Status.RUNNING, heartbeat__lt=dead_before()
        ).count(),
    }
