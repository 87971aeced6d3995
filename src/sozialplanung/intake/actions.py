"""Turning a reviewed intake draft into council data, through the council actions.

``confirm_draft`` runs in one transaction: the paper (upserted by reference), its
consultation sequence, the resolution with its items, and the status reports. Records
that already exist are linked, not duplicated; a status letter read in never overwrites
the paper or the resolution it reports on.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from sozialplanung.core.audit import ActingUser, is_process, save_audited
from sozialplanung.core.models import Municipality
from sozialplanung.core.visibility import can_edit_planning_data, strictest
from sozialplanung.council import actions as council
from sozialplanung.council.models import (
    Body,
    Meeting,
    Paper,
    Resolution,
    StatusLetter,
    StatusReport,
)

from . import IntakeResult
from .models import IntakeDraft, ReadDocument

LETTER = "beschlusskontrolle"


def upload_folder() -> Path:
    return Path(settings.MEDIA_ROOT) / "intake"


def save_upload(upload: UploadedFile) -> Path:
    """Store the upload under MEDIA_ROOT/intake/ under a random name, same suffix."""
    folder = upload_folder()
    folder.mkdir(parents=True, exist_ok=True)
    suffix = Path(upload.name or "").suffix.lower()[:10]
    target = folder / f"{uuid.uuid4().hex}{suffix}"
    with target.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return target


def remove_upload(path: Path) -> None:
    path.unlink(missing_ok=True)


def _check_may_read_in(acting_user: ActingUser, municipality: Municipality) -> None:
    # A process (the operator's ``intake-bulk``) acts for the installation.
    if not is_process(acting_user) and not can_edit_planning_data(acting_user, municipality.pk):  # type: ignore[arg-type]
        raise PermissionDenied(_("Only the social planning unit may read in documents."))


def store_draft(
    municipality: Municipality,
    *,
    acting_user: ActingUser,
    file_name: str,
    path: Path,
    result: IntakeResult,
    content_hash: str = "",
) -> IntakeDraft:
    _check_may_read_in(acting_user, municipality)
    return IntakeDraft.objects.create(
        municipality=municipality,
        user=None if is_process(acting_user) else acting_user,
        content_hash=content_hash,
        file_name=file_name[:300],
        stored_name=path.name,
        fields=result.fields,
        text=result.text,
        uncertain=sorted(result.uncertain),
        warnings=list(result.warnings),
        source_kind=result.source_kind,
    )


def discard_draft(draft: IntakeDraft) -> None:
    if draft.stored_name:
        remove_upload(upload_folder() / draft.stored_name)
    draft.delete()


@dataclass
class Reviewed:
    """What the user confirmed: the cleaned main form and the formsets' rows."""

    main: dict[str, Any]
    consultations: list[dict[str, Any]] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)
    statuses: list[dict[str, Any]] = field(default_factory=list)


