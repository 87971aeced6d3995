"""Changing plans, measures, budgets and grants: permission check, transaction, audit.

Plans, measures, budgets, grants and scenarios are the planning unit's (and admins') to
change. The office responsible for a measure may record its status, as it reports on
resolution items. ``user=None`` with an ``actor`` is a trusted system path (demo,
command line) that names itself. Every save is audited with the visibility of what it
changes (a measure's entry is as secret as the measure or its plan).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sozialplanung.areas.models import Area
from sozialplanung.core.audit import record_change, save_audited
from sozialplanung.core.models import Municipality
from sozialplanung.core.visibility import Role, Visibility, can_edit_planning_data
from sozialplanung.council.actions import strictest
from sozialplanung.council.models import ResolutionItem
from sozialplanung.offers.models import Offer, OfferCategory, Provider

from .models import (
    BudgetAmount,
    BudgetLine,
    BudgetPriority,
    DoubleBudget,
    FieldOfAction,
    Forecast,
    ForecastYear,
    FundingGuideline,
    Grant,
    IndexingScenario,
    KeyFigure,
    KeyFigureValue,
    Measure,
    MeasureCost,
    MeasureGap,
    MeasureOffer,
    MeasureUpdate,
    Plan,
)

Actor = Any  # User | AnonymousUser | None


def _require_planner(user: Actor, actor: str, municipality_id: int) -> None:
    if user is None and actor:
        return
    if not can_edit_planning_data(user, municipality_id):
        raise PermissionDenied(_("Only the social planning unit may change plans and budgets."))


def can_update_measure(user: Actor, measure: Measure) -> bool:
    """Planning unit and admins; Fachamt staff of the measure's responsible office."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if not Measure.objects.visible_to(user).filter(pk=measure.pk).exists():
        return False
    if can_edit_planning_data(user, measure.municipality_id):
        return True
    return bool(
        user.role == Role.FACHAMT
        and user.municipality_id == measure.municipality_id
        and user.office_id is not None
        and user.office_id == measure.responsible_office_id
    )


def measure_visibility(measure: Measure) -> str:
    return strictest(measure.visibility, measure.field_of_action.plan.visibility)


# --- Plans and measures ------------------------------------------------------------------


def save_plan(
    municipality: Municipality,
    slug: str,
    *,
    title: str,
    description: str = "",
    resolution: Any = None,
    visibility: str = Visibility.PUBLIC,
    fields: Sequence[str] = (),
    user: Actor,
    actor: str = "",
) -> Plan:
    """Create or update a plan (by slug) and make sure its fields of action exist, in order."""
    with transaction.atomic():
        _require_planner(user, actor, municipality.pk)
        plan = Plan.objects.filter(municipality=municipality, slug=slug).first() or Plan(
            municipality=municipality, slug=slug
        )
        plan, _changed = save_audited(
            plan,
            {
                "title": title,
                "description": description,
                "resolution": resolution,
                "visibility": visibility,
            },
            user=user,
            actor=actor,
            visibility=visibility,
            summary=_("Plan %(title)s") % {"title": title},
        )
        for order, name in enumerate(fields, start=1):
            field = FieldOfAction.objects.filter(plan=plan, name=name).first() or FieldOfAction(
                plan=plan, name=name
            )
            save_audited(
                field,
                {"order": order},
                user=user,
                actor=actor,
                visibility=visibility,
                municipality_id=municipality.pk,
            )
        return plan


@dataclass(frozen=True)
class CostRecord:
    amount: Decimal
    year: int
    recurring: bool = False
    end_year: int | None = None
    nature: str = MeasureCost.Nature.CONSUMPTIVE
    source: str = "kommune"
    label: str = ""


@dataclass(frozen=True)
class GapRecord:
    area: Area
    category: OfferCategory
    added_capacity: Decimal | None = None


