"""Read paths of the measures plan: plans, filtered rows per field of action, costs.

Pages and exports share these so that the table, the timeline, the XLSX and the PDF
show the same rows. Every record comes through ``visible_to(user)``; a budget line is
shown only when the reader may read that line (budget lines are internal by default).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sozialplanung.core.formats.quarters import quarter_index, quarter_of
from sozialplanung.core.models import Municipality, Office
from sozialplanung.council.models import Resolution, ResolutionItem

from .models import BudgetLine, FieldOfAction, Measure, MeasureCost, Plan
from .plan_costs import CostYear, cost_years

# A measure that is neither done nor dropped is overdue once its due quarter has passed.
CLOSED_STATUSES = frozenset({Measure.Status.DONE, Measure.Status.DROPPED})


def is_overdue(measure: Measure, today: dt.date) -> bool:
    due = quarter_index(measure.due_quarter)
    return due is not None and due < quarter_of(today) and measure.status not in CLOSED_STATUSES


def visible_plans(municipality: Municipality, user: Any) -> QuerySet[Plan]:
    return Plan.objects.visible_to(user).filter(municipality=municipality)


def plan_or_404(municipality: Municipality, slug: str, user: Any) -> Plan:
    """404, not 403, for a plan the reader may not see: its existence is not public."""
    plan: Plan = get_object_or_404(visible_plans(municipality, user), slug=slug)
    return plan


def visible_measures(plan: Plan, user: Any) -> QuerySet[Measure]:
    return Measure.objects.visible_to(user).filter(field_of_action__plan=plan)


@dataclass(frozen=True)
class PlanSummary:
    counts: list[tuple[str, str, int]]  # (status, label, count), only statuses that occur
    total: int
    overdue: int


def plan_summaries(plans: Sequence[Plan], user: Any, today: dt.date) -> dict[int, PlanSummary]:
    """Per plan: the measures the reader may see, by status, and how many are overdue."""
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    overdue: Counter[int] = Counter()
    rows = Measure.objects.visible_to(user).filter(field_of_action__plan__in=plans)
    for plan_id, status, due in rows.values_list(
        "field_of_action__plan_id", "status", "due_quarter"
    ):
        counts[plan_id][status] += 1
        overdue[plan_id] += is_overdue(Measure(status=status, due_quarter=due), today)
    return {
        plan.pk: PlanSummary(
            [
                (s, str(label), counts[plan.pk][s])
                for s, label in Measure.Status.choices
                if counts[plan.pk][s]
            ],
            sum(counts[plan.pk].values()),
            overdue[plan.pk],
        )
        for plan in plans
    }


def readable_budget_lines(municipality: Municipality, user: Any) -> set[int]:
    return set(
        BudgetLine.objects.visible_to(user)
        .filter(budget__municipality=municipality)
        .values_list("pk", flat=True)
    )


def readable_resolution(plan: Plan, user: Any) -> Resolution | None:
    if plan.resolution_id is None:
        return None
    found: Resolution | None = (
        Resolution.objects.visible_to(user)
        .filter(pk=plan.resolution_id, deleted=False)
        .select_related("paper")
        .first()
    )
    return found


# --- filters -----------------------------------------------------------------------------


@dataclass
class PlanFilters:
    """The filters of the plan page (GET: handlungsfeld, status, amt) and their choices."""

    fields: list[FieldOfAction]
    offices: list[Office]
    field: FieldOfAction | None = None
    status: str = ""
    office: Office | None = None

    @property
    def active(self) -> bool:
        return bool(self.field or self.status or self.office)

    def query(self) -> str:
        params = QueryDict(mutable=True)
        if self.field:
            params["handlungsfeld"] = str(self.field.pk)
        if self.status:
            params["status"] = self.status
        if self.office:
            params["amt"] = str(self.office.pk)
        return params.urlencode()

    def describe(self) -> list[tuple[str, str]]:
        """The filters as (label, value) for the header of exports."""
        everything = _("all")
        return [
            (_("Field of action"), self.field.name if self.field else everything),
            (
                _("Status"),
                str(Measure.Status(self.status).label) if self.status else everything,
            ),
            (_("Responsible office"), self.office.name if self.office else everything),
        ]

    def apply(self, measures: QuerySet[Measure]) -> QuerySet[Measure]:
        if self.field:
            measures = measures.filter(field_of_action=self.field)
        if self.status:
            measures = measures.filter(status=self.status)
        if self.office:
            measures = measures.filter(responsible_office=self.office)
        return measures


def _pick(options: Iterable[Any], wanted: str) -> Any:
    return next((o for o in options if str(o.pk) == wanted), None)


def read_filters(query: Mapping[str, str], user: Any, plan: Plan) -> PlanFilters:
    """Filters from the query string; unknown values are ignored, not errors."""
    measures = visible_measures(plan, user)
    fields = list(
        FieldOfAction.objects.visible_to(user).filter(plan=plan).order_by("order", "name")
    )
    offices = list(
        Office.objects.filter(pk__in=measures.values("responsible_office")).order_by("name")
    )
    status = query.get("status", "")
    return PlanFilters(
        fields=fields,
        offices=offices,
        field=_pick(fields, query.get("handlungsfeld", "")),
        status=status if status in Measure.Status.values else "",
        office=_pick(offices, query.get("amt", "")),
    )


# --- rows --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemLink:
    label: str  # "V2696/24, Punkt 3"
    url: str


@dataclass
class MeasureRow:
    measure: Measure
    url: str
    overdue: bool
    items: list[ItemLink] = field(default_factory=list)
    costs: list[MeasureCost] = field(default_factory=list)
    budget_line: BudgetLine | None = None

    @property
    def cost_years(self) -> list[CostYear]:
        return cost_years(self.costs)


@dataclass
class FieldGroup:
    field: FieldOfAction
    rows: list[MeasureRow]


def item_links(measure_ids: list[int], user: Any, slug: str) -> dict[int, list[ItemLink]]:
    through = Measure.resolution_items.through
    readable = ResolutionItem.objects.visible_to(user).filter(resolution__deleted=False)
    links: dict[int, list[ItemLink]] = defaultdict(list)
    rows = (
        through.objects.filter(measure_id__in=measure_ids, resolutionitem__in=readable)
        .select_related("resolutionitem__resolution__paper")
        .order_by("resolutionitem__resolution__date", "resolutionitem__order")
    )
    for row in rows:
        item = row.resolutionitem
        url = reverse("council:resolution", args=[slug, item.resolution_id])
        label = _("%(reference)s, item %(number)s") % {
            "reference": item.resolution.paper.reference,
            "number": item.number,
        }
        links[row.measure_id].append(ItemLink(label, f"{url}#punkt-{item.number}"))
    return links


def plan_rows(
    plan: Plan, user: Any, filters: PlanFilters | None = None, today: dt.date | None = None
) -> list[FieldGroup]:
    """The visible measures of a plan, filtered, grouped by field of action in plan order."""
    today = today or timezone.localdate()
    measures = visible_measures(plan, user).select_related("field_of_action", "responsible_office")
    if filters is not None:
        measures = filters.apply(measures)
    measures = measures.order_by("field_of_action__order", "field_of_action__name", "number", "id")
    found = list(measures)
    ids = [m.pk for m in found]
    slug = plan.municipality.slug
    items = item_links(ids, user, slug)
    costs: dict[int, list[MeasureCost]] = defaultdict(list)
    for cost in MeasureCost.objects.visible_to(user).filter(measure_id__in=ids):
        costs[cost.measure_id].append(cost)
    line_of = {
        line.pk: line
        for line in BudgetLine.objects.visible_to(user)
        .filter(pk__in=[m.budget_line_id for m in found if m.budget_line_id])
        .select_related("budget", "priority")
    }
    groups: list[FieldGroup] = []
    for measure in found:
        if not groups or groups[-1].field.pk != measure.field_of_action_id:
            groups.append(FieldGroup(measure.field_of_action, []))
        groups[-1].rows.append(
            MeasureRow(
                measure=measure,
                url=reverse("measures:measure", args=[slug, plan.slug, measure.pk]),
                overdue=is_overdue(measure, today),
                items=items.get(measure.pk, []),
                costs=costs.get(measure.pk, []),
                budget_line=line_of.get(measure.budget_line_id or 0),
            )
        )
    return groups
