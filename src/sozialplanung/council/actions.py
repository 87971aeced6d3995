"""Every change to council data and resolution control goes through here.

Each function opens a transaction, writes the audit entry (with the visibility of the
record it is about: the trail of a confidential item is confidential) and returns the
record. The ``save_*`` functions are idempotent upserts keyed by what a council
information system prints (the paper's reference, the session number, the item number),
so the demo, the OParl import and a second run of either change nothing twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sozialplanung.core.audit import (
    ActingUser,
    author,
    is_process,
    person,
    record_change,
    save_audited,
    snapshot,
)
from sozialplanung.core.concurrency import (
    lock_unchanged,
    touch,
)
from sozialplanung.core.models import Municipality, Office
from sozialplanung.core.visibility import Role, Visibility, can_edit_planning_data, strictest

from .models import (
    Body,
    Consultation,
    Meeting,
    Paper,
    Resolution,
    ResolutionItem,
    StatusLetter,
    StatusReport,
)
from .public import tasks as public_tasks

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from sozialplanung.core.models import User


class LetterReleased(PermissionDenied):
    """A released status letter, and every report in it, is frozen."""


def item_visibility(item: ResolutionItem) -> str:
    resolution = item.resolution
    return strictest(item.visibility, resolution.visibility, resolution.paper.visibility)


def _is_admin(user: User | AnonymousUser | None) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or user.role == Role.ADMIN))


def _require_planner(acting_user: ActingUser, municipality_id: int) -> None:
    """Council master data is the planning unit's; a ``Process`` (demo, command line,
    import) is trusted."""
    if is_process(acting_user):
        return
    if not can_edit_planning_data(person(acting_user), municipality_id):
        raise PermissionDenied(_("Only the social planning unit may change council data."))


def can_report_on(user: User | AnonymousUser | None, item: ResolutionItem) -> bool:
    """Fachamt staff of the item's responsible office, the planning unit, or admins."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if not ResolutionItem.objects.visible_to(user).filter(pk=item.pk).exists():
        return False
    return may_report_on_readable(user, item)


def may_report_on_readable(user: User, item: ResolutionItem) -> bool:
    """``can_report_on`` for a logged-in ``user`` known to read ``item`` (a page that
    listed it through ``visible_to``): no query per item."""
    if _is_admin(user):
        return True
    municipality_id = item.resolution.municipality_id
    if user.municipality_id != municipality_id:
        return False
    if user.role == Role.SOZIALPLANUNG:
        return True
    return (
        user.role == Role.FACHAMT
        and user.office_id is not None
        and user.office_id == item.responsible_office_id
    )


def can_manage_letters(user: User | AnonymousUser | None, municipality_id: int) -> bool:
    """Drafting and releasing status letters is the planning unit's (and admins')."""
    return can_edit_planning_data(user, municipality_id)


# --- Bodies, meetings, papers ------------------------------------------------------------


def save_body(
    municipality: Municipality,
    name: str,
    *,
    kind: str = Body.Kind.COMMITTEE,
    short_name: str = "",
    acting_user: ActingUser,
) -> Body:
    """Create or update a body (Gremium), keyed by its name."""
    with transaction.atomic():
        _require_planner(acting_user, municipality.pk)
        body = Body.objects.filter(municipality=municipality, name=name).first()
        body = body or Body(municipality=municipality, name=name)
        values = {"kind": kind, "short_name": short_name, "deleted": False}
        body, _changed = save_audited(
            body, values, acting_user=acting_user, visibility=Visibility.PUBLIC
        )
        return body


def save_meeting(
    municipality: Municipality,
    session_number: str,
    *,
    name: str,
    start: dt.datetime | None = None,
    bodies: Iterable[Body] = (),
    acting_user: ActingUser,
) -> Meeting:
    """Create or update a meeting (Sitzung), keyed by its session number (SR/063/2024)."""
    with transaction.atomic():
        _require_planner(acting_user, municipality.pk)
        meeting = Meeting.objects.filter(
            municipality=municipality, session_number=session_number
        ).first()
        meeting = meeting or Meeting(municipality=municipality, session_number=session_number)
        # Stored and read back in UTC: compare like with like, or every re-run is a change.
        start = start.astimezone(dt.UTC) if start else None
        meeting, _changed = save_audited(
            meeting,
            {"name": name, "start": start, "deleted": False},
            acting_user=acting_user,
            visibility=Visibility.PUBLIC,
        )
        wanted = {b.pk for b in bodies}
        present = set(meeting.bodies.values_list("pk", flat=True))
        if wanted and wanted != present:
            meeting.bodies.set(wanted)
            record_change(
                meeting,
                before={"bodies": sorted(present)},
                after={"bodies": sorted(wanted)},
                acting_user=acting_user,
                summary=_("Bodies of the meeting"),
                visibility=Visibility.PUBLIC,
            )
        return meeting