def save_measure(
    field: FieldOfAction,
    *,
    title: str,
    number: str = "",
    values: dict[str, Any] | None = None,
    resolution_items: Iterable[ResolutionItem] | None = None,
    gaps: Sequence[GapRecord] | None = None,
    offers: Sequence[tuple[Offer, str]] | None = None,
    costs: Sequence[CostRecord] | None = None,
    requires: Iterable[Measure] | None = None,
    user: Actor,
    actor: str = "",
) -> Measure:
    """Create or update a measure (same field of action and number, or same title).

    ``values`` holds the measure's own fields (description, responsible_office, quarters,
    status, mandatory, budget_line, capacity …). Links given as a sequence replace the
    existing ones; ``None`` leaves them alone.
    """
    plan = field.plan
    with transaction.atomic():
        _require_planner(user, actor, plan.municipality_id)
        existing = Measure.objects.filter(field_of_action__plan=plan)
        measure = (existing.filter(number=number).first() if number else None) or existing.filter(
            title=title
        ).first()
        measure = measure or Measure(field_of_action=field)
        own = {"field_of_action": field, "title": title, "number": number} | (values or {})
        if "status" in own and own["status"] not in Measure.Status.values:
            raise ValidationError(_("Unknown status: %(status)s") % {"status": own["status"]})
        probe = Measure(**{k: v for k, v in own.items()})
        probe.full_clean(exclude=["field_of_action", "responsible_office", "budget_line"])
        links_before = _links(measure) if measure.pk else {}
        measure, _changed = save_audited(
            measure,
            own,
            user=user,
            actor=actor,
            visibility=strictest(own.get("visibility", measure.visibility), plan.visibility),
            municipality_id=plan.municipality_id,
            summary=_("Measure %(title)s") % {"title": title},
        )
        if resolution_items is not None:
            measure.resolution_items.set(list(resolution_items))
        if requires is not None:
            measure.requires.set([m for m in requires if m.pk != measure.pk])
        if gaps is not None:
            measure.gaps.all().delete()
            MeasureGap.objects.bulk_create(
                MeasureGap(
                    measure=measure,
                    area=g.area,
                    category=g.category,
                    added_capacity=g.added_capacity,
                )
                for g in gaps
            )
        if offers is not None:
            measure.offer_links.all().delete()
            MeasureOffer.objects.bulk_create(
                MeasureOffer(measure=measure, offer=offer, role=role) for offer, role in offers
            )
        if costs is not None:
            for cost in costs:
                if cost.end_year is not None and cost.end_year < cost.year:
                    raise ValidationError(
                        _("The last year of a cost (%(end)s) lies before its first (%(start)s).")
                        % {"end": cost.end_year, "start": cost.year}
                    )
            measure.costs.all().delete()
            MeasureCost.objects.bulk_create(
                MeasureCost(
                    measure=measure,
                    label=c.label,
                    amount=c.amount,
                    year=c.year,
                    recurring=c.recurring,
                    end_year=c.end_year,
                    nature=c.nature,
                    source=c.source,
                )
                for c in costs
            )
        links_after = _links(measure)
        if links_before != links_after and links_before:
            record_change(
                measure,
                before=links_before,
                after=links_after,
                user=user,
                actor=actor,
                visibility=measure_visibility(measure),
                municipality_id=plan.municipality_id,
                summary=_("Links and costs of measure %(title)s") % {"title": title},
            )
        return measure


def _links(measure: Measure) -> dict[str, Any]:
    """The measure's links and costs as comparable data, for the audit trail."""
    return {
        "resolution_items": sorted(measure.resolution_items.values_list("pk", flat=True)),
        "requires": sorted(measure.requires.values_list("pk", flat=True)),
        "gaps": sorted(
            [a, c, str(x)]
            for a, c, x in measure.gaps.values_list("area_id", "category_id", "added_capacity")
        ),
        "offers": sorted([o, r] for o, r in measure.offer_links.values_list("offer_id", "role")),
        "costs": sorted(
            [str(a), y, r, e, n, s]
            for a, y, r, e, n, s in measure.costs.values_list(
                "amount", "year", "recurring", "end_year", "nature", "source"
            )
        ),
    }


def record_measure_update(
    measure: Measure,
    *,
    date: dt.date,
    status: str,
    note: str = "",
    user: Actor,
    actor: str = "",
) -> MeasureUpdate:
    """Add an entry to the measure's status history; the newest entry sets its status."""
    with transaction.atomic():
        if not (user is None and actor) and not can_update_measure(user, measure):
            raise PermissionDenied(
                _(
                    "Only the responsible office or the social planning unit may update this measure."
                )
            )
        if status not in Measure.Status.values:
            raise ValidationError(_("Unknown status: %(status)s") % {"status": status})
        visibility = measure_visibility(measure)
        real = user if user is not None and user.is_authenticated else None
        update, _changed = save_audited(
            MeasureUpdate(measure=measure, author=real),
            {"date": date, "status": status, "note": note.strip()},
            user=user,
            actor=actor,
            visibility=visibility,
            municipality_id=measure.municipality_id,
            summary=_("Status of measure %(title)s: %(status)s")
            % {"title": measure.title, "status": Measure.Status(status).label},
        )
        newest = measure.updates.order_by("-date", "-id").first()
        if newest is not None and newest.status != measure.status:
            save_audited(
                measure,
                {"status": newest.status},
                user=user,
                actor=actor,
                visibility=visibility,
                municipality_id=measure.municipality_id,
            )
        return update


