"""Synchronisation with a council system as a job: progress, resumable, incremental.

A run is an ``ImportJob`` of kind ``oparl``; a worker runs it through
``core.imports.jobs`` (progress, heartbeat, dead workers). It works in two steps:

1. **Fetch.** The System, the body, then each list of the body page by page. Each page
   is kept as a JSON file in the run's folder below ``MEDIA_ROOT/oparl-sync/``, and
   after each page the position (which list, which page comes next) is written to the
   job row. Nothing is written to the council tables yet.
2. **Import.** Once every list is read, the kept pages go through the importer in one
   transaction, as with ``oparl-import``: all or nothing.

A run that fails (the server answers 500, the worker is killed) keeps its folder and
position; the next run of the municipality takes both over and goes on with the page
after the last one kept. The upserts of the importer make a repeated import harmless.

Incremental: every list is asked for ``modified_since`` = the time the last
successful run began to fetch (``OparlSync.last_success``); a resumed run keeps the
time of the run it continues, so nothing changed meanwhile is lost.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from sozialplanung.core.audit import ActingUser, Process, save_audited
from sozialplanung.core.imports import ImportFailed, ImportProblem
from sozialplanung.core.imports.jobs import JobTexts, register_runner
from sozialplanung.core.models import ImportJob, Municipality
from sozialplanung.core.tasks import queue_job
from sozialplanung.core.visibility import Visibility

from . import sources
from .fetch import Fetcher, failed
from .importer import import_read
from .schedule import OparlSync

#: Who the audit trail names for a scheduled run (a run started on the page: the person).
OPARL_SYNC = Process("OParl-Abgleich")
FOLDER = "oparl-sync"
#: What the progress names while a list is read ("Vorlagen: 1.200 von ~2.100").
LIST_LABELS = {
    "organization": gettext_lazy("Organisations"),
    "person": gettext_lazy("People"),
    "membership": gettext_lazy("Memberships"),
    "locationList": gettext_lazy("Locations"),
    "legislativeTermList": gettext_lazy("Legislative terms"),
    "meeting": gettext_lazy("Meetings"),
    "paper": pgettext_lazy("OParl list", "Papers"),
    "consultation": gettext_lazy("Consultations"),
    "agendaItem": gettext_lazy("Agenda items"),
    "file": gettext_lazy("Files"),
}
TEXTS = JobTexts(
    invalid=gettext_lazy(
        "The synchronisation stopped (see below). Nothing was changed yet; the pages read "
        "so far are kept, and the next run continues after them."
    ),
    crashed=gettext_lazy(
        "The synchronisation stopped because of an unexpected error. Nothing was changed "
        "yet; the next run continues after the pages read so far. If it happens again, "
        "please tell the administrators."
    ),
    dead=gettext_lazy(
        "The synchronisation was stopped because the background process no longer "
        "responds (no sign of life since %(time)s). Nothing was changed yet; the next run "
        "continues after the pages read so far."
    ),
)


@dataclass
class SyncResult:
    """What a finished run reports to its job: objects imported and the summary."""

    rows: int
    text: str

    def summary(self) -> str:
        return self.text


def runs(municipality: Municipality) -> Any:
    return ImportJob.objects.filter(municipality=municipality, kind=ImportJob.Kind.OPARL)


def is_estimate(job: ImportJob) -> bool:
    """While lists are read, the total is what the server announced: an estimate."""
    return not job.options.get("position", {}).get("fetched", False)


def start_sync(sync: OparlSync, *, user: Any = None) -> ImportJob:
    """Queue a run of ``sync``, continuing the last failed run where one is left.

    ``user``: the person who started it on the page; None for the scheduler. A run
    already waiting or running is returned instead of a second one.
    """
    with transaction.atomic():
        Municipality.objects.select_for_update().get(pk=sync.municipality_id)
        last = runs(sync.municipality).order_by("-created", "-pk").first()
        if last is not None and not last.is_finished:
            return last
        options: dict[str, Any] = {
            "source": sync.source,
            "accept_other_body": sync.accept_other_body,
            "modified_since": sync.last_success.isoformat() if sync.last_success else None,
            "folder": f"{FOLDER}/{uuid.uuid4().hex}",
            "started": None,
            "position": {"pages": 0},
        }
        resumes = last if last is not None and _resumable(last, sync) else None
        if resumes is not None:
            options = {**resumes.options, "resumes": resumes.pk}
        job = ImportJob.objects.create(
            municipality=sync.municipality,
            user=user,
            kind=ImportJob.Kind.OPARL,
            filename=sync.source[:300],
            options=options,
        )
        if resumes is not None:
            # The failed run hands its folder over: no later run may take it again.
            resumes.options = {**resumes.options, "resumed_by": job.pk}
            resumes.save(update_fields=["options", "modified"])
    queue_job(job)
    return job


def _resumable(job: ImportJob, sync: OparlSync) -> bool:
    options = job.options
    return (
        job.status == ImportJob.Status.FAILED
        and "resumed_by" not in options
        and options.get("source") == sync.source
        and bool(options.get("folder"))
        and (Path(settings.MEDIA_ROOT) / options["folder"]).is_dir()
    )


def due_syncs(now: dt.datetime | None = None) -> list[OparlSync]:
    """The enabled syncs whose time has come (by the start of their last run) and
    that have no run waiting or running."""
    now = now or timezone.now()
    due = []
    for sync in OparlSync.objects.filter(enabled=True).select_related("municipality"):
        last = runs(sync.municipality).order_by("-created").first()
        if last is not None and not last.is_finished:
            continue
        if sync.is_due(now, last.created if last else None):
            due.append(sync)
    return due


def enqueue_due(now: dt.datetime | None = None) -> list[ImportJob]:
    """Queue a run for every due sync (the systemd timer's ``oparl-sync-due``)."""
    return [start_sync(sync) for sync in due_syncs(now)]


class Run:
    """One run of a job: the fetch step with its kept pages, then the import."""

    def __init__(self, job: ImportJob, progress: Any) -> None:
        self.job = job
        self.options: dict[str, Any] = job.options
        self.position: dict[str, Any] = self.options.setdefault("position", {"pages": 0})
        self.folder = Path(settings.MEDIA_ROOT) / self.options["folder"]
        self.source: str = self.options["source"]
        self.fetcher = Fetcher(self.source)
        self.progress = progress

    def keep(self) -> None:
        """Write the options (position) to the row now: a crash after this resumes here."""
        ImportJob.objects.filter(pk=self.job.pk).update(options=self.options)

    def fetch(self) -> dict[str, Any]:
        """Read what is not kept yet; the chosen body."""
        self.folder.mkdir(parents=True, exist_ok=True)
        if not self.options.get("started"):
            self.options["started"] = timezone.now().isoformat()
            self.keep()
        body_file = self.folder / "body.json"
        if not body_file.exists():
            body_file.write_text(json.dumps(self.read_body()), "utf-8")
        body = json.loads(body_file.read_text("utf-8"))
        lists = [p for p in sources.LIST_TYPES if isinstance(body.get(p), str)]
        current = self.position.get("list")
        start = lists.index(current) if current in lists else 0
        for prop in lists[start:]:
            if prop != current:
                first = sources.first_page(body[prop], self.options.get("modified_since"))
                self.position.update(list=prop, next=first, read=0)
            self.read_list(prop)
        self.position["fetched"] = True
        self.keep()
        return body

    def read_body(self) -> dict[str, Any]:
        municipality = self.job.municipality
        system = self.fetcher.json(self.source)
        if not isinstance(system, dict) or not isinstance(system.get("body"), str):
            raise failed(self.source, "Kein OParl-System-Objekt (Eigenschaft „body“ fehlt).")
        problems: list[ImportProblem] = []
        bodies = list(sources.read_list(self.fetcher, system["body"], "Body", problems))
        if problems:
            raise ImportFailed(problems)
        return sources.choose_body(bodies, municipality.ags, municipality.name, system["body"])

    def read_list(self, prop: str) -> None:
        start = self.position.get("next")
        if not start:
            return  # read to its end before the failure
        label = str(LIST_LABELS[prop])
        problems: list[ImportProblem] = []
        kind = sources.LIST_TYPES[prop]
        for page in sources.list_pages(self.fetcher, start, kind, problems):
            if problems:  # not kept: a rerun reads this page again, and says so again
                raise ImportFailed(problems)
            number = self.position["pages"] + 1
            kept = {"list": prop, "url": page.url, "data": page.objects}
            (self.folder / f"{number:06d}.json").write_text(json.dumps(kept), "utf-8")
            read = self.position["read"] + len(page.objects)
            self.position.update(pages=number, next=page.next_url, read=read)
            self.keep()
            self.progress(read, max(page.total or 0, read), stage=label)
        self.position["next"] = None

    def kept_objects(self, body: dict[str, Any]) -> sources.Read:
        read = sources.Read(objects=[body], bodies=[body])
        for path in sorted(self.folder.glob("0*.json")):
            read.objects += json.loads(path.read_text("utf-8"))["data"]
        return read

    def run(self, acting_user: ActingUser) -> SyncResult:
        body = self.fetch()
        read = self.kept_objects(body)
        self.progress(0, len(read.objects), stage=_("Saving"))
        modified_since = self.options.get("modified_since")
        result = import_read(
            read,
            self.source,
            self.fetcher,
            municipality=self.job.municipality,
            modified_since=dt.datetime.fromisoformat(modified_since) if modified_since else None,
            progress=self.progress,
            acting_user=acting_user,
            accept_other_body=bool(self.options.get("accept_other_body")),
        )
        self.finish()
        return SyncResult(len(read.objects), result.summary())

    def finish(self) -> None:
        """Note up to when changes are fetched (for the next modified_since), drop the pages."""
        started = dt.datetime.fromisoformat(self.options["started"])
        sync = OparlSync.objects.filter(
            municipality=self.job.municipality, source=self.source
        ).first()
        if sync is not None and (sync.last_success is None or sync.last_success < started):
            save_audited(
                sync,
                {"last_success": started},
                acting_user=OPARL_SYNC,
                municipality_id=sync.municipality_id,
                visibility=Visibility.NON_PUBLIC,
                summary="OParl-Abgleich",
            )
        shutil.rmtree(self.folder, ignore_errors=True)


def run_sync(path: Path | None, *, job: ImportJob, progress: Any, filename: str) -> SyncResult:
    """The runner of ``oparl`` jobs (``core.imports.jobs.execute``)."""
    acting_user: ActingUser = job.user if job.user is not None else OPARL_SYNC
    return Run(job, progress).run(acting_user)


def register() -> None:
    register_runner(ImportJob.Kind.OPARL, run_sync, upload=False, texts=TEXTS)