class DraftProblem(ValidationError):
    """A confirmed draft that cannot be saved as it stands; ``field`` names the form field."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _body(municipality: Municipality, name: str, acting_user: ActingUser) -> Body:
    found = Body.objects.filter(municipality=municipality, name=name).first()
    if found:
        return found
    lower = name.lower()
    kind = Body.Kind.OTHER
    if lower in ("stadtrat", "gemeinderat", "kreistag", "rat der stadt"):
        kind = Body.Kind.COUNCIL
    elif "ausschuss" in lower:
        kind = Body.Kind.COMMITTEE
    elif "ortschaftsrat" in lower or "stadtbezirksbeirat" in lower:
        kind = Body.Kind.LOCAL_COUNCIL
    elif "beirat" in lower or "ältestenrat" in lower:
        kind = Body.Kind.ADVISORY_BOARD
    elif "konferenz" in lower or "dienstberatung" in lower:
        kind = Body.Kind.ADMINISTRATION
    return council.save_body(municipality, name, kind=kind, acting_user=acting_user)


def _meeting(municipality: Municipality, session: str, acting_user: ActingUser) -> Meeting | None:
    if not session:
        return None
    found = Meeting.objects.filter(municipality=municipality, session_number=session).first()
    return found or council.save_meeting(
        municipality,
        session,
        name=_("Meeting %(session)s") % {"session": session},
        acting_user=acting_user,
    )


def _save_paper(
    municipality: Municipality, reviewed: Reviewed, acting_user: ActingUser, text: str
) -> Paper:
    main = reviewed.main
    existing = Paper.objects.filter(municipality=municipality, reference=main["reference"]).first()
    if main["doc_type"] == LETTER and existing is not None:
        # A status letter is about the paper; it does not say what the paper is.
        return existing
    letter = main["doc_type"] == LETTER
    consultations = None
    if reviewed.consultations:
        consultations = [
            council.ConsultationRecord(
                body=_body(municipality, row["body"], acting_user),
                date=row["date"],
                public=row["public"],
                role=row["role"],
            )
            for row in reviewed.consultations
        ]
    keep = existing
    return council.save_paper(
        municipality,
        main["reference"],
        name=main["subject"] or (keep.name if keep else main["reference"]),
        kind=main["paper_kind"],
        date=(keep.date if keep else None) if letter else (main["date"] or (keep and keep.date)),
        originator=main["submitter"] or (keep.originator if keep else ""),
        responsible_office=(keep.responsible_office if keep else None) or main["office"],
        text=(keep.text if keep and keep.text else ("" if letter else text)),
        visibility=main["visibility"],
        consultations=consultations,
        acting_user=acting_user,
    )


def _find_resolution(
    paper: Paper, meeting: Meeting | None, day: dt.date | None
) -> Resolution | None:
    found = Resolution.objects.filter(paper=paper, deleted=False)
    if meeting is not None:
        # A Vorlage read in before names no session; its resolution is the one a later
        # letter with the session reports on (the letter then adds the meeting to it).
        return (
            found.filter(meeting=meeting).first()
            or found.filter(meeting=None).order_by("-date", "-id").first()
        )
    if day is not None and found.filter(date=day).exists():
        return found.filter(date=day).first()
    return found.order_by("-date", "-id").first()


def _save_resolution(
    paper: Paper, reviewed: Reviewed, meeting: Meeting | None, acting_user: ActingUser
) -> Resolution:
    main = reviewed.main
    letter = main["doc_type"] == LETTER
    existing = _find_resolution(paper, meeting, main["resolution_date"])
    if existing is not None and existing.meeting is None and meeting is not None:
        # the session now known goes onto the resolution, which save_resolution then
        # finds by it (instead of making a second one)
        existing, _changed = save_audited(
            existing,
            {"meeting": meeting},
            acting_user=acting_user,
            visibility=strictest(existing.visibility, paper.visibility),
        )
    day = (existing.date if existing and letter else None) or main["resolution_date"]
    day = day or (existing.date if existing else None)
    if day is None:
        raise DraftProblem(
            _("Give the date of the resolution: there is no resolution on this paper yet."),
            "resolution_date",
        )
    old_items = {i.number: i for i in existing.items.all()} if existing else {}
    wanted = {row["number"]: row["text"] for row in reviewed.items}
    for row in reviewed.statuses:
        wanted.setdefault(row["number"], "")
    records = []
    numbers = list(old_items) + [n for n in wanted if n not in old_items]
    for number in numbers:
        old = old_items.get(number)
        # A status letter quotes the items, often OCR-damaged: the stored text stays.
        text = (
            old.text if old and (letter or not wanted.get(number)) else wanted.get(number)
        ) or ""
        records.append(
            council.ItemRecord(
                number=number,
                text=text,
                responsible_office=(old.responsible_office if old else None)
                or (main["office"] if letter else None),
                visibility=old.visibility if old else main["visibility"],
            )
        )
    texts = "\n".join(f"{r.number}. {r.text}" for r in records if r.text)

    def pick(name: str, attr: str) -> Any:
        value = main[name]
        return value if value is not None and not letter else getattr(existing, attr, None)

    deciding = next(
        (row["body"] for row in reversed(reviewed.consultations) if row["role"] == "beschliessend"),
        "",
    )
    body = existing.body if existing and existing.body else None
    if body is None and deciding:
        body = _body(paper.municipality, deciding, acting_user)
    return council.save_resolution(
        paper,
        date=day,
        meeting=meeting or (existing.meeting if existing else None),
        body=body,
        text=(existing.text if existing and existing.text else texts),
        votes_yes=pick("votes_yes", "votes_yes"),
        votes_no=pick("votes_no", "votes_no"),
        votes_abstain=pick("votes_abstain", "votes_abstain"),
        visibility=existing.visibility if existing else main["visibility"],
        items=records,
        acting_user=acting_user,
    )


def _save_reports(resolution: Resolution, reviewed: Reviewed, acting_user: ActingUser) -> int:
    main = reviewed.main
    if reviewed.statuses and main["date"] is None:
        raise DraftProblem(
            _("Give the date of the document: it is the date of the status reports."), "date"
        )
    finished = {StatusReport.Status.DONE, StatusReport.Status.SUPERSEDED}
    items = {i.number: i for i in resolution.items.all()}
    written = 0
    for row in reviewed.statuses:
        item = items[row["number"]]
        next_control = row["next_control_date"]
        if next_control is None and row["status"] not in finished:
            next_control = main["next_control_date"]
        same = (
            StatusReport.objects.filter(item=item, date=main["date"], status=row["status"])
            .select_related("letter")
            .first()
        )
        if same is not None and same.letter and same.letter.state == StatusLetter.State.RELEASED:
            continue  # already reported and frozen in a released letter
        council.record_status_report(
            item,
            date=main["date"],
            status=row["status"],
            narrative=row["narrative"],
            next_control_date=next_control,
            acting_user=acting_user,
            report=same,
            office=main["office"],
        )
        written += 1
    return written


def confirm_draft(
    draft: IntakeDraft, reviewed: Reviewed, *, acting_user: ActingUser
) -> Paper | Resolution:
    """Save the reviewed draft as council data in one transaction, then delete the draft
    and its upload. Returns the resolution, or the paper when the document has no items.

    The draft's row is locked first: of two people confirming the same draft at once,
    the second finds it gone and saves nothing (no report twice, no overwrite)."""
    municipality = draft.municipality
    _check_may_read_in(acting_user, municipality)
    with transaction.atomic():
        if not IntakeDraft.objects.select_for_update().filter(pk=draft.pk).exists():
            raise DraftProblem(
                _("This draft was saved or discarded by someone else meanwhile; nothing was saved.")
            )
        paper = _save_paper(municipality, reviewed, acting_user, draft.text)
        result: Paper | Resolution = paper
        if reviewed.items or reviewed.statuses:
            meeting = _meeting(municipality, reviewed.main["session"], acting_user)
            resolution = _save_resolution(paper, reviewed, meeting, acting_user)
            _save_reports(resolution, reviewed, acting_user)
            result = resolution
        stored = draft.stored_name
        if draft.content_hash:
            # the document is in now: a bulk intake meeting it again leaves it alone
            ReadDocument.objects.get_or_create(
                municipality=municipality,
                content_hash=draft.content_hash,
                defaults={"file_name": draft.file_name, "reference": paper.reference},
            )
        draft.delete()
    if stored:
        remove_upload(upload_folder() / stored)
    return result