def save_key_figure(
    measure: Measure,
    name: str,
    *,
    baseline: Decimal,
    baseline_date: dt.date,
    unit: str = "",
    target: Decimal | None = None,
    target_date: dt.date | None = None,
    source: str = "",
    actuals: Sequence[tuple[dt.date, Decimal, str]] = (),
    user: Actor,
    actor: str = "",
) -> KeyFigure:
    """Create or update a key figure and add (or correct) actual values by date."""
    with transaction.atomic():
        _require_planner(user, actor, measure.municipality_id)
        if target_date is not None and target_date < baseline_date:
            raise ValidationError(_("The target date lies before the baseline date."))
        figure = KeyFigure.objects.filter(measure=measure, name=name).first() or KeyFigure(
            measure=measure, name=name
        )
        visibility = measure_visibility(measure)
        figure, _changed = save_audited(
            figure,
            {
                "unit": unit,
                "baseline": baseline,
                "baseline_date": baseline_date,
                "target": target,
                "target_date": target_date,
                "source": source,
            },
            user=user,
            actor=actor,
            visibility=visibility,
            municipality_id=measure.municipality_id,
            summary=_("Key figure %(name)s") % {"name": name},
        )
        for date, value, note in actuals:
            row = KeyFigureValue.objects.filter(key_figure=figure, date=date).first()
            save_audited(
                row or KeyFigureValue(key_figure=figure, date=date),
                {"value": value, "note": note},
                user=user,
                actor=actor,
                visibility=visibility,
                municipality_id=measure.municipality_id,
                summary=_("Actual value of %(name)s") % {"name": name},
            )
        return figure


# --- Budget, grants, scenarios, forecasts --------------------------------------------------


def save_priorities(
    municipality: Municipality, names: dict[int, str], *, user: Actor, actor: str = ""
) -> list[BudgetPriority]:
    """Name the municipality's budget priorities (1 = keep what exists)."""
    with transaction.atomic():
        _require_planner(user, actor, municipality.pk)
        result = []
        for number, name in sorted(names.items()):
            row = BudgetPriority.objects.filter(
                municipality=municipality, number=number
            ).first() or BudgetPriority(municipality=municipality, number=number)
            row, _changed = save_audited(
                row, {"name": name}, user=user, actor=actor, visibility=Visibility.NON_PUBLIC
            )
            result.append(row)
        return result


def save_budget(
    municipality: Municipality,
    name: str,
    *,
    first_year: int,
    last_year: int,
    visibility: str = Visibility.NON_PUBLIC,
    user: Actor,
    actor: str = "",
) -> DoubleBudget:
    with transaction.atomic():
        _require_planner(user, actor, municipality.pk)
        if last_year < first_year or last_year - first_year > 4:
            raise ValidationError(
                _("A budget runs over one to five years; %(first)s–%(last)s is not possible.")
                % {"first": first_year, "last": last_year}
            )
        budget = DoubleBudget.objects.filter(
            municipality=municipality, name=name
        ).first() or DoubleBudget(municipality=municipality, name=name)
        budget, _changed = save_audited(
            budget,
            {"first_year": first_year, "last_year": last_year, "visibility": visibility},
            user=user,
            actor=actor,
            visibility=visibility,
        )
        return budget


def save_budget_line(
    budget: DoubleBudget,
    *,
    priority: BudgetPriority,
    title: str,
    code: str = "",
    amounts: dict[int, Decimal],
    user: Actor,
    actor: str = "",
) -> BudgetLine:
    """Create or update a budget line (by code and title) with its planned amount per year."""
    with transaction.atomic():
        _require_planner(user, actor, budget.municipality_id)
        if priority.municipality_id != budget.municipality_id:
            raise ValidationError(_("The priority belongs to another municipality."))
        outside = sorted(set(amounts) - set(budget.years))
        if outside:
            raise ValidationError(
                _("%(budget)s has no year %(years)s.")
                % {"budget": budget.name, "years": ", ".join(map(str, outside))}
            )
        line = BudgetLine.objects.filter(budget=budget, code=code, title=title).first() or (
            BudgetLine(budget=budget, code=code, title=title)
        )
        common = {
            "user": user,
            "actor": actor,
            "visibility": budget.visibility,
            "municipality_id": budget.municipality_id,
        }
        line, _changed = save_audited(line, {"priority": priority}, **common)
        for year, amount in sorted(amounts.items()):
            row = BudgetAmount.objects.filter(line=line, year=year).first()
            save_audited(row or BudgetAmount(line=line, year=year), {"amount": amount}, **common)
        return line


