"""Drafting and releasing the status letter (Beschlusskontrolle) of a resolution.

A draft collects each item's newest report that no released letter has stated yet; the
planning unit sets the letter's next control date. Releasing publishes the letter's
reports and freezes the letter: its whole text is stored in ``StatusLetter.content``,
and every output renders that from then on (``letters.compose``).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sozialplanung.core.audit import ActingUser, author, is_process, person, save_audited
from sozialplanung.core.concurrency import (
    EditConflict,
    primary_key_in,
    require_version,
    touch,
    version_of,
)
from sozialplanung.core.visibility import strictest

from .actions import _publish, _trail_visibility, can_manage_letters
from .letters.citations import measure_citations
from .letters.compose import compose_letter_content, newest_open_reports, proposed_next_control
from .letters.content import content_to_json
from .models import Resolution, StatusLetter, StatusReport

__all__ = ["draft_status_letter", "newest_open_reports", "release_status_letter"]

#: The code of the refusal of a next control date before the letter's date: the draft
#: form answers it with a checkbox to confirm.
PAST_CONTROL = "next_control_before_letter"


def check_next_control(
    date: dt.date, next_control_date: dt.date | None, *, confirmed: bool
) -> None:
    """A letter announcing a control date before its own date needs a confirmation."""
    if next_control_date and next_control_date < date and not confirmed:
        raise ValidationError(
            _(
                "The next control date %(control)s lies before the date of the letter "
                "%(date)s. Change it, or confirm that the letter shall name it."
            )
            % {"control": f"{next_control_date:%d.%m.%Y}", "date": f"{date:%d.%m.%Y}"},
            code=PAST_CONTROL,
        )


def draft_status_letter(
    resolution: Resolution,
    *,
    date: dt.date,
    acting_user: ActingUser,
    file_reference: str = "",
    sender: str = "",
    addressees: str = "",
    visibility: str | None = None,
    next_control_date: dt.date | None = None,
    confirm_past_control: bool = False,
    version: str | None = None,
) -> StatusLetter:
    """Draft (or redraft) the status letter of ``resolution`` from each item's newest
    unreleased report. There is at most one draft per resolution: drafting again
    re-collects the reports into it.

    ``next_control_date`` is the date the letter announces; without one it is the
    earliest next control date of the open points' latest reports
    (``proposed_next_control``) where that does not lie before the letter. A date before
    the letter is refused unless ``confirm_past_control``.

    The draft's row is locked (as ``release_status_letter`` locks it), so a redraft and a
    release never interleave: a released letter is never drafted again. ``version`` is
    the version of the draft the form showed ("" for none): a redraft of a letter that
    was released or changed meanwhile, or a second draft begun meanwhile, is refused.
    """
    with transaction.atomic():
        if not is_process(acting_user) and not can_manage_letters(
            person(acting_user), resolution.municipality_id
        ):
            raise PermissionDenied(_("Only the social planning unit may draft status letters."))
        letter = (
            resolution.letters.select_for_update().filter(state=StatusLetter.State.DRAFT).first()
        )
        if version is not None and version != version_of(letter):
            # Name the letter the form showed where it still exists (released meanwhile).
            seen = StatusLetter.objects.filter(pk=primary_key_in(version) or None).first()
            raise EditConflict(seen if seen is not None and letter is None else letter)
        newest = newest_open_reports(resolution)
        if not newest:
            raise ValidationError(_("There is no new status report for this resolution."))
        if next_control_date is None:
            proposed = proposed_next_control(resolution, date)
            next_control_date = proposed if proposed and proposed >= date else None
        check_next_control(date, next_control_date, confirmed=confirm_past_control)
        letter = letter or StatusLetter(resolution=resolution)
        own = strictest(resolution.visibility, resolution.paper.visibility)
        letter, saved = save_audited(
            letter,
            {
                "date": date,
                "file_reference": file_reference,
                "sender": sender,
                "addressees": addressees,
                "next_control_date": next_control_date,
                "visibility": visibility or own,
                "cited_measures": measure_citations(resolution, visibility or own),
            },
            acting_user=acting_user,
            visibility=strictest(visibility or own, own),
            municipality_id=resolution.municipality_id,
        )
        chosen = {r.pk for r in newest.values()}
        moved = [
            _attach(report, None, acting_user=acting_user)
            for report in StatusReport.objects.filter(letter=letter).exclude(pk__in=chosen)
        ] + [_attach(report, letter, acting_user=acting_user) for report in newest.values()]
        if any(moved) and not saved:
            touch(letter)  # other reports in it: a new version of the letter to release
        return letter


def _attach(report: StatusReport, letter: StatusLetter | None, *, acting_user: ActingUser) -> bool:
    _report, changed = save_audited(
        report,
        {"letter": letter},
        acting_user=acting_user,
        visibility=strictest(report.visibility, _trail_visibility(report, report.item)),
        municipality_id=report.item.resolution.municipality_id,
    )
    return changed


def release_status_letter(
    letter: StatusLetter, *, acting_user: ActingUser, version: str | None = None
) -> StatusLetter:
    """Release a drafted letter: its reports are published (the council reads them in the
    letter anyway) and its full text is stored, so that it never changes again.

    Releasing a released letter again changes nothing (a double click). ``version`` is
    the version of the letter the page showed: a letter redrafted since is not released
    unseen (``core.concurrency``). The row stays locked until the release is committed,
    so a redraft waits and then finds no draft."""
    with transaction.atomic():
        letter = StatusLetter.objects.select_for_update().get(pk=letter.pk)
        resolution = letter.resolution
        if not is_process(acting_user) and not can_manage_letters(
            person(acting_user), resolution.municipality_id
        ):
            raise PermissionDenied(_("Only the social planning unit may release status letters."))
        if letter.state == StatusLetter.State.RELEASED:
            return letter
        require_version(letter, version)
        if not letter.reports.exists():
            raise ValidationError(_("A status letter without reports cannot be released."))
        moment = timezone.now()
        for report in letter.reports.filter(published_at__isnull=True).select_related("item"):
            _publish(report, moment, acting_user=acting_user)
        letter.state, letter.released_at = StatusLetter.State.RELEASED, moment
        frozen = content_to_json(compose_letter_content(letter))
        letter.state, letter.released_at = StatusLetter.State.DRAFT, None
        letter, _changed = save_audited(
            letter,
            {
                "state": StatusLetter.State.RELEASED,
                "released_at": moment,
                "released_by": author(acting_user),
                "content": frozen,
            },
            acting_user=acting_user,
            visibility=strictest(
                letter.visibility, resolution.visibility, resolution.paper.visibility
            ),
            municipality_id=resolution.municipality_id,
            summary=_("Status letter released"),
        )
        return letter
