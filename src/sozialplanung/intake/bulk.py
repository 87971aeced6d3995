"""Bulk intake: a ZIP of council documents becomes one draft per new document.

Runs as an import job on the queue (``run_bulk_job``, kind "documents"), or from the
shell (``sozialplanung intake-bulk``); both call ``read_zip``. Three passes, so that a
refused archive changes nothing:

1. ``zipcheck.checked_members``: the archive's directory, checked before extracting;
2. every document member is read out (sizes enforced while reading) and hashed; the new
   ones are stored under MEDIA_ROOT/intake/ like a single upload. A member that fails
   here refuses the whole archive, and what was stored is removed;
3. each stored document is read (text, PDF, OCR, DOCX) into a draft, with progress
   ("12 von 52 Dokumenten gelesen"). A document the reader cannot read (a scan without
   OCR installed) is skipped and named; the others become drafts.

A document is known by the SHA-256 of its bytes: one that is already a draft, or whose
draft was confirmed (``ReadDocument``), is counted "schon vorhanden" and not read again,
so a second run of the same ZIP changes nothing. Grouping the drafts into chains per
paper is ``chains``.
"""

from __future__ import annotations

import hashlib
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from sozialplanung.core.audit import ActingUser
from sozialplanung.core.imports import ChangeCount, ImportResult
from sozialplanung.core.imports.jobs import acting_user as job_user
from sozialplanung.core.models import ImportJob, Municipality

from . import IntakeError, read_document
from .actions import remove_upload, store_draft, upload_folder
from .models import IntakeDraft, ReadDocument
from .zipcheck import checked_members, read_member

#: ``progress(documents_done, documents_total)``
Progress = Callable[[int, int], None]


@dataclass
class Stored:
    name: str  # the member's name in the ZIP
    path: Path
    content_hash: str


@dataclass
class BulkResult(ImportResult):
    """An import result that counts documents: created = new drafts."""

    kind: str = "documents"
    drafts: list[IntakeDraft] = field(default_factory=list)

    def summary(self) -> str:
        text = (
            f"{self.rows} Dokumente im Archiv: {self.count.created} neu als Entwurf gelesen, "
            f"{self.count.unchanged} schon vorhanden"
        )
        if self.skipped:
            text += f"; übersprungen: {'; '.join(self.skipped)}"
        return text


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def known_hashes(municipality: Municipality) -> set[str]:
    drafts = IntakeDraft.objects.filter(municipality=municipality).exclude(content_hash="")
    confirmed = ReadDocument.objects.filter(municipality=municipality)
    return set(drafts.values_list("content_hash", flat=True)) | set(
        confirmed.values_list("content_hash", flat=True)
    )


def _store_new(path: Path, filename: str, known: set[str]) -> tuple[list[Stored], int, list[str]]:
    """Pass 1 and 2: the new documents stored, how many were known, what was skipped."""
    members = checked_members(path, filename)
    stored: list[Stored] = []
    seen = set(known)
    unchanged = 0
    folder = upload_folder()
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with zipfile.ZipFile(path) as archive:
            for info in members.documents:
                data = read_member(archive, info, filename)
                digest = content_hash(data)
                if digest in seen:
                    unchanged += 1
                    continue
                seen.add(digest)
                suffix = PurePosixPath(info.filename).suffix.lower()
                target = folder / f"{uuid.uuid4().hex}{suffix}"
                target.write_bytes(data)
                stored.append(Stored(info.filename, target, digest))
    except BaseException:
        for document in stored:
            remove_upload(document.path)
        raise
    return stored, unchanged, members.skipped


def read_zip(
    path: Path,
    *,
    municipality: Municipality,
    acting_user: ActingUser,
    filename: str,
    progress: Progress | None = None,
) -> BulkResult:
    """Read the ZIP at ``path`` into drafts of ``municipality``; see the module docstring."""
    stored, unchanged, skipped = _store_new(path, filename, known_hashes(municipality))
    total = len(stored) + unchanged
    done = unchanged
    result = BulkResult(count=ChangeCount(unchanged=unchanged), rows=total, file=filename)
    result.skipped.extend(skipped)
    if progress is not None:
        progress(done, total)
    for document in stored:
        try:
            read = read_document(document.path, filename=PurePosixPath(document.name).name)
        except IntakeError as exc:
            remove_upload(document.path)
            result.skipped.append(f"{document.name} ({exc})")
        else:
            draft = store_draft(
                municipality,
                acting_user=acting_user,  # type: ignore[arg-type]
                file_name=document.name,
                path=document.path,
                result=read,
                content_hash=document.content_hash,
            )
            result.drafts.append(draft)
            result.count.created += 1
        done += 1
        if progress is not None:
            progress(done, total)
    return result


def run_bulk_job(path: Path, *, job: ImportJob, progress: Progress, filename: str) -> ImportResult:
    """The runner of import jobs of kind "documents" (``core.imports.jobs``)."""
    return read_zip(
        path,
        municipality=job.municipality,
        acting_user=job_user(job),
        filename=filename,
        progress=progress,
    )
