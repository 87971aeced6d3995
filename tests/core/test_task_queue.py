"""The queue's state for the health check, and the worker command's refusal without one."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sozialplanung.core.models import ImportJob
from sozialplanung.core.tasks import run_import_job
from sozialplanung.core.tasks_health import queue_state

pytestmark = pytest.mark.django_db


def test_queue_state_counts_waiting_running_and_dead(municipality, settings):
    assert queue_state() == {
        "waiting": 0,
        "oldest_waiting_seconds": None,
        "running": 0,
        "dead_imports": 0,
    }
    first = run_import_job.enqueue(1)
    run_import_job.enqueue(2)
    DBTaskResult.objects.filter(id=first.id).update(
        enqueued_at=timezone.now() - dt.timedelta(minutes=5)
    )
    third = run_import_job.enqueue(3)
    DBTaskResult.objects.get(id=third.id).claim("test-worker")
    ImportJob.objects.create(
        municipality=municipality,
        kind=ImportJob.Kind.INDICATORS,
        status=ImportJob.Status.RUNNING,
        heartbeat=timezone.now() - dt.timedelta(seconds=settings.TASK_HEARTBEAT_TIMEOUT + 1),
    )
    state = queue_state()
    assert (state["waiting"], state["running"], state["dead_imports"]) == (2, 1, 1)
    assert 300 <= state["oldest_waiting_seconds"] < 400


def test_worker_refuses_without_a_queue(settings, tasks_immediately):
    settings.TASK_BACKEND = "immediate"
    err = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("worker", "--once", stderr=err)
    assert "SOZIALPLANUNG_TASK_BACKEND" in err.getvalue() and "„database“" in err.getvalue()
