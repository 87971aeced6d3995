"""A double budget's totals for one reader: planned against assigned, by line and priority.

Loads what ``user`` may read (``visible_to`` only) and hands it to
``analysis.budget``: planned = the lines' ``BudgetAmount`` per year; assigned = for
every measure on a line its costs falling in the year (``cost_in_year``) plus every
grant on a line its granted amount in its year. A line without a planned amount for a
year counts as planned 0 there, so money committed to it shows as over-committed
instead of vanishing (or breaking the page).

Only what the reader may see is counted: a confidential measure on a non-public line
does not appear, with its costs, for a Fachamt reader.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from sozialplanung.analysis.budget import (
    ZERO,
    Assignment,
    Line,
    LineTotal,
    PriorityTotal,
    cost_in_year,
    costs_by_nature,
    line_totals,
    totals_by_priority,
)
from sozialplanung.core.models import Municipality

from .models import (
    BudgetAmount,
    BudgetLine,
    BudgetPriority,
    DoubleBudget,
    Grant,
    Measure,
    MeasureCost,
)
from .plan_costs import as_analysis_costs


@dataclass
class MeasureRow:
    measure: Measure
    # Per budget year: the measure's investive and consumptive costs and their sum.
    investive: dict[int, Decimal]
    consumptive: dict[int, Decimal]
    total: dict[int, Decimal]


@dataclass
class LineBlock:
    line: BudgetLine
    totals: list[LineTotal]  # one per budget year, in year order
    measures: list[MeasureRow] = field(default_factory=list)
    grants: list[Grant] = field(default_factory=list)
    # Years without a planned amount: shown as such, counted as 0.
    unplanned_years: set[int] = field(default_factory=set)
    investive: dict[int, Decimal] = field(default_factory=dict)
    consumptive: dict[int, Decimal] = field(default_factory=dict)

    @property
    def over_committed(self) -> bool:
        return any(t.over_committed for t in self.totals)

    @property
    def rows(self) -> list[tuple[LineTotal, Decimal, Decimal, bool]]:
        """Per year: the total, investive and consumptive measure costs, unplanned?"""
        return [
            (t, self.investive[t.year], self.consumptive[t.year], t.year in self.unplanned_years)
            for t in self.totals
        ]


@dataclass
class PriorityBlock:
    priority: BudgetPriority
    totals: list[PriorityTotal]  # one per budget year
    lines: list[LineBlock]
    investive: dict[int, Decimal]
    consumptive: dict[int, Decimal]


@dataclass(frozen=True)
class YearTotal:
    """All priorities of the budget together in one year."""

    year: int
    planned: Decimal
    measures: Decimal
    grants: Decimal
    assigned: Decimal
    remaining: Decimal
    investive: Decimal
    consumptive: Decimal

    @property
    def over_committed(self) -> bool:
        return self.remaining < 0


@dataclass
class BudgetOverview:
    budget: DoubleBudget
    years: list[int]
    priorities: list[PriorityBlock]
    year_totals: list[YearTotal]

    @property
    def lines(self) -> list[LineBlock]:
        return [line for block in self.priorities for line in block.lines]


def visible_budgets(municipality: Municipality, user: Any) -> QuerySet[DoubleBudget]:
    """The municipality's budgets ``user`` may read, newest first."""
    return (
        DoubleBudget.objects.visible_to(user)
        .filter(municipality=municipality)
        .order_by("-first_year", "-last_year", "-pk")
    )


def _sum(values: list[Decimal]) -> Decimal:
    return sum(values, ZERO)


def budget_overview(budget: DoubleBudget, user: Any) -> BudgetOverview:
    """Planned against assigned amounts of ``budget`` per line, priority and year."""
    years = budget.years
    lines = list(
        BudgetLine.objects.visible_to(user)
        .filter(budget=budget)
        .select_related("priority")
        .order_by("priority__number", "code", "title")
    )
    planned: dict[tuple[int, int], Decimal] = {
        (a.line_id, a.year): a.amount
        for a in BudgetAmount.objects.filter(line__in=lines, year__in=years)
    }
    measures = list(
        Measure.objects.visible_to(user)
        .filter(budget_line__in=lines)
        .order_by("number", "title")
        .select_related("field_of_action")
    )
    rows: dict[int, list[MeasureCost]] = defaultdict(list)
    for row in MeasureCost.objects.visible_to(user).filter(measure__in=measures):
        rows[row.measure_id].append(row)
    costs = {pk: as_analysis_costs(own) for pk, own in rows.items()}
    grants = list(
        Grant.objects.visible_to(user)
        .filter(budget_line__in=lines, year__in=years)
        .select_related("provider", "offer", "guideline")
        .order_by("provider__name", "offer__name", "year")
    )

    blocks = {line.pk: LineBlock(line=line, totals=[]) for line in lines}
    assignments: list[Assignment] = []
    for measure in measures:
        own = costs.get(measure.pk, [])
        by_nature = costs_by_nature(own, years)
        row = MeasureRow(
            measure=measure,
            investive=by_nature["investiv"],
            consumptive=by_nature["konsumtiv"],
            total={year: cost_in_year(own, year) for year in years},
        )
        blocks[measure.budget_line_id].measures.append(row)  # type: ignore[index]
        for year, amount in row.total.items():
            if amount:
                assignments.append(Assignment(str(measure.budget_line_id), year, amount))
    for grant in grants:
        blocks[grant.budget_line_id].grants.append(grant)  # type: ignore[index]
        if grant.granted:
            assignments.append(
                Assignment(str(grant.budget_line_id), grant.year, grant.granted, "grant")
            )

    plan_rows = []
    for line in lines:
        for year in years:
            amount = planned.get((line.pk, year))
            if amount is None:
                blocks[line.pk].unplanned_years.add(year)
            plan_rows.append(Line(str(line.pk), year, line.priority.number, amount or ZERO))
    for total in line_totals(plan_rows, assignments):
        blocks[int(total.key)].totals.append(total)
    for block in blocks.values():
        block.investive = {y: _sum([m.investive[y] for m in block.measures]) for y in years}
        block.consumptive = {y: _sum([m.consumptive[y] for m in block.measures]) for y in years}

    by_priority: dict[int, list[PriorityTotal]] = defaultdict(list)
    for ptotal in totals_by_priority(plan_rows, assignments):
        by_priority[ptotal.priority].append(ptotal)
    priorities: list[PriorityBlock] = []
    for priority in dict.fromkeys(line.priority for line in lines):
        own_lines = [blocks[line.pk] for line in lines if line.priority_id == priority.pk]
        priorities.append(
            PriorityBlock(
                priority=priority,
                totals=by_priority[priority.number],
                lines=own_lines,
                investive={y: _sum([b.investive[y] for b in own_lines]) for y in years},
                consumptive={y: _sum([b.consumptive[y] for b in own_lines]) for y in years},
            )
        )
    return BudgetOverview(budget, years, priorities, _year_totals(years, priorities))


def _year_totals(years: list[int], priorities: list[PriorityBlock]) -> list[YearTotal]:
    result = []
    for index, year in enumerate(years):
        rows = [p.totals[index] for p in priorities]
        planned = _sum([r.planned for r in rows])
        assigned = _sum([r.assigned for r in rows])
        result.append(
            YearTotal(
                year=year,
                planned=planned,
                measures=_sum([r.measures for r in rows]),
                grants=_sum([r.grants for r in rows]),
                assigned=assigned,
                remaining=planned - assigned,
                investive=_sum([p.investive[year] for p in priorities]),
                consumptive=_sum([p.consumptive[year] for p in priorities]),
            )
        )
    return result
