"""Web imports on the real queue: a worker process runs them; a killed worker's job fails.

These tests start ``sozialplanung worker`` as a separate process against the test
database, so they need committed rows (``transaction=True``).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from sozialplanung.areas.models import IndicatorValue
from sozialplanung.core.imports.jobs import upload_path
from sozialplanung.core.models import ImportJob
from sozialplanung.core.visibility import Role
from tests.worker import worker_process

from .test_import import GOOD, indicator_post

pytestmark = pytest.mark.django_db(transaction=True)

DEAD = "weil der Hintergrundprozess nicht mehr antwortet"


@pytest.fixture
def planner(client_for, indicators, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return client_for(Role.SOZIALPLANUNG)


def upload(planner) -> tuple[ImportJob, str]:
    """Post the good file; the job and the address of its page."""
    response = planner.post("/teststadt/import/", indicator_post(GOOD))
    assert response.status_code == 302
    return ImportJob.objects.get(), response["Location"]


def test_the_upload_waits_on_the_queue_until_a_worker_process_runs_it(planner):
    job, page = upload(planner)
    assert job.status == ImportJob.Status.PENDING
    assert upload_path(job).exists()
    body = planner.get(page).content.decode()
    assert "Der Import wartet auf den Hintergrundprozess." in body
    assert 'hx-trigger="every 1s"' in body
    task = DBTaskResult.objects.get(id=job.task_id)
    assert task.status == TaskResultStatus.READY and task.args_kwargs["args"] == [job.pk]

    worker = worker_process("--once")
    output, _ = worker.communicate(timeout=120)
    assert worker.returncode == 0, output

    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    assert "4 Zeilen gelesen" in job.summary and job.heartbeat is not None
    assert not any((Path(settings.MEDIA_ROOT) / "imports").iterdir())  # upload deleted
    assert IndicatorValue.objects.filter(indicator__slug="einwohner", period="2024").count() > 4
    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL and task.return_value == "done"
    assert len(task.worker_ids) == 1
    body = planner.get(page + "fortschritt/").content.decode()
    assert "hx-trigger" not in body and "4 Zeilen gelesen" in body


@pytest.mark.parametrize("detected_by", ["job page", "next worker"])
def test_a_killed_worker_leaves_a_failed_job_without_upload(planner, settings, detected_by):
    job, page = upload(planner)
    # The stored upload becomes a named pipe: the worker's importer blocks reading it
    # until the test writes, so the test kills the worker mid-import, deterministically.
    fifo = upload_path(job)
    fifo.unlink()
    os.mkfifo(fifo)
    worker = worker_process()
    opened: list[int] = []
    writer = threading.Thread(target=lambda: opened.append(os.open(fifo, os.O_WRONLY)))
    writer.start()
    writer.join(timeout=120)  # open() returns once the importer has opened the file
    if writer.is_alive():
        worker.kill()
        os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))  # unblocks the writer
        pytest.fail(f"the worker never read the upload:\n{worker.communicate()[0]}")
    os.write(opened[0], GOOD[:30].encode())  # half a file, and no end to it

    job.refresh_from_db()
    assert job.status == ImportJob.Status.RUNNING and job.heartbeat is not None
    assert 'hx-trigger="every 1s"' in planner.get(page).content.decode()  # alive: polls on

    worker.kill()
    worker.wait(timeout=60)
    os.close(opened[0])
    job.refresh_from_db()
    assert job.status == ImportJob.Status.RUNNING  # nobody has noticed yet

    if detected_by == "job page":
        settings.TASK_HEARTBEAT_TIMEOUT = 0
        body = planner.get(page).content.decode()
    else:
        sweeper = worker_process("--once", env={"SOZIALPLANUNG_TASK_HEARTBEAT_TIMEOUT": "0"})
        output, _ = sweeper.communicate(timeout=120)
        assert sweeper.returncode == 0, output
        assert "1 Import(e) ohne lebenden Worker als fehlgeschlagen markiert." in output
        body = planner.get(page).content.decode()

    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and job.finished is not None
    assert DEAD in job.message and "Es wurde nichts importiert." in job.message
    assert DEAD in body and "hx-trigger" not in body  # the page stops polling
    assert not fifo.exists() and job.upload == ""
    assert not IndicatorValue.objects.filter(period="2024").exists()
    task = DBTaskResult.objects.get(id=job.task_id)
    assert task.status == TaskResultStatus.FAILED and DEAD in task.traceback
