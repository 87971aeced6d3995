"""The core's tasks on the queue (django-tasks): web imports.

A task takes only JSON values (ids, strings); everything else it needs is in the
database, so a worker on another machine can run it. The apps above core keep their
own tasks in their ``tasks.py`` (OParl synchronisation in council, reminder runs in
council and offers).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django_tasks import task

from sozialplanung.core.imports import jobs
from sozialplanung.core.models import ImportJob


@task()
def run_import_job(job_id: int) -> str:
    """Run one web import (``core.imports.jobs.execute``); returns the job's status."""
    jobs.execute(job_id)
    return str(ImportJob.objects.values_list("status", flat=True).get(pk=job_id))


def start_import(job: ImportJob, path: Path, **options: Any) -> None:
    """Attach the stored upload and the importer's options to ``job`` and queue it.

    ``options`` must be JSON values: they travel through the database to the worker.
    """
    job.upload = str(path.relative_to(Path(settings.MEDIA_ROOT)))
    job.options = options
    job.save(update_fields=["upload", "options", "modified"])
    queue_job(job)


def queue_job(job: ImportJob) -> None:
    """Queue a job that holds everything its runner needs (upload, options)."""
    result = run_import_job.enqueue(job.pk)
    # With the immediate backend the job has run by now; only the task id is new.
    ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))
