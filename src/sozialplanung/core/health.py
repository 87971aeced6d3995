"""The health check for the operator's monitoring: ``/gesundheit/`` (alias ``/healthz``).

200 with ``{"status": "ok", "database": "ok", "queue": …}`` when the database answers,
503 with ``"status": "fehler"`` when it does not. The queue part asks
``oldest_waiting_task_age``: the task engine fills it in; until then it says "unbekannt"
and never fails the check.
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

log = logging.getLogger(__name__)

UNKNOWN = "unbekannt"


def oldest_waiting_task_age() -> float | None:
    """Seconds the oldest task has been waiting for a worker; None without a task engine.

    The hook for the task engine: it returns 0.0 for an empty queue.
    """
    from sozialplanung.core.tasks_health import queue_state

    try:
        return float(queue_state()["oldest_waiting_seconds"] or 0.0)
    except DatabaseError:  # the database check reports it; the queue is then unknown
        return None


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        log.error("Gesundheitsprüfung: Datenbank antwortet nicht: %s", exc)
        return "fehler"
    return "ok"


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    database = database_status()
    age = oldest_waiting_task_age()
    body: dict[str, object] = {
        "status": "ok" if database == "ok" else "fehler",
        "database": database,
        "queue": UNKNOWN if age is None else "ok",
    }
    if age is not None:
        body["queue_oldest_waiting_seconds"] = round(age, 1)
    return JsonResponse(body, status=200 if database == "ok" else 503)