@dataclass(frozen=True)
class ConsultationRecord:
    """One step of a Beratungsfolge as a paper prints it."""

    body: Body
    date: dt.date | None
    public: bool
    role: str
    meeting: Meeting | None = None


def save_paper(
    municipality: Municipality,
    reference: str,
    *,
    name: str,
    kind: str = Paper.Kind.VORLAGE,
    date: dt.date | None = None,
    originator: str = "",
    responsible_office: Office | None = None,
    text: str = "",
    visibility: str = Visibility.PUBLIC,
    consultations: Sequence[ConsultationRecord] | None = None,
    acting_user: ActingUser,
) -> Paper:
    """Create or update a paper keyed by (municipality, reference).

    ``consultations``, when given, is the whole sequence in order: steps are matched by
    position, extra old steps are removed.
    """
    with transaction.atomic():
        _require_planner(acting_user, municipality.pk)
        paper = Paper.objects.filter(municipality=municipality, reference=reference).first()
        paper = paper or Paper(municipality=municipality, reference=reference)
        values = {
            "name": name,
            "kind": kind,
            "date": date,
            "originator": originator,
            "responsible_office": responsible_office,
            "text": text,
            "visibility": visibility,
            "deleted": False,
        }
        paper, _changed = save_audited(
            paper, values, acting_user=acting_user, visibility=visibility
        )
        if consultations is not None:
            _save_consultations(paper, consultations, acting_user=acting_user)
        return paper


def _save_consultations(
    paper: Paper, records: Sequence[ConsultationRecord], *, acting_user: ActingUser
) -> None:
    existing = {c.order: c for c in Consultation.objects.filter(paper=paper)}
    for order, record in enumerate(records):
        consultation = existing.pop(order, None) or Consultation(paper=paper, order=order)
        values = {
            "body": record.body,
            "date": record.date,
            "public": record.public,
            "role": record.role,
            "meeting": record.meeting,
        }
        save_audited(
            consultation,
            values,
            acting_user=acting_user,
            visibility=paper.visibility,
            municipality_id=paper.municipality_id,
        )
    for stale in existing.values():
        before = snapshot(stale)
        stale.delete()
        record_change(
            paper,
            before=before,
            after=None,
            acting_user=acting_user,
            summary=_("Consultation step removed"),
            visibility=paper.visibility,
        )


# --- Resolutions and their items ---------------------------------------------------------


@dataclass(frozen=True)
class ItemRecord:
    """One numbered resolution item (Beschlusspunkt) as printed."""

    number: str
    text: str
    responsible_office: Office | None = None
    visibility: str = Visibility.PUBLIC


def save_resolution(
    paper: Paper,
    *,
    date: dt.date,
    meeting: Meeting | None = None,
    body: Body | None = None,
    text: str = "",
    votes_yes: int | None = None,
    votes_no: int | None = None,
    votes_abstain: int | None = None,
    visibility: str = Visibility.PUBLIC,
    items: Sequence[ItemRecord] | None = None,
    acting_user: ActingUser,
) -> Resolution:
    """Create or update the resolution on ``paper`` in ``meeting`` (or on ``date``).

    Items are matched by number. Items missing from ``items`` stay: they may carry a
    history of status reports that must not vanish with a re-import.
    """
    with transaction.atomic():
        _require_planner(acting_user, paper.municipality_id)
        found = Resolution.objects.filter(paper=paper)
        found = found.filter(meeting=meeting) if meeting else found.filter(date=date)
        resolution = found.first() or Resolution(municipality_id=paper.municipality_id, paper=paper)
        values = {
            "date": date,
            "meeting": meeting,
            "body": body,
            "text": text,
            "votes_yes": votes_yes,
            "votes_no": votes_no,
            "votes_abstain": votes_abstain,
            "visibility": visibility,
            "deleted": False,
        }
        resolution, _changed = save_audited(
            resolution,
            values,
            acting_user=acting_user,
            visibility=strictest(visibility, paper.visibility),
        )
        for order, record in enumerate(items or (), start=1):
            item = ResolutionItem.objects.filter(resolution=resolution, number=record.number)
            item = item.first() or ResolutionItem(resolution=resolution, number=record.number)
            save_audited(
                item,
                {
                    "text": record.text,
                    "order": order,
                    "responsible_office": record.responsible_office,
                    "visibility": record.visibility,
                },
                acting_user=acting_user,
                visibility=strictest(record.visibility, visibility, paper.visibility),
                municipality_id=paper.municipality_id,
            )
        return resolution


# --- Status reports and letters ----------------------------------------------------------


