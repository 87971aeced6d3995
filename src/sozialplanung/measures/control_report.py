"""The periodic resolution-control report (Bericht zur Beschlusskontrolle) for one reader.

Per period (quarter, half-year, year) and municipality: every resolution item that is
open at the report's as-of day, and every item finished within the period, grouped per
responsible office, with its traffic light (``analysis.control_light``), days overdue,
the latest *published* status report up to the as-of day (the council reads only what
the planning unit published), the reason for delay, and plan against actual of the
measures linked to the item: planned end (due quarter) against the day the measure was
reported done, and planned costs up to the period's year against grants paid to the
offers the measure creates or secures.

The due date follows ``council.overdue`` (next control date of the newest report, or
some months after the resolution or report). Everything is read through ``visible_to``;
an item whose item, resolution or paper is not public goes into the non-public part,
which therefore only readers cleared for it ever get.

This lives in ``measures`` because it reads measures, which ``council`` may not import.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Sum
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from sozialplanung.analysis.budget import costs_by_year
from sozialplanung.analysis.control_light import (
    Light,
    ReportPeriod,
    days_overdue,
    traffic_light,
)
from sozialplanung.core.formats.numbers import de_number
from sozialplanung.core.models import Municipality
from sozialplanung.core.visibility import Visibility, strictest
from sozialplanung.council.models import ResolutionItem, StatusReport
from sozialplanung.council.overdue import FINISHED, add_months, first_control_months

from .models import Grant, Measure, MeasureUpdate
from .plan_costs import as_analysis_costs, cost_span, money

# A context of their own: "done" and "overdue" read differently elsewhere.
LIGHT_LABELS: dict[Light, Promise] = {
    Light.ON_TIME: pgettext_lazy("traffic light", "on time"),
    Light.DUE_SOON: pgettext_lazy("traffic light", "due soon"),
    Light.OVERDUE: pgettext_lazy("traffic light", "overdue"),
    Light.DONE: pgettext_lazy("traffic light", "done"),
}
DAY = "%d.%m.%Y"
LIGHT_ORDER = (Light.OVERDUE, Light.DUE_SOON, Light.ON_TIME, Light.DONE)


def due_soon_days() -> int:
    return int(settings.RESOLUTION_REPORT_DUE_SOON_DAYS)


@dataclass(frozen=True)
class MeasureLine:
    """Plan against actual of one measure linked to an item."""

    measure: Measure
    planned_end: dt.date | None
    finished_on: dt.date | None
    # Days after the planned end: when it was done, or (open) as of the report's day.
    days_late: int | None
    planned_cost: Decimal | None
    paid: Decimal | None

    @property
    def text(self) -> str:
        """One line for the report: the measure, its end planned and actual, its money."""
        m = self.measure
        parts = [f"{m.number} {m.title}".strip() + f" ({m.get_status_display()})"]
        if self.planned_end:
            end = gettext("end planned %(date)s") % {"date": self.planned_end.strftime(DAY)}
            if self.finished_on:
                end += ", " + gettext("done %(date)s") % {"date": self.finished_on.strftime(DAY)}
            if self.days_late and self.finished_on:
                end += ", " + gettext("%(days)s days later") % {"days": de_number(self.days_late)}
            elif self.days_late:
                late = gettext("%(days)s days past the planned end")
                end += ", " + late % {"days": de_number(self.days_late)}
            parts.append(end)
        if self.planned_cost is not None or self.paid is not None:
            parts.append(
                gettext("costs planned %(planned)s, paid %(paid)s")
                % {
                    "planned": money(self.planned_cost) if self.planned_cost is not None else "–",
                    "paid": money(self.paid) if self.paid is not None else "–",
                }
            )
        return "; ".join(parts)


@dataclass(frozen=True)
class ReportRow:
    item: ResolutionItem
    light: Light
    due: dt.date
    days_overdue: int
    report: StatusReport | None
    measures: list[MeasureLine]
    visibility: Visibility

    @property
    def light_label(self) -> str:
        return str(LIGHT_LABELS[self.light])

    @property
    def status_label(self) -> str:
        return str(self.report.get_status_display() if self.report else _("no report yet"))

    @property
    def delay_reason(self) -> str:
        return self.report.delay_reason if self.report else ""


@dataclass
class OfficeGroup:
    name: str
    rows: list[ReportRow]


@dataclass
class ReportPart:
    public: bool
    groups: list[OfficeGroup]

    @property
    def title(self) -> str:
        return str(_("Public part") if self.public else _("Non-public part"))

    @property
    def rows(self) -> list[ReportRow]:
        return [row for group in self.groups for row in group.rows]

    def count(self, light: Light) -> int:
        return sum(1 for row in self.rows if row.light == light)

    @property
    def counts(self) -> list[tuple[str, int]]:
        return [(str(LIGHT_LABELS[light]), self.count(light)) for light in LIGHT_ORDER]


@dataclass
class ControlReport:
    municipality: Municipality
    period: ReportPeriod
    as_of: dt.date
    soon_days: int
    parts: list[ReportPart] = field(default_factory=list)

    @property
    def period_label(self) -> str:
        return period_label(self.period)


def period_label(period: ReportPeriod) -> str:
    if period.kind == "Q":
        return str(_("Q%(number)s %(year)s") % {"number": period.number, "year": period.year})
    if period.kind == "H":
        return str(
            _("half-year %(number)s/%(year)s") % {"number": period.number, "year": period.year}
        )
    return str(_("year %(year)s") % {"year": period.year})


def build_report(
    municipality: Municipality, user: Any, period: ReportPeriod, today: dt.date
) -> ControlReport:
    as_of = period.as_of(today)
    report = ControlReport(municipality, period, as_of, due_soon_days())
    items = list(
        ResolutionItem.objects.visible_to(user)
        .filter(
            resolution__municipality=municipality,
            resolution__deleted=False,
            resolution__date__lte=as_of,
        )
        .select_related("resolution__paper", "resolution__meeting", "responsible_office")
        .order_by("resolution__date", "resolution__paper__reference", "order", "id")
    )
    newest = _newest_published(items, user, as_of)
    measures = _measure_lines(items, user, period, as_of)
    months = first_control_months(municipality)
    public: list[ReportRow] = []
    non_public: list[ReportRow] = []
    for item in items:
        latest = newest.get(item.pk)
        finished = latest is not None and latest.status in FINISHED
        if finished and latest.date not in period:
            continue  # finished before the period: nothing more to report
        if latest is not None and latest.next_control_date:
            due = latest.next_control_date
        else:
            due = add_months(latest.date if latest else item.resolution.date, months)
        visibility = Visibility(
            strictest(item.visibility, item.resolution.visibility, item.resolution.paper.visibility)
        )
        row = ReportRow(
            item=item,
            light=traffic_light(due, latest.date if finished else None, as_of, report.soon_days),
            due=due,
            days_overdue=0 if finished else days_overdue(due, as_of),
            report=latest,
            measures=measures.get(item.pk, []),
            visibility=visibility,
        )
        (public if visibility == Visibility.PUBLIC else non_public).append(row)
    report.parts.append(ReportPart(True, _per_office(public)))
    if non_public:
        report.parts.append(ReportPart(False, _per_office(non_public)))
    return report


def _per_office(rows: Iterable[ReportRow]) -> list[OfficeGroup]:
    groups: dict[str, list[ReportRow]] = defaultdict(list)
    for row in rows:
        office = row.item.responsible_office
        groups[office.name if office else str(_("no office responsible"))].append(row)
    # The longest overdue first within an office: the order the council reads in.
    return [
        OfficeGroup(name, sorted(groups[name], key=lambda r: (r.light == Light.DONE, r.due)))
        for name in sorted(groups)
    ]


def _newest_published(
    items: list[ResolutionItem], user: Any, as_of: dt.date
) -> dict[int, StatusReport]:
    """Per item its newest report that was published and dated up to ``as_of``."""
    newest: dict[int, StatusReport] = {}
    reports = (
        StatusReport.objects.visible_to(user)
        .filter(item__in=items, published_at__isnull=False, date__lte=as_of)
        .order_by("item_id", "-date", "-id")
    )
    for report in reports:
        newest.setdefault(report.item_id, report)
    return newest


def _measure_lines(
    items: list[ResolutionItem], user: Any, period: ReportPeriod, as_of: dt.date
) -> dict[int, list[MeasureLine]]:
    through = Measure.resolution_items.through
    measures = (
        Measure.objects.visible_to(user)
        .filter(resolution_items__in=items)
        .distinct()
        .prefetch_related(
            "costs",
            Prefetch(
                "updates",
                queryset=MeasureUpdate.objects.visible_to(user).filter(
                    status=Measure.Status.DONE, date__lte=as_of
                ),
                to_attr="done_updates",
            ),
        )
        .order_by("number", "title")
    )
    measures = list(measures)
    paid = _paid_per_measure([m.pk for m in measures], user, period)
    lines = {m.pk: _measure_line(m, paid.get(m.pk), period, as_of) for m in measures}
    per_item: dict[int, list[MeasureLine]] = defaultdict(list)
    links = through.objects.filter(
        measure_id__in=lines, resolutionitem_id__in=[i.pk for i in items]
    )
    for measure_id, item_id in links.values_list("measure_id", "resolutionitem_id"):
        per_item[item_id].append(lines[measure_id])
    for found in per_item.values():
        found.sort(key=lambda line: (line.measure.number, line.measure.title))
    return per_item


def _paid_per_measure(
    measure_ids: list[int], user: Any, period: ReportPeriod
) -> dict[int, Decimal]:
    """Grants paid up to the period's year to the offers each measure creates or secures,
    for all measures in one query (the report's query count does not grow with them)."""
    grants = Grant.objects.filter(
        pk__in=Grant.objects.visible_to(user).values("pk"),
        offer__measure_links__measure__in=measure_ids,
        year__lte=period.end.year,
        paid__isnull=False,
    )
    measure = "offer__measure_links__measure"
    return dict(grants.values(measure).annotate(total=Sum("paid")).values_list(measure, "total"))


def _measure_line(
    measure: Measure, paid: Decimal | None, period: ReportPeriod, as_of: dt.date
) -> MeasureLine:
    planned_end = ReportPeriod.parse(measure.due_quarter).end if measure.due_quarter else None
    finished_on = min((u.date for u in measure.done_updates), default=None)
    days_late = None
    if planned_end is not None:
        days_late = ((finished_on or as_of) - planned_end).days
        if finished_on is None and days_late < 0:
            days_late = None  # open and not yet due: no deviation to report
    costs = list(measure.costs.all())
    years = [y for y in cost_span(costs) if y <= period.end.year]
    planned = (
        sum(costs_by_year(as_analysis_costs(costs), years).values(), Decimal(0)) if years else None
    )
    return MeasureLine(measure, planned_end, finished_on, days_late, planned, paid)
