"""Running a web import as an ``ImportJob``: in a background thread or in the request.

The importers are all-or-nothing and may hold a transaction while they work, so
progress is kept in memory for the progress page of this process and written to the
job row only when no transaction is open (a row written inside the import's
transaction would be invisible until the end, and rolled back on failure).
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import close_old_connections, connection
from django.utils import timezone
from django.utils.translation import gettext as _

from sozialplanung.core.models import ImportJob

from . import ImportFailed, ImportResult

log = logging.getLogger(__name__)

# job id -> (done, total), for the progress page while the job runs in this process.
_live_progress: dict[int, tuple[int, int]] = {}
_lock = threading.Lock()

#: How many problems a failed job keeps; a file with a problem in every row would
#: otherwise make a job record (and its page) as large as the file.
STORED_PROBLEMS = 100


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


def live_progress(job: ImportJob) -> tuple[int, int]:
    with _lock:
        return _live_progress.get(job.pk, (job.done, job.total))


def thread_name(job: ImportJob) -> str:
    """The background thread of a job is findable by this name (tests wait on it)."""
    return f"import-job-{job.pk}"


def start(job: ImportJob, path: Path, run: Callable[..., ImportResult], **kwargs: Any) -> None:
    """Run ``run(path, progress=…, **kwargs)`` for ``job``; in a thread when configured."""
    if settings.IMPORT_IN_BACKGROUND:
        thread = threading.Thread(
            target=_run_in_thread,
            args=(job.pk, path, run, kwargs),
            daemon=True,
            name=thread_name(job),
        )
        thread.start()
    else:
        execute(job, path, run, **kwargs)


def _run_in_thread(job_id: int, path: Path, run: Callable[..., ImportResult], kwargs: Any) -> None:
    close_old_connections()
    try:
        execute(ImportJob.objects.get(pk=job_id), path, run, **kwargs)
    finally:
        connection.close()


def execute(job: ImportJob, path: Path, run: Callable[..., ImportResult], **kwargs: Any) -> None:
    """Run the import, record the outcome on the job, delete the uploaded file."""
    last_write = [0.0]

    def progress(done: int, total: int) -> None:
        with _lock:
            _live_progress[job.pk] = (done, total)
        now = time.monotonic()
        if not connection.in_atomic_block and now - last_write[0] > 0.5:
            last_write[0] = now
            ImportJob.objects.filter(pk=job.pk).update(done=done, total=total)

    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)
    try:
        result = run(path, progress=progress, filename=job.filename, **kwargs)
    except ImportFailed as exc:
        job.status = ImportJob.Status.FAILED
        job.problems = [
            {"file": p.file, "row": p.row, "column": p.column, "message": p.message, "unit": p.unit}
            for p in exc.problems[:STORED_PROBLEMS]
        ]
        rest = len(exc.problems) - STORED_PROBLEMS
        if rest > 0:
            job.problems.append(
                {
                    "file": job.filename,
                    "row": None,
                    "column": None,
                    "unit": "Zeile",
                    "message": f"… und {rest} weitere Probleme",
                }
            )
        job.message = _("The file has errors. Nothing was imported.")
    except Exception:  # the job must end, and say so, whatever the importer did
        log.exception("Import %s failed", job.pk)
        job.status = ImportJob.Status.FAILED
        job.message = _(
            "The import stopped because of an unexpected error. Nothing was imported. "
            "Please tell the administrators."
        )
    else:
        job.status = ImportJob.Status.DONE
        job.summary = result.summary()
        job.done = job.total = result.rows
        job.message = _("The import is complete.")
    finally:
        path.unlink(missing_ok=True)
        with _lock:
            done_total = _live_progress.pop(job.pk, None)
    if done_total and job.status == ImportJob.Status.FAILED:
        job.done, job.total = done_total
    job.finished = timezone.now()
    job.save()
