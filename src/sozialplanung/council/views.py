"""Council pages: papers, a paper, a resolution with the status history of its items,
and the status report form (the status letter's pages are in ``letter_views``).

Every read goes through ``visible_to``: a record the reader may not see is a 404, the
same answer as for a record that does not exist. Writes go through ``actions``.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sozialplanung.core.concurrency import (
    EditConflict,
    Shown,
    posted_version,
    refuse,
    shown,
    token_to_show,
)
from sozialplanung.core.models import Municipality
from sozialplanung.core.pages import (
    logged_in,
    municipality_or_404,
    municipality_page,
    page_context,
)
from sozialplanung.core.visibility import can_edit_planning_data, is_internal

from . import actions
from .data_views import paper_files_and_agenda
from .forms import PaperSearchForm, StatusReportForm
from .models import (
    Consultation,
    Paper,
    Resolution,
    ResolutionItem,
    StatusLetter,
    StatusReport,
)
from .overdue import due_items, first_control_months

NAV = "council"


def _context(request: HttpRequest, municipality: Municipality, **extra: Any) -> dict[str, Any]:
    return {
        **page_context(request, municipality, NAV),
        "internal": is_internal(request.user),
        **extra,
    }


def papers(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = municipality_or_404(slug)
    form = PaperSearchForm(request.GET or None)
    found = (
        Paper.objects.visible_to(request.user)
        .filter(municipality=municipality, deleted=False)
        .select_related("responsible_office")
    )
    if form.is_valid():
        if q := form.cleaned_data["q"].strip():
            found = found.filter(Q(reference__icontains=q) | Q(name__icontains=q))
        if kind := form.cleaned_data["art"]:
            found = found.filter(kind=kind)
    return render(
        request,
        "council/papers.html",
        _context(
            request,
            municipality,
            form=form,
            papers=found[:200],
            total=found.count(),
            can_read_in=can_edit_planning_data(request.user, municipality.pk),
        ),
    )


def paper_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    municipality = municipality_or_404(slug)
    paper = get_object_or_404(
        Paper.objects.visible_to(request.user).select_related("responsible_office"),
        municipality=municipality,
        pk=pk,
    )
    consultations = (
        Consultation.objects.visible_to(request.user)
        .filter(paper=paper)
        .select_related("body", "meeting")
        .order_by("order")
    )
    resolutions = (
        Resolution.objects.visible_to(request.user)
        .filter(paper=paper, deleted=False)
        .select_related("meeting", "body")
        .order_by("date")
    )
    return render(
        request,
        "council/paper.html",
        _context(
            request,
            municipality,
            paper=paper,
            consultations=consultations,
            resolutions=resolutions,
            **paper_files_and_agenda(request.user, paper),
        ),
    )


def _visible_resolution(request: HttpRequest, municipality: Municipality, pk: int) -> Resolution:
    return get_object_or_404(
        Resolution.objects.visible_to(request.user).select_related("paper", "meeting", "body"),
        municipality=municipality,
        pk=pk,
        deleted=False,
    )


def _optional_url(name: str, *args: Any) -> str:
    """Links to pages another part of the app may not offer (yet)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _linked_measures(
    request: HttpRequest, items: list[ResolutionItem]
) -> dict[int, tuple[list[Any], list[Any]]]:
    """Per item (with ``history`` set) the measures linked to it (reverse of
    ``Measure.resolution_items``) and its timeline: its status reports and the status
    entries of those measures, newest first. Both go through ``visible_to`` like every
    read; three queries for all items together, however many there are."""
    # The measures app sits above council: its models through the relation, not an import.
    measure_model = ResolutionItem._meta.get_field("measures").related_model
    update_model = measure_model._meta.get_field("updates").related_model
    user = request.user
    measures = list(
        measure_model.objects.visible_to(user)
        .filter(resolution_items__in=items)
        .select_related("field_of_action__plan", "responsible_office")
        .order_by("due_quarter", "title")
        .distinct()
    )
    links = set(
        ResolutionItem.measures.through.objects.filter(
            measure_id__in=[m.pk for m in measures], resolutionitem_id__in=[i.pk for i in items]
        ).values_list("resolutionitem_id", "measure_id")
    )
    updates: dict[int, list[Any]] = defaultdict(list)
    for update in (
        update_model.objects.visible_to(user)
        .filter(measure_id__in=[m.pk for m in measures])
        .order_by("-date", "-id")
    ):
        updates[update.measure_id].append(update)
    per_item: dict[int, list[Any]] = defaultdict(list)
    for measure in measures:
        for item in items:
            if (item.pk, measure.pk) in links:
                per_item[item.pk].append(measure)
    found: dict[int, tuple[list[Any], list[Any]]] = {}
    for item in items:
        linked = per_item.get(item.pk, [])
        entries: list[tuple[Any, str, Any]] = [(r.date, "report", r) for r in item.history]
        for measure in linked:
            for update in updates[measure.pk]:
                # A copy per item: the same update may stand in two items' timelines.
                shown = copy.copy(update)
                shown.linked_measure = measure
                entries.append((shown.date, "measure", shown))
        entries.sort(key=lambda e: (e[0], e[1] == "report"), reverse=True)
        found[item.pk] = (linked, [{"kind": k, "entry": e} for _date, k, e in entries])
    return found


