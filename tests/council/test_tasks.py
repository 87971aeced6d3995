"""The council's tasks: a queued reminder run and the OParl synchronisation entry point."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from sozialplanung.core.models import AuditEntry
from sozialplanung.core.visibility import Role
from sozialplanung.council.models import Paper
from sozialplanung.council.tasks import sync_oparl

from .oparl_check import EXAMPLES_DIR

pytestmark = pytest.mark.django_db


def test_queued_reminder_run_waits_for_the_worker_then_sends_once(
    v2696, secret_papers, offices, users
):
    users[Role.FACHAMT].office = offices["sozialamt"]
    users[Role.FACHAMT].email = "fachamt@teststadt.invalid"
    users[Role.FACHAMT].save()
    out = io.StringIO()
    call_command("send_reminders", "--queue", "--today", "2025-10-01", stdout=out)
    queued = DBTaskResult.objects.get()
    assert f"Aufgabe {queued.id}" in out.getvalue()
    assert queued.status == TaskResultStatus.READY and mail.outbox == []
    assert queued.args_kwargs["args"] == ["2025-10-01"]
    # What the worker does with the row: the same code as the command without --queue.
    run = queued.task
    assert run.call(*queued.args_kwargs["args"]) == 3
    assert run.call(*queued.args_kwargs["args"]) == 0  # exactly once per item and date
    assert len(mail.outbox) == 3


def test_queued_reminder_run_without_date_takes_the_workers_day(db):
    call_command("send_reminders", "--queue", stdout=io.StringIO())
    assert DBTaskResult.objects.get().args_kwargs["args"] == [None]


def test_oparl_synchronisation_runs_as_a_task(municipality, tasks_immediately):
    # The specification's examples are Köln's: accepted into Teststadt on purpose.
    result = sync_oparl.enqueue(municipality.slug, str(EXAMPLES_DIR), accept_other_body=True)
    assert result.status == TaskResultStatus.SUCCESSFUL, result.errors
    assert "Vorlage" in result.return_value
    assert Paper.objects.filter(reference="1234/2014", municipality=municipality).exists()
    assert AuditEntry.objects.filter(actor="OParl-Abgleich", model="council.Paper").exists()