def save_guideline(
    municipality: Municipality, name: str, *, short_name: str = "", user: Actor, actor: str = ""
) -> FundingGuideline:
    with transaction.atomic():
        _require_planner(user, actor, municipality.pk)
        row = FundingGuideline.objects.filter(
            municipality=municipality, name=name
        ).first() or FundingGuideline(municipality=municipality, name=name)
        row, _changed = save_audited(row, {"short_name": short_name}, user=user, actor=actor)
        return row


def save_grant(
    provider: Provider,
    guideline: FundingGuideline,
    year: int,
    *,
    offer: Offer | None = None,
    applied: Decimal | None = None,
    granted: Decimal | None = None,
    paid: Decimal | None = None,
    personnel_share: Decimal = Decimal("0.8"),
    budget_line: BudgetLine | None = None,
    user: Actor,
    actor: str = "",
) -> Grant:
    """Create or update the grant of a provider (and offer) under a guideline in a year."""
    with transaction.atomic():
        _require_planner(user, actor, provider.municipality_id)
        if offer is not None and offer.provider_id != provider.pk:
            raise ValidationError(_("The offer belongs to another provider."))
        if not Decimal(0) <= personnel_share <= Decimal(1):
            raise ValidationError(_("The personnel share must lie between 0 and 1."))
        for label, value in (
            (_("applied for"), applied),
            (_("granted"), granted),
            (_("paid"), paid),
        ):
            if value is not None and value < 0:
                raise ValidationError(
                    _("The amount %(label)s must not be negative.") % {"label": label}
                )
        if budget_line is not None and year not in budget_line.budget.years:
            raise ValidationError(
                _("The budget line's budget does not cover %(year)s.") % {"year": year}
            )
        grant = Grant.objects.filter(
            provider=provider, offer=offer, guideline=guideline, year=year
        ).first() or Grant(provider=provider, offer=offer, guideline=guideline, year=year)
        grant, _changed = save_audited(
            grant,
            {
                "applied": applied,
                "granted": granted,
                "paid": paid,
                "personnel_share": personnel_share,
                "budget_line": budget_line,
            },
            user=user,
            actor=actor,
            visibility=Visibility.NON_PUBLIC,
            municipality_id=provider.municipality_id,
            summary=_("Grant %(year)s to %(provider)s") % {"year": year, "provider": provider},
        )
        return grant


def save_scenario(
    municipality: Municipality,
    name: str,
    *,
    personnel_rate: Decimal,
    material_rate: Decimal,
    base_year: int | None = None,
    note: str = "",
    user: Actor,
    actor: str = "",
) -> IndexingScenario:
    with transaction.atomic():
        _require_planner(user, actor, municipality.pk)
        for rate in (personnel_rate, material_rate):
            if rate <= -100:
                raise ValidationError(_("A yearly rate must be above −100 %."))
        row = IndexingScenario.objects.filter(
            municipality=municipality, name=name
        ).first() or IndexingScenario(municipality=municipality, name=name)
        row, _changed = save_audited(
            row,
            {
                "personnel_rate": personnel_rate,
                "material_rate": material_rate,
                "base_year": base_year,
                "note": note,
            },
            user=user,
            actor=actor,
            visibility=Visibility.NON_PUBLIC,
        )
        return row


def save_forecast(
    municipality: Municipality,
    name: str,
    *,
    unit: str = "",
    source: str = "",
    years: dict[int, tuple[Decimal, Decimal | None]],
    visibility: str = Visibility.NON_PUBLIC,
    user: Actor,
    actor: str = "",
) -> Forecast:
    """Create or update a forecast with (demand, existing capacity) per year."""
    with transaction.atomic():
        _require_planner(user, actor, municipality.pk)
        forecast = Forecast.objects.filter(
            municipality=municipality, name=name
        ).first() or Forecast(municipality=municipality, name=name)
        forecast, _changed = save_audited(
            forecast,
            {"unit": unit, "source": source, "visibility": visibility},
            user=user,
            actor=actor,
            visibility=visibility,
        )
        for year, (demand, existing) in sorted(years.items()):
            row = ForecastYear.objects.filter(forecast=forecast, year=year).first()
            save_audited(
                row or ForecastYear(forecast=forecast, year=year),
                {"demand": demand, "existing": existing},
                user=user,
                actor=actor,
                visibility=visibility,
                municipality_id=municipality.pk,
            )
        return forecast


__all__ = [
    "CostRecord",
    "GapRecord",
    "can_update_measure",
    "record_measure_update",
    "save_budget",
    "save_budget_line",
    "save_forecast",
    "save_grant",
    "save_guideline",
    "save_key_figure",
    "save_measure",
    "save_plan",
    "save_priorities",
    "save_scenario",
]