def resolution_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    municipality = municipality_or_404(slug)
    resolution = _visible_resolution(request, municipality, pk)
    items = list(
        ResolutionItem.objects.visible_to(request.user)
        .filter(resolution=resolution)
        .select_related("responsible_office")
        .order_by("order", "id")
    )
    history: dict[int, list[StatusReport]] = defaultdict(list)
    reports = (
        StatusReport.objects.visible_to(request.user)
        .filter(item__in=items)
        .select_related("author", "office", "letter")
        .order_by("-date", "-id")
    )
    for report in reports:
        history[report.item_id].append(report)
    # The due dates as the overdue dashboard computes them: a passed one is marked.
    today = timezone.localdate()
    due = {
        d.item.pk: d.due_date
        for d in due_items(
            ResolutionItem.objects.filter(pk__in=[i.pk for i in items]),
            StatusReport.objects.visible_to(request.user),
            first_control_months(municipality),
        )
    }
    logged_in = request.user.is_authenticated and request.user.is_active
    for item in items:
        item.resolution = resolution  # read already: no query per item
        item.history = history[item.pk]
        item.due_date = due.get(item.pk)
        item.days_overdue = (today - item.due_date).days if item.due_date else 0
    linked = _linked_measures(request, items)
    for item in items:
        item.may_report = logged_in and actions.may_report_on_readable(request.user, item)
        item.measures_linked, item.timeline = linked[item.pk]
    letters = StatusLetter.objects.visible_to(request.user).filter(resolution=resolution)
    internal = is_internal(request.user)
    if not internal:
        letters = letters.filter(state=StatusLetter.State.RELEASED)
    letter_rows = [
        {
            "letter": letter,
            "pdf": _optional_url("council:letter_pdf", slug, letter.pk),
            "docx": _optional_url("council:letter_docx", slug, letter.pk),
        }
        for letter in letters.order_by("-date", "-id")
    ]
    return render(
        request,
        "council/resolution.html",
        _context(
            request,
            municipality,
            resolution=resolution,
            paper=resolution.paper,
            items=items,
            letters=letter_rows,
            can_manage_letters=actions.can_manage_letters(request.user, municipality.pk),
        ),
    )


@municipality_page(logged_in)
def report_form(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    item = get_object_or_404(
        ResolutionItem.objects.visible_to(request.user).select_related(
            "resolution__paper", "resolution__meeting", "responsible_office"
        ),
        resolution__municipality=municipality,
        pk=pk,
    )
    if not actions.can_report_on(request.user, item):
        raise PermissionDenied(
            _("Only the responsible office or the social planning unit may report on this item.")
        )
    today = timezone.localdate()
    form = StatusReportForm(
        request.POST or None,
        initial={"date": today, "status": StatusReport.Status.IN_PROGRESS},
    )
    latest = StatusReport.objects.visible_to(request.user).filter(item=item).first()
    version_token = token_to_show(request, item, form, extra=_latest_shows(latest))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_status_report(
                item,
                date=data["date"],
                status=data["status"],
                narrative=data["narrative"],
                delay_reason=data["delay_reason"],
                public_note=data["public_note"],
                next_control_date=data["next_control_date"],
                acting_user=request.user,
                version=posted_version(request.POST),
            )
        except EditConflict as conflict:
            latest = StatusReport.objects.visible_to(request.user).filter(item=item).first()
            version_token = refuse(
                request, conflict, form, extra=_latest_shows(latest), parts_in=[StatusReport]
            )
        else:
            messages.success(
                request,
                _("The status report on item %(number)s is saved.") % {"number": item.number},
            )
            if not actions.can_manage_letters(request.user, municipality.pk):
                messages.info(
                    request, _("It stays internal until the social planning unit publishes it.")
                )
            url = reverse("council:resolution", args=[municipality.slug, item.resolution_id])
            return redirect(f"{url}#punkt-{item.number}")
    return render(
        request,
        "council/report_form.html",
        _context(
            request,
            municipality,
            item=item,
            resolution=item.resolution,
            form=form,
            latest=latest,
            version_token=version_token,
        ),
    )


def _latest_shows(latest: StatusReport | None) -> Shown:
    """The item's latest report, which the report form shows: a newer one is a change."""
    if latest is None:
        return {}
    words = f"{latest.get_status_display()} ({latest.date:%d.%m.%Y})"
    return {"latest": shown(_("Latest status"), words, latest.pk)}
