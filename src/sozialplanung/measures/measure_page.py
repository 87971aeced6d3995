"""Everything the page of one measure shows, each part read through ``visible_to``.

Links go only to what the reader may open: a resolution item of a non-public paper, a
non-public measure this one depends on, or an internal budget line is left out for the
public, not shown as a dead link.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from sozialplanung.analysis.budget import costs_by_nature
from sozialplanung.core.models import AuditEntry
from sozialplanung.core.visibility import is_internal
from sozialplanung.offers.finder import public_offers
from sozialplanung.offers.models import Offer

from .key_figure_chart import KeyFigureChart, key_figure_chart
from .models import (
    BudgetLine,
    KeyFigure,
    KeyFigureValue,
    Measure,
    MeasureCost,
    MeasureGap,
    MeasureOffer,
    MeasureUpdate,
    Plan,
)
from .plan_costs import as_analysis_costs, cost_span
from .plans import is_overdue, item_links


def measure_or_404(plan: Plan, pk: int, user: Any) -> Measure:
    measure: Measure = get_object_or_404(
        Measure.objects.visible_to(user)
        .filter(field_of_action__plan=plan)
        .select_related("field_of_action__plan__municipality", "responsible_office"),
        pk=pk,
    )
    return measure


@dataclass(frozen=True)
class GapLink:
    gap: MeasureGap
    url: str


@dataclass(frozen=True)
class OfferLink:
    link: MeasureOffer
    url: str  # "" when the reader has no page for the offer


@dataclass(frozen=True)
class CostYearRow:
    year: int
    investive: Decimal
    consumptive: Decimal

    @property
    def total(self) -> Decimal:
        return self.investive + self.consumptive


@dataclass(frozen=True)
class CostTable:
    rows: list[CostYearRow]
    open_ended: bool  # recurring costs go on after the last year shown


@dataclass(frozen=True)
class FigureRow:
    date: dt.date | None
    kind: str
    value: str
    note: str = ""


@dataclass
class FigureBlock:
    figure: KeyFigure
    rows: list[FigureRow]
    chart: KeyFigureChart


@dataclass
class MeasurePage:
    measure: Measure
    updates: list[MeasureUpdate]
    gaps: list[GapLink]
    offers: list[OfferLink]
    items: list[Any]
    costs: list[MeasureCost]
    cost_table: CostTable | None
    requires: list[Measure]
    required_by: list[Measure]
    budget_line: BudgetLine | None
    figures: list[FigureBlock]
    overdue: bool
    trail: QuerySet[AuditEntry] | None = None


def measure_url(measure: Measure) -> str:
    plan = measure.field_of_action.plan
    return reverse("measures:measure", args=[plan.municipality.slug, plan.slug, measure.pk])


def _gaps(measure: Measure, user: Any) -> list[GapLink]:
    slug = measure.field_of_action.plan.municipality.slug
    gaps = (
        MeasureGap.objects.visible_to(user)
        .filter(measure=measure)
        .select_related("area__level", "category")
        .order_by("category__name", "area__code")
    )
    base = reverse("needs:gaps", args=[slug])
    return [
        GapLink(g, f"{base}?kategorie={g.category.slug}&ebene={g.area.level.slug}") for g in gaps
    ]


def _offers(measure: Measure, user: Any) -> list[OfferLink]:
    """The inventory page for those who may use it, else the public finder's page."""
    municipality = measure.field_of_action.plan.municipality
    links = list(
        MeasureOffer.objects.visible_to(user)
        .filter(measure=measure)
        .select_related("offer__provider")
        .order_by("offer__name")
    )
    offer_ids = [link.offer_id for link in links]
    inventory = set(
        Offer.objects.in_inventory_of(user).filter(pk__in=offer_ids).values_list("pk", flat=True)
    )
    finder = set(public_offers(municipality).filter(pk__in=offer_ids).values_list("pk", flat=True))
    result = []
    for link in links:
        if link.offer_id in inventory:
            url = reverse("offers:offer", args=[municipality.slug, link.offer_id])
        elif link.offer_id in finder:
            url = reverse("finder:detail", args=[municipality.slug, link.offer_id])
        else:
            url = ""
        result.append(OfferLink(link, url))
    return result


