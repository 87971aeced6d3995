"""Running a web import as an ``ImportJob``: a task on the queue, run by a worker.

The upload page stores the file (``save_upload``) and starts the job
(``core.tasks.start_import``); a worker process (``sozialplanung worker``) runs
``execute``: it looks up the importer of the job's kind (``register_runner``, filled by
the apps that own the importers), writes progress and a heartbeat to the job row and
deletes the file at the end. The progress page polls the row.

The importers are all-or-nothing and may hold a transaction while they work, so
progress is written to the row only when no transaction is open (a row written inside
the import's transaction would be invisible until the end, and rolled back on
failure). While the importer stores its rows without reporting progress, a heartbeat
thread with its own database connection keeps the row's ``heartbeat`` fresh.

A worker that dies (killed, out of memory, machine gone) leaves its job running with
a heartbeat that ages: ``fail_dead_jobs`` (run by every worker at start and
periodically) and ``fail_if_dead`` (run by the job page) mark such a job failed after
``TASK_HEARTBEAT_TIMEOUT`` seconds and remove its upload file.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, connection
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from sozialplanung.core.audit import ActingUser, Process
from sozialplanung.core.models import ImportJob

from . import ImportFailed, ImportResult

log = logging.getLogger(__name__)

#: How many problems a failed job keeps; a file with a problem in every row would
#: otherwise make a job record (and its page) as large as the file.
STORED_PROBLEMS = 100


class JobResult(Protocol):
    """What a runner gives back: rows (or objects) handled and a summary for the page."""

    rows: int

    def summary(self) -> str: ...


#: ``runner(path, *, job, progress, filename) -> ImportResult``: runs the importer of
#: one job kind with the job's municipality, user and options.
Runner = Callable[..., ImportResult | JobResult]

#: Job kind -> its runner; the apps owning the importers register them when they load
#: (``areas.apps``), so that core needs no import of them.
RUNNERS: dict[str, Runner] = {}


class JobTexts(NamedTuple):
    """What a failed job of one kind tells the user (lazy: translated when stored)."""

    invalid: Any = gettext_lazy("The file has errors. Nothing was imported.")
    crashed: Any = gettext_lazy(
        "The import stopped because of an unexpected error. Nothing was imported. "
        "Please tell the administrators."
    )
    dead: Any = gettext_lazy(
        "The import was stopped because the background process no longer responds "
        "(no sign of life since %(time)s). Nothing was imported. Please upload the "
        "file again."
    )


#: Kinds that read no uploaded file (an OParl server), and kinds with texts of their own.
WITHOUT_UPLOAD: set[str] = set()
TEXTS: dict[str, JobTexts] = {}


def register_runner(
    kind: str, runner: Runner, *, upload: bool = True, texts: JobTexts | None = None
) -> None:
    RUNNERS[kind] = runner
    if not upload:
        WITHOUT_UPLOAD.add(kind)
    if texts is not None:
        TEXTS[kind] = texts


def texts(job: ImportJob) -> JobTexts:
    return TEXTS.get(job.kind, JobTexts())


def save_upload(upload: UploadedFile) -> Path:
    """Store the upload under MEDIA_ROOT/imports/ with a unique name, same suffix."""
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    suffix = "".join(Path(upload.name or "").suffixes[-2:]).lower()[:20]
    target = folder / f"{uuid.uuid4().hex}{suffix}"
    with target.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return target


def upload_path(job: ImportJob) -> Path | None:
    """The job's stored upload file, or None once it is gone."""
    return Path(settings.MEDIA_ROOT) / job.upload if job.upload else None


def execute(job_id: int) -> None:
    """Run the import of job ``job_id``, record the outcome, delete the uploaded file."""
    # The messages are stored for every later reader: in the interface's language.
    with override(settings.LANGUAGE_CODE):
        _execute(job_id)