def record_status_report(
    item: ResolutionItem,
    *,
    date: dt.date,
    status: str,
    narrative: str = "",
    next_control_date: dt.date | None = None,
    acting_user: ActingUser,
    public_note: str | None = None,
    report: StatusReport | None = None,
    delay_reason: str = "",
    office: Office | None = None,
    version: str | None = None,
) -> StatusReport:
    """Write a new status report on ``item`` (or change ``report``, while not released).

    Only staff of the responsible office, the planning unit and admins may; a
    ``Process`` is a trusted system path (demo, import). ``office`` names the
    reporting office where a document says so (a status letter read in); otherwise it is
    the Fachamt user's office or the item's responsible office. ``public_note`` is what
    the public pages, feeds and mails show instead of the narrative (``council/public``).

    A report is a new version of its item (the item's status changes with it):
    ``version`` is the version of the item the report form showed, and a report written
    against an older one is refused (``core.concurrency``).
    """
    with transaction.atomic():
        lock_unchanged(item, version)
        if not is_process(acting_user) and not can_report_on(person(acting_user), item):
            raise PermissionDenied(
                _(
                    "Only the responsible office or the social planning unit may report on this item."
                )
            )
        if status not in StatusReport.Status.values:
            raise ValidationError(_("Unknown status: %(status)s") % {"status": status})
        if report is not None:
            report = StatusReport.objects.select_for_update().get(pk=report.pk)
            if report.item_id != item.pk:
                raise ValidationError(_("The report belongs to another item."))
            if report.letter_id and report.letter.state == StatusLetter.State.RELEASED:
                raise LetterReleased(
                    _("This report is part of a released status letter and can no longer change.")
                )
        writer = author(acting_user)
        office = office or (
            writer.office
            if writer is not None and writer.role == Role.FACHAMT and writer.office_id
            else item.responsible_office
        )
        values: dict[str, Any] = {
            "date": date,
            "status": status,
            "narrative": narrative.strip(),
            "delay_reason": delay_reason.strip(),
            # None keeps a changed report's public note (a document read in has none).
            "public_note": (public_note if public_note is not None else _note_of(report)).strip(),
            "next_control_date": next_control_date,
            "office": office,
            "visibility": report.visibility if report is not None else item.visibility,
        }
        if report is not None and any(getattr(report, k) != v for k, v in values.items()):
            # A changed report is a new draft: the public keeps nothing it has not seen
            # the planning unit publish.
            values |= {"published_at": None, "published_by": None}
        if report is None:
            report = StatusReport(item=item, author=writer)
        report, changed = save_audited(
            report,
            values,
            acting_user=acting_user,
            visibility=_trail_visibility(report, item),
            municipality_id=item.resolution.municipality_id,
            summary=_("Status report on item %(number)s: %(status)s")
            % {"number": item.number, "status": StatusReport.Status(status).label},
        )
        if changed:
            touch(item)
        return report


def _note_of(report: StatusReport | None) -> str:
    return report.public_note if report is not None else ""


def _trail_visibility(report: StatusReport, item: ResolutionItem) -> str:
    """The audit trail of an unpublished report is as internal as the report itself."""
    own = item_visibility(item)
    return own if report.published_at else strictest(own, Visibility.NON_PUBLIC)


def can_publish(user: User | AnonymousUser | None, report: StatusReport) -> bool:
    """Publishing a status report is the planning unit's (and admins'), like releasing."""
    return can_manage_letters(user, report.item.resolution.municipality_id)


def publish_status_report(report: StatusReport, *, acting_user: ActingUser) -> StatusReport:
    """Publish one report on its own (without a letter): from now on every reader who may
    read its item reads it. Publishing a published report changes nothing."""
    with transaction.atomic():
        report = StatusReport.objects.select_for_update().select_related("item").get(pk=report.pk)
        if not is_process(acting_user) and not can_publish(person(acting_user), report):
            raise PermissionDenied(_("Only the social planning unit may publish status reports."))
        if report.published_at is None:
            _publish(report, timezone.now(), acting_user=acting_user)
        return report


def _publish(report: StatusReport, moment: dt.datetime, *, acting_user: ActingUser) -> None:
    save_audited(
        report,
        {"published_at": moment, "published_by": author(acting_user)},
        acting_user=acting_user,
        visibility=item_visibility(report.item),
        municipality_id=report.item.resolution.municipality_id,
        summary=_("Status report published"),
    )
    public_tasks.announce(report)  # mails to the public's subscribers, after the commit


# The status letter's actions live in ``letter_actions``; re-exported here so that callers
# keep one place for every change (that module imports this one, hence at the end).
from .letter_actions import draft_status_letter as draft_status_letter  # noqa: E402
from .letter_actions import newest_open_reports as newest_open_reports  # noqa: E402
from .letter_actions import release_status_letter as release_status_letter  # noqa: E402
