"""Which additional needs a budget can cover: from the database to ``analysis.allocation``.

Candidates are the planned measures assigned to a line of priority 2 or higher
(Mehrbedarfe) of one budget. Their cost per budget year comes from their costs
(``analysis.budget.cost_in_year``). The needs are the gaps they answer: for each
(area, category) the current gap analysis gives the score (the need's weight, 0–100)
and the deficit against the Richtwert; a measure adding ``c`` units covers
``min(1, c / deficit)`` of it. A gap without deficit (covered by the Richtwert) has
nothing left to cover; a gap whose figures the reader may not see is left out, and the
result says so.

Requirements on measures outside the candidates: one that is already being
implemented or done is met; any other makes the candidate unfundable (it is left out
with a note), because the allocation cannot buy it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from sozialplanung.analysis import allocation as alloc
from sozialplanung.analysis.budget import cost_in_year
from sozialplanung.areas.models import PlanningDomain
from sozialplanung.core import computed
from sozialplanung.core.formats.numbers import de_number
from sozialplanung.core.formats.numbers import euro_whole as euro
from sozialplanung.needs.compute import analyse
from sozialplanung.needs.gap_result import GapAnalysis, score_text

from .models import DoubleBudget, Measure
from .plan_costs import as_analysis_costs

MET = (Measure.Status.IN_PROGRESS, Measure.Status.DONE)


@dataclass
class NeedInfo:
    key: str
    label: str  # "Mittagstisch in Großzschachwitz"
    score: float
    deficit: float
    unit: str


@dataclass
class Row:
    """One candidate measure with the decision and its German explanation."""

    measure: Measure
    decision: alloc.Decision
    priority: int
    cost: tuple[float, ...]
    explanation: str
    covers: list[tuple[NeedInfo, float]] = field(default_factory=list)


@dataclass
class Result:
    budget: DoubleBudget
    amount: float
    years: list[int]
    allocation: alloc.Allocation | None
    rows: list[Row] = field(default_factory=list)
    needs: dict[str, NeedInfo] = field(default_factory=dict)
    increment: alloc.Increment | None = None
    increment_text: str = ""
    notes: list[str] = field(default_factory=list)
    message: str = ""

    @property
    def chosen(self) -> list[Row]:
        return [r for r in self.rows if r.decision.chosen]

    @property
    def unchosen(self) -> list[Row]:
        return [r for r in self.rows if not r.decision.chosen]


def candidates(
    budget: DoubleBudget, user: Any, domain: PlanningDomain | None = None
) -> list[Measure]:
    """The candidate measures; with ``domain`` only those answering a gap of a category
    of that planning domain."""
    measures = Measure.objects.visible_to(user).filter(
        budget_line__budget=budget,
        budget_line__priority__number__gte=2,
        status=Measure.Status.PLANNED,
    )
    if domain is not None:
        measures = measures.filter(
            pk__in=Measure.objects.filter(gaps__category__domain=domain).values("pk")
        )
    return list(
        measures.select_related(
            "budget_line__priority", "responsible_office", "field_of_action__plan"
        )
        .prefetch_related("costs", "gaps__area", "gaps__category", "requires")
        .order_by("budget_line__priority__number", "title")
    )


def _yearly_cost(measure: Measure, years: list[int]) -> tuple[float, ...]:
    costs = as_analysis_costs(measure.costs.all())
    return tuple(float(cost_in_year(costs, year)) for year in years)


def _needs(measures: list[Measure], user: Any, result: Result) -> dict[tuple[int, int], NeedInfo]:
    """Score and deficit of every gap the measures answer, one analysis per category."""
    analyses: dict[int, GapAnalysis] = {}
    needs: dict[tuple[int, int], NeedInfo] = {}
    for measure in measures:
        for gap in measure.gaps.all():
            category = gap.category
            if category.id not in analyses:
                analyses[category.id] = analyse(category.municipality, category, user)
            analysis = analyses[category.id]
            area_gap = analysis.gaps.get(gap.area_id)
            label = _("%(category)s in %(area)s") % {"category": category, "area": gap.area.name}
            if area_gap is None or area_gap.score is None:
                result.notes.append(
                    _("No gap score for %(label)s: left out of the allocation.") % {"label": label}
                )
                continue
            needs[(gap.area_id, category.id)] = NeedInfo(
                key=f"{category.slug}:{gap.area.code}",
                label=label,
                score=float(area_gap.score),
                deficit=float(area_gap.coverage.deficit or 0.0),
                unit=category.unit,
            )
    return needs


def plan_allocation(
    budget: DoubleBudget,
    amount: float,
    user: Any,
    step: float = 10_000,
    domain: PlanningDomain | None = None,
) -> Result:
    """The best set of candidates for ``amount`` € in every year of ``budget``, explained,
    and what ``step`` € more would buy; solved once per data version and clearance
    (``core.computed``), counterfactuals included."""
    return computed.remember(
        "allocation",
        budget.municipality_id,
        user,
        (budget.pk, amount, step, domain.pk if domain is not None else ""),
        lambda: _plan_allocation(budget, amount, user, step, domain),
    )


def _plan_allocation(
    budget: DoubleBudget, amount: float, user: Any, step: float, domain: PlanningDomain | None
) -> Result:
    years = budget.years
    result = Result(budget=budget, amount=amount, years=years, allocation=None)
    measures = candidates(budget, user, domain)
    if not measures:
        result.message = _("This budget has no planned measures of priority 2 or higher.")
        return result
    needs = _needs(measures, user, result)
    by_pk = {m.pk: m for m in measures}
    items: list[alloc.Candidate] = []
    kept: list[Measure] = []
    covers_info: dict[int, list[tuple[NeedInfo, float]]] = {}
    # Required measures are named only where the reader may see them.
    readable = set(
        Measure.objects.visible_to(user)
        .filter(required_by__in=measures)
        .values_list("pk", flat=True)
    )
    for measure in measures:
        missing = [r for r in measure.requires.all() if r.pk not in by_pk and r.status not in MET]
        if missing:
            names = [
                str(m) if m.pk in readable else _("a measure you may not see") for m in missing
            ]
            result.notes.append(
                _("%(measure)s requires %(others)s, which is not a candidate: left out.")
                % {"measure": measure, "others": ", ".join(names)}
            )
            continue
        covers: dict[str, float] = {}
        info: list[tuple[NeedInfo, float]] = []
        for gap in measure.gaps.all():
            need = needs.get((gap.area_id, gap.category_id))
            if need is None:
                continue
            added = float(gap.added_capacity or Decimal(0))
            share = min(1.0, added / need.deficit) if need.deficit > 0 else 0.0
            covers[need.key] = covers.get(need.key, 0.0) + share
            info.append((need, share))
        covers = {k: min(1.0, v) for k, v in covers.items()}
        items.append(
            alloc.Candidate(
                key=str(measure.pk),
                cost=_yearly_cost(measure, years),
                covers=covers,
                priority=measure.budget_line.priority.number,
                mandatory=measure.mandatory,
                requires=tuple(str(r.pk) for r in measure.requires.all() if r.pk in by_pk),
                line=str(measure.budget_line_id),
            )
        )
        kept.append(measure)
        covers_info[measure.pk] = info
    # Requirements on left-out candidates cannot be met either: drop those too.
    kept_keys = {c.key for c in items}
    while any(set(c.requires) - kept_keys for c in items):
        items = [c for c in items if not set(c.requires) - kept_keys]
        kept_keys = {c.key for c in items}
    kept = [m for m in kept if str(m.pk) in kept_keys]
    result.needs = {n.key: n for n in needs.values()}
    problem = alloc.Problem(
        candidates=tuple(items),
        needs=tuple(alloc.Need(key=n.key, weight=n.score) for n in needs.values()),
        budget=tuple(float(amount) for _year in years),
    )
    allocation = alloc.allocate(problem)
    result.allocation = allocation
    if not allocation.feasible:
        result.message = _infeasible_text(allocation, kept, years)
        return result
    titles = {str(m.pk): m.title for m in kept}
    for measure in kept:
        decision = allocation.decision(str(measure.pk))
        row = Row(
            measure=measure,
            decision=decision,
            priority=measure.budget_line.priority.number,
            cost=decision.cost,
            explanation="",
            covers=covers_info[measure.pk],
        )
        row.explanation = explain(row, allocation, result.needs, titles, years)
        result.rows.append(row)
    result.rows.sort(key=lambda r: (not r.decision.chosen, r.priority, -r.decision.points))
    result.increment = alloc.next_increment(problem, step)
    result.increment_text = increment_text(result.increment, titles, step)
    return result


def _per_year(cost: tuple[float, ...], years: list[int]) -> str:
    if len(set(cost)) == 1:
        return _("%(amount)s a year") % {"amount": euro(cost[0])}
    return ", ".join(f"{euro(c)} ({y})" for c, y in zip(cost, years, strict=True))


def _covers_text(contributions: tuple[alloc.Contribution, ...], needs: dict[str, NeedInfo]) -> str:
    parts = [
        _("%(share)s %% of the gap %(label)s (gap score %(score)s)")
        % {
            "share": de_number(c.share * 100, 0),
            "label": needs[c.need_key].label,
            "score": score_text(needs[c.need_key].score),
        }
        for c in sorted(contributions, key=lambda c: -c.points)
        if c.share > 0
    ]
    return "; ".join(parts)


def explain(
    row: Row,
    allocation: alloc.Allocation,
    needs: dict[str, NeedInfo],
    titles: dict[str, str],
    years: list[int],
) -> str:
    """One German sentence per decision, from the reason code and its numbers."""
    d = row.decision
    cost = _per_year(row.cost, years)
    covers = _covers_text(d.contributions, needs)
    related = ", ".join(f"„{titles.get(k, k)}“" for k in d.related)
    if d.chosen:
        lead = {
            "mandatory": _("Chosen (mandatory measure)"),
            "required_by": _("Chosen (required by %(related)s)") % {"related": related},
            "honours_priority": _("Chosen (keeps a more urgent priority whole)"),
        }.get(d.reason, _("Chosen"))
        text = (
            _("%(lead)s: covers %(covers)s for %(cost)s.")
            % {"lead": lead, "covers": covers, "cost": cost}
            if covers
            else _("%(lead)s: costs %(cost)s.") % {"lead": lead, "cost": cost}
        )
        if d.counterfactual is not None:
            text += " " + _(
                "Without it at most %(value)s points would be reached instead of %(total)s."
            ) % {
                "value": de_number(d.counterfactual, 1),
                "total": de_number(allocation.total_value, 1),
            }
        return text
    year = years[d.year] if d.year is not None else ""
    reasons = {
        "over_budget_alone": _("Not chosen: on its own it costs more than the budget in %(year)s.")
        % {"year": year},
        "line_cap": _("Not chosen: its budget line has no room for it in %(year)s.")
        % {"year": year},
        "requires_unchosen": _("Not chosen: it requires %(related)s, which do not fit.")
        % {"related": related},
        "no_need_covered": _("Not chosen: the gaps it answers are covered by the Richtwert.")
        if row.covers
        else _("Not chosen: it answers no gap itself."),
        "nothing_left_to_cover": _("Not chosen: %(related)s already cover its gaps.")
        % {"related": related},
        "no_room_after_mandatory": _("Not chosen: it does not fit beside the mandatory measures."),
        "same_value_more_cost": _("Not chosen: the same need is covered more cheaply."),
        "displaces_higher_priority": _("Not chosen: it would displace a more urgent priority."),
    }
    text = reasons.get(d.reason, _("Not chosen: other measures cover more need for the money."))
    if covers:
        text += " " + _("It would cover %(covers)s for %(cost)s.") % {
            "covers": covers,
            "cost": cost,
        }
    if d.reason == "lower_value" and d.counterfactual is not None:
        text += " " + _(
            "With it at most %(value)s points would be reached instead of %(total)s."
        ) % {
            "value": de_number(d.counterfactual, 1),
            "total": de_number(allocation.total_value, 1),
        }
    return text


def increment_text(increment: alloc.Increment, titles: dict[str, str], step: float) -> str:
    name = lambda keys: ", ".join(f"„{titles.get(k, k)}“" for k in keys)  # noqa: E731
    if not increment.added and not increment.dropped:
        return _("The next %(step)s a year would buy nothing more: no further measure fits.") % {
            "step": euro(step)
        }
    text = _("The next %(step)s a year would add %(added)s") % {
        "step": euro(step),
        "added": name(increment.added) or "–",
    }
    if increment.dropped:
        text += " " + _("in place of %(dropped)s") % {"dropped": name(increment.dropped)}
    return text + ", " + _("%(gain)s points more.") % {"gain": de_number(increment.gain, 1)}


def _infeasible_text(
    allocation: alloc.Allocation, measures: list[Measure], years: list[int]
) -> str:
    titles = {str(m.pk): m.title for m in measures}
    names = ", ".join(f"„{titles.get(k, k)}“" for k in allocation.reason_keys)
    year = years[allocation.reason_year] if allocation.reason_year is not None else ""
    return _(
        "The mandatory measures %(names)s alone cost more than the budget in %(year)s; "
        "raise the amount or lift their mandatory mark."
    ) % {"names": names, "year": year}