def _execute(job_id: int) -> None:
    job = ImportJob.objects.select_related("municipality", "user").get(pk=job_id)
    if job.is_finished:  # declared dead before a worker got to it: nothing left to do
        return
    path = upload_path(job)
    job.status = ImportJob.Status.RUNNING
    job.heartbeat = timezone.now()
    job.save(update_fields=["status", "heartbeat", "modified"])
    last_write = [0.0]

    def progress(done: int, total: int, stage: str | None = None) -> None:
        job.done, job.total = done, total
        if stage is not None:
            job.stage = stage
        now = time.monotonic()
        # A new stage is written at once: it is what the page names.
        if not connection.in_atomic_block and (now - last_write[0] > 0.5 or stage is not None):
            last_write[0] = now
            ImportJob.objects.filter(pk=job.pk).update(
                done=done, total=total, stage=job.stage, heartbeat=timezone.now()
            )

    heartbeat = Heartbeat(job.pk)
    heartbeat.start()
    try:
        if job.kind not in WITHOUT_UPLOAD and (path is None or not path.exists()):
            raise FileNotFoundError(path)
        run = RUNNERS[job.kind]
        result = run(path, job=job, progress=progress, filename=job.filename)
    except ImportFailed as exc:
        job.status = ImportJob.Status.FAILED
        job.problems = stored_problems(job, exc)
        job.message = str(texts(job).invalid)
    except Exception:  # the job must end, and say so, whatever the importer did
        log.exception("Import %s failed", job.pk)
        job.status = ImportJob.Status.FAILED
        job.message = str(texts(job).crashed)
    else:
        job.status = ImportJob.Status.DONE
        job.summary = result.summary()
        job.done = job.total = result.rows
        job.message = _("The import is complete.")
    finally:
        heartbeat.stop()
        if path is not None:
            path.unlink(missing_ok=True)
    job.upload = ""
    job.finished = job.heartbeat = timezone.now()
    job.save()


def acting_user(job: ImportJob) -> ActingUser:
    """Who the audit trail names for the job's changes: the uploader."""
    return job.user if job.user is not None else Process("Web-Import")


def stored_problems(job: ImportJob, exc: ImportFailed) -> list[dict[str, Any]]:
    problems: list[dict[str, Any]] = [
        {"file": p.file, "row": p.row, "column": p.column, "message": p.message, "unit": p.unit}
        for p in exc.problems[:STORED_PROBLEMS]
    ]
    rest = len(exc.problems) - STORED_PROBLEMS
    if rest > 0:
        problems.append(
            {
                "file": job.filename,
                "row": None,
                "column": None,
                "unit": "Zeile",
                "message": f"… und {rest} weitere Probleme",
            }
        )
    return problems


class Heartbeat:
    """Touches the job's ``heartbeat`` every few seconds until stopped.

    A thread of its own, so its own database connection: it goes on while the importer
    stores rows inside a transaction (on SQLite it waits for that transaction's write
    lock, and a beat that waits too long is skipped).
    """

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, daemon=True, name=f"heartbeat-{job_id}")

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join()

    def _beat(self) -> None:
        try:
            while not self.stopped.wait(heartbeat_interval()):
                try:
                    ImportJob.objects.filter(
                        pk=self.job_id, status=ImportJob.Status.RUNNING
                    ).update(heartbeat=timezone.now())
                except DatabaseError as exc:  # on SQLite: the importer holds the write lock
                    log.info("Heartbeat of import %s skipped: %s", self.job_id, exc)
        finally:
            connection.close()


def heartbeat_interval() -> float:
    """A tenth of the timeout, between 1 s and a minute: several beats per timeout."""
    return float(min(max(settings.TASK_HEARTBEAT_TIMEOUT / 10, 1), 60))


def dead_before(now: dt.datetime | None = None) -> dt.datetime:
    """A running job whose last heartbeat is older than this has lost its worker."""
    return (now or timezone.now()) - dt.timedelta(seconds=settings.TASK_HEARTBEAT_TIMEOUT)


def fail_dead_jobs() -> int:
    """Mark every job whose worker died as failed; how many there were."""
    dead = ImportJob.objects.filter(status=ImportJob.Status.RUNNING, heartbeat__lt=dead_before())
    return sum(_fail_dead(job) for job in dead.select_related("municipality"))


def fail_if_dead(job: ImportJob) -> bool:
    """The job page's cheap check: this one job, from the row already loaded."""
    if job.status != ImportJob.Status.RUNNING or job.heartbeat is None:
        return False
    if job.heartbeat >= dead_before():
        return False
    return _fail_dead(job)


def _fail_dead(job: ImportJob) -> bool:
    """Fail the job unless it has moved on meanwhile (a late heartbeat, a finish)."""
    seen = job.heartbeat
    with override(settings.LANGUAGE_CODE):
        message = str(texts(job).dead) % {
            "time": timezone.localtime(seen).strftime("%d.%m.%Y %H:%M:%S") if seen else "–"
        }
    now = timezone.now()
    changed = ImportJob.objects.filter(
        pk=job.pk, status=ImportJob.Status.RUNNING, heartbeat=seen
    ).update(status=ImportJob.Status.FAILED, message=message, finished=now, upload="")
    if not changed:
        job.refresh_from_db()
        return False
    path = upload_path(job)
    if path is not None:
        path.unlink(missing_ok=True)
    _fail_task(job.task_id, message)
    log.warning("Import %s failed: its worker no longer responds", job.pk)
    job.refresh_from_db()
    return True


def _fail_task(task_id: str, message: str) -> None:
    """The queue's own record of the task says failed too (no worker will end it)."""
    if not task_id:
        return
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(id=task_id, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED, finished_at=timezone.now(), traceback=message
    )