def cost_table(costs: list[MeasureCost]) -> CostTable | None:
    years = cost_span(costs)
    if not years:
        return None
    by_nature = costs_by_nature(as_analysis_costs(costs), years)
    return CostTable(
        [CostYearRow(y, by_nature["investiv"][y], by_nature["konsumtiv"][y]) for y in years],
        any(c.recurring and c.end_year is None for c in costs),
    )


def _figures(measure: Measure, user: Any) -> list[FigureBlock]:
    figures = list(KeyFigure.objects.visible_to(user).filter(measure=measure).order_by("name"))
    values: dict[int, list[KeyFigureValue]] = defaultdict(list)
    # Values have no visibility of their own: they are readable with their key figure.
    for value in KeyFigureValue.objects.filter(key_figure__in=figures).order_by("date"):
        values[value.key_figure_id].append(value)
    blocks = []
    for figure in figures:
        chart = key_figure_chart(figure, values[figure.pk])
        rows = [FigureRow(figure.baseline_date, _("baseline"), chart.baseline.value)]
        # The chart's points carry the formatted values; the table repeats them.
        actual = [p for p in chart.actual if p is not chart.baseline]
        rows += [
            FigureRow(v.date, _("actual"), p.value, v.note)
            for v, p in zip(values[figure.pk], actual, strict=True)
        ]
        if chart.target is not None:
            rows.append(FigureRow(figure.target_date, _("target"), chart.target.value))
        blocks.append(FigureBlock(figure, rows, chart))
    return blocks


def _trail(measure: Measure, user: Any) -> QuerySet[AuditEntry]:
    """The measure's own entries and those of its status history, key figures and
    their actual values."""
    own = Q(model=Measure._meta.label, object_id=str(measure.pk))
    for model, records in (
        (MeasureUpdate, measure.updates.all()),
        (KeyFigure, measure.key_figures.all()),
        (KeyFigureValue, KeyFigureValue.objects.filter(key_figure__measure=measure)),
    ):
        # Subqueries inside the one query of the trail (the page's query budget).
        ids = records.annotate(text_id=Cast("pk", CharField())).values("text_id")
        own |= Q(model=model._meta.label, object_id__in=ids)
    return AuditEntry.objects.visible_to(user).filter(own).order_by("-timestamp", "-id")[:50]


def build_measure_page(measure: Measure, user: Any, today: Any) -> MeasurePage:
    plan = measure.field_of_action.plan
    readable = Measure.objects.visible_to(user).select_related("field_of_action__plan")
    costs = list(MeasureCost.objects.visible_to(user).filter(measure=measure))
    line = None
    if measure.budget_line_id is not None:
        line = (
            BudgetLine.objects.visible_to(user)
            .filter(pk=measure.budget_line_id)
            .select_related("budget", "priority")
            .first()
        )
    return MeasurePage(
        measure=measure,
        updates=list(
            MeasureUpdate.objects.visible_to(user)
            .filter(measure=measure)
            .select_related("author")
            .order_by("-date", "-id")
        ),
        gaps=_gaps(measure, user),
        offers=_offers(measure, user),
        items=item_links([measure.pk], user, plan.municipality.slug).get(measure.pk, []),
        costs=costs,
        cost_table=cost_table(costs),
        requires=list(readable.filter(required_by=measure).order_by("number", "title")),
        required_by=list(readable.filter(requires=measure).order_by("number", "title")),
        budget_line=line,
        figures=_figures(measure, user),
        overdue=is_overdue(measure, today),
        trail=_trail(measure, user) if is_internal(user) else None,
    )
