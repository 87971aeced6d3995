"""Pages of a resolution's status letter (Beschlusskontrolle): the draft, the assembled
letter, and its release.

They stand apart from the paper, resolution and report pages in ``views`` because the
letter has a life of its own: only the social planning unit drafts and releases it
(``letter_page``), a draft is for internal readers only, and a released letter no longer
changes. Reads go through ``visible_to`` (``letters.access.readable_letter``) as on the
other council pages, whose page context and resolution lookup these share (``views``);
writes go through ``actions``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sozialplanung.core.concurrency import (
    EditConflict,
    Shown,
    conflict_message,
    issue_token,
    posted_version,
    read_token,
    record_shows,
    refuse,
    shown,
    token_to_show,
)
from sozialplanung.core.models import Municipality
from sozialplanung.core.pages import municipality_or_404, municipality_page
from sozialplanung.core.visibility import is_internal

from . import actions
from .forms import LetterDraftForm
from .letter_actions import PAST_CONTROL
from .letters import build_letter_content
from .letters.access import readable_letter
from .letters.compose import proposed_next_control, stated_reports
from .letters.config import letter_texts
from .models import Resolution, StatusLetter, StatusReport
from .views import _context, _optional_url, _visible_resolution

letter_page = municipality_page(
    lambda user, municipality: actions.can_manage_letters(user, municipality.pk),
    refusal=gettext_lazy("Only the social planning unit may draft status letters."),
)


@municipality_page()
def letter_draft(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    """Draft the status letter of a resolution (pk) from its newest reports."""
    # A resolution the reader may not see is a 404 first, for everyone: nothing to learn.
    resolution = _visible_resolution(request, municipality, pk)
    return _letter_draft_form(request, municipality.slug, resolution=resolution)


@letter_page
def _letter_draft_form(
    request: HttpRequest, municipality: Municipality, *, resolution: Resolution
) -> HttpResponse:
    draft = resolution.letters.filter(state=StatusLetter.State.DRAFT).first()
    initial = _draft_initial(municipality, resolution, draft)
    form = LetterDraftForm(request.POST or None, initial=initial)
    version_token = token_to_show(request, draft, form, extra=_state_shows(draft))
    if request.method == "POST" and form.is_valid():
        try:
            letter = actions.draft_status_letter(
                resolution,
                acting_user=request.user,
                version=posted_version(request.POST),
                **form.cleaned_data,
            )
        except EditConflict as conflict:
            # What the form edits now: the current draft, or none (a new one comes next).
            draft = resolution.letters.filter(state=StatusLetter.State.DRAFT).first()
            form = LetterDraftForm(
                request.POST, initial=_draft_initial(municipality, resolution, draft)
            )
            version_token = refuse(
                request, conflict, form, extra=_state_shows(conflict.record), record=draft
            )
        except ValidationError as exc:
            past = exc.code == PAST_CONTROL
            form.ask_confirmation = past
            form.add_error("next_control_date" if past else None, exc)
        else:
            messages.success(request, _("The draft of the status letter is ready."))
            return redirect("council:letter", municipality.slug, letter.pk)
    items = list(resolution.items.select_related("responsible_office").order_by("order", "id"))
    newest = actions.newest_open_reports(resolution)
    # What the letter will state per item: a new report, or the last published status.
    stated = stated_reports(draft or StatusLetter(resolution=resolution), attached=newest.values())
    rows = [
        {
            "item": item,
            "report": newest.get(item.pk),
            "stated": stated[item.pk].status if item.pk in stated else None,
        }
        for item in items
    ]
    return render(
        request,
        "council/letter_draft.html",
        _context(
            request,
            municipality,
            resolution=resolution,
            paper=resolution.paper,
            form=form,
            rows=rows,
            missing=[r["item"].number for r in rows if r["stated"] is None],
            draft=draft,
            version_token=version_token,
        ),
    )


def _draft_initial(
    municipality: Municipality, resolution: Resolution, draft: StatusLetter | None
) -> dict[str, Any]:
    texts = letter_texts(municipality.slug, municipality.name)
    today = timezone.localdate()
    return {
        "date": today,
        "next_control_date": draft.next_control_date
        if draft
        else proposed_next_control(resolution, today),
        "file_reference": draft.file_reference if draft else texts.file_reference,
        "sender": draft.sender if draft else texts.department,
        "addressees": draft.addressees if draft else texts.addressees,
    }


def _state_shows(letter: Any) -> Shown:
    return record_shows(letter, ["state"]) if isinstance(letter, StatusLetter) else {}


def _letter_shows(letter: StatusLetter) -> Shown:
    """What the letter page shows before a release: the letter and the reports in it."""
    reports = letter.reports.select_related("item").order_by("item__order", "item_id")
    words = "; ".join(f"{r.item.number}: {r.get_status_display()}" for r in reports)
    fields = ["date", "file_reference", "sender", "addressees", "next_control_date", "state"]
    return record_shows(letter, fields) | {
        "reports": shown(_("Status reports"), words or "–", [r.pk for r in reports])
    }


def letter_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The assembled letter as a page; drafts are for internal readers only."""
    municipality = municipality_or_404(slug)
    letter = readable_letter(municipality, request.user, pk)
    if letter.state == StatusLetter.State.DRAFT and not is_internal(request.user):
        raise Http404
    can_release = letter.state == StatusLetter.State.DRAFT and actions.can_manage_letters(
        request.user, municipality.pk
    )
    return render(
        request,
        "council/letter.html",
        _context(
            request,
            municipality,
            letter=letter,
            resolution=letter.resolution,
            paper=letter.resolution.paper,
            content=build_letter_content(letter),
            can_release=can_release,
            version_token=issue_token(letter, _letter_shows(letter)) if can_release else "",
            pdf=_optional_url("council:letter_pdf", slug, letter.pk),
            docx=_optional_url("council:letter_docx", slug, letter.pk),
        ),
    )


@letter_page
def letter_release(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    """Release asks first: a page says what the release does and that it is final; only
    its confirmed form releases. The version is the one of the letter page read before
    (carried along), so that a letter redrafted meanwhile is not released unseen."""
    letter = readable_letter(municipality, request.user, pk)
    if letter.state == StatusLetter.State.RELEASED:
        return redirect("council:letter", municipality.slug, letter.pk)
    if request.method != "POST" or not request.POST.get("confirmed"):
        carried = request.POST.get("version") or request.GET.get("version")
        content = build_letter_content(letter)
        return render(
            request,
            "council/letter_release.html",
            _context(
                request,
                municipality,
                letter=letter,
                resolution=letter.resolution,
                paper=letter.resolution.paper,
                content=content,
                points=list(zip(content.points, content.answers, strict=False)),
                version_token=carried or issue_token(letter, _letter_shows(letter)),
            ),
        )
    try:
        actions.release_status_letter(
            letter, acting_user=request.user, version=posted_version(request.POST)
        )
    except EditConflict as conflict:
        changed = conflict.record
        message = conflict_message(
            changed,
            read_token(request.POST),
            _letter_shows(changed),  # type: ignore[arg-type]
            request.user,
            consequence=_("The letter is not released yet."),
            parts_in=[StatusReport],
            next_step=_("Please read the letter again and release it then."),
        )
        messages.error(request, message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The status letter is released. It can no longer change."))
    return redirect("council:letter", municipality.slug, letter.pk)
