"""When is a resolution item due for its next control, and which items are overdue?

An item's due date is the next control date of its newest status report. An item with
no report yet is due ``first_control_after_months`` (default 6, per municipality in
``letters/texts/<slug>.json``) after the resolution; the same applies to a report that
names no next date. A report with status "umgesetzt" or "erledigt durch anderen
Beschluss" ends the control: the item is never due again.

The dashboard, its XLSX export, the iCal feeds and the reminders all use ``due_items``,
so that they always agree. The clock is a parameter (``today``), never read here.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sozialplanung.core.models import Municipality, Office

from .letters.config import letter_texts
from .models import ResolutionItem, StatusReport

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from sozialplanung.core.models import User

FINISHED = frozenset({StatusReport.Status.DONE, StatusReport.Status.SUPERSEDED})


@dataclass(frozen=True)
class AgeBand:
    slug: str
    label: str | Promise
    # Overdue by more than ``after_months`` and at most ``until_months`` (None: no limit).
    after_months: int
    until_months: int | None


AGE_BANDS = (
    AgeBand("bis-3-monate", _("up to 3 months"), 0, 3),
    AgeBand("3-bis-12-monate", _("3 to 12 months"), 3, 12),
    AgeBand("ueber-1-jahr", _("more than a year"), 12, None),
)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (or the month's last day: 31.08. + 6 = 28./29.02.)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def age_band(due: dt.date, today: dt.date) -> AgeBand:
    for band in AGE_BANDS:
        if band.until_months is None or add_months(due, band.until_months) >= today:
            return band
    return AGE_BANDS[-1]


@dataclass(frozen=True)
class DueItem:
    """An item with its newest report (if any) and the date its next control is due."""

    item: ResolutionItem
    report: StatusReport | None
    due_date: dt.date

    @property
    def reference(self) -> str:
        return self.item.resolution.paper.reference

    @property
    def status_label(self) -> str:
        return str(self.report.get_status_display() if self.report else _("no report yet"))

    def days_overdue(self, today: dt.date) -> int:
        return (today - self.due_date).days


def first_control_months(municipality: Municipality) -> int:
    return letter_texts(municipality.slug, municipality.name).first_control_after_months


def due_items(
    items: QuerySet[ResolutionItem], reports: QuerySet[StatusReport], months: int
) -> list[DueItem]:
    """Every unfinished item of ``items`` with its due date, the oldest due first.

    ``reports`` are the reports that count (for a reader: those visible to them), so
    that no due date is derived from a report the reader may not see.
    """
    newest = reports.filter(item=OuterRef("pk")).order_by("-date", "-id").values("id")[:1]
    rows = list(
        items.filter(resolution__deleted=False)
        .annotate(newest_report_id=Subquery(newest))
        .select_related(
            "resolution__paper",
            "resolution__meeting",
            "resolution__body",
            "responsible_office",
        )
    )
    by_id = StatusReport.objects.in_bulk([r.newest_report_id for r in rows if r.newest_report_id])
    due: list[DueItem] = []
    for item in rows:
        report = by_id.get(item.newest_report_id)
        if report is not None and report.status in FINISHED:
            continue
        if report is not None and report.next_control_date:
            day = report.next_control_date
        else:
            day = add_months(report.date if report else item.resolution.date, months)
        due.append(DueItem(item=item, report=report, due_date=day))
    due.sort(key=lambda d: (d.due_date, d.reference, d.item.order))
    return due


def readable_due_items(
    municipality: Municipality, user: User | AnonymousUser | None
) -> list[DueItem]:
    items = ResolutionItem.objects.visible_to(user).filter(resolution__municipality=municipality)
    reports = StatusReport.objects.visible_to(user)
    return due_items(items, reports, first_control_months(municipality))


@dataclass(frozen=True)
class OverdueFilter:
    office_id: int | None = None
    body_id: int | None = None
    band: str = ""

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> OverdueFilter:
        """The filter of the dashboard's query string; unknown values filter nothing."""
        band = query.get("alter", "")
        return cls(
            office_id=_int_or_none(query.get("amt")),
            body_id=_int_or_none(query.get("gremium")),
            band=band if band in {b.slug for b in AGE_BANDS} else "",
        )


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@dataclass(frozen=True)
class OverdueList:
    rows: list[DueItem]
    # Per office (None: no office responsible), counted before the office filter.
    per_office: list[tuple[Office | None, int]]
    total_before_office_filter: int


def overdue(
    municipality: Municipality,
    user: User | AnonymousUser | None,
    today: dt.date,
    chosen: OverdueFilter = OverdueFilter(),
) -> OverdueList:
    """The items whose control date has passed (before ``today``), filtered."""
    rows = [d for d in readable_due_items(municipality, user) if d.due_date < today]
    if chosen.body_id is not None:
        rows = [d for d in rows if d.item.resolution.body_id == chosen.body_id]
    if chosen.band:
        rows = [d for d in rows if age_band(d.due_date, today).slug == chosen.band]
    per_office = _count_per_office(d.item.responsible_office for d in rows)
    total = len(rows)
    if chosen.office_id is not None:
        rows = [d for d in rows if d.item.responsible_office_id == chosen.office_id]
    return OverdueList(rows=rows, per_office=per_office, total_before_office_filter=total)


def _count_per_office(offices: Iterable[Office | None]) -> list[tuple[Office | None, int]]:
    counts = Counter(offices)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].name if kv[0] else "~"))


def open_items_of_office(office: Office, user: User | AnonymousUser | None = None) -> list[DueItem]:
    """The unfinished items ``office`` is responsible for, the one due first on top.

    What the office's start page lists; only what ``user`` may read (items and reports).
    """
    items = ResolutionItem.objects.visible_to(user).filter(
        resolution__municipality_id=office.municipality_id, responsible_office=office
    )
    reports = StatusReport.objects.visible_to(user)
    return due_items(items, reports, first_control_months(office.municipality))
