"""The stale-offer reminder run as a task on the queue (``send-stale-reminders --queue``)."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

pytestmark = pytest.mark.django_db


def test_queued_run_waits_for_the_worker_then_sends_once_per_offer(offers):
    call_command("send_stale_reminders", "--queue", "--today", "2027-02-01", stdout=io.StringIO())
    queued = DBTaskResult.objects.get()
    assert queued.status == TaskResultStatus.READY and mail.outbox == []
    run, args = queued.task, queued.args_kwargs["args"]
    assert run.call(*args) == 3  # what the worker does: the command's own code
    assert run.call(*args) == 0
    assert len(mail.outbox) == 3


def test_immediate_backend_runs_at_once(offers, tasks_immediately):
    out = io.StringIO()
    call_command("send_stale_reminders", "--queue", "--today", "2027-02-01", stdout=out)
    assert len(mail.outbox) == 3 and not DBTaskResult.objects.exists()
