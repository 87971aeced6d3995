"""Budget priorities, (double) budgets and their lines, funding guidelines, grants,
indexing scenarios and forecasts (audited)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sozialplanung.core.audit import ActingUser, save_audited
from sozialplanung.core.models import Municipality
from sozialplanung.core.visibility import Visibility
from sozialplanung.offers.models import Offer, Provider

from ..models import (
    BudgetAmount,
    BudgetLine,
    BudgetPriority,
    DoubleBudget,
    Forecast,
    ForecastYear,
    FundingGuideline,
    Grant,
    IndexingScenario,
)
from .common import require_planner


def save_priorities(
    municipality: Municipality, names: dict[int, str], *, acting_user: ActingUser
) -> list[BudgetPriority]:
    """Name the municipality's budget priorities (1 = keep what exists)."""
    with transaction.atomic():
        require_planner(acting_user, municipality.pk)
        result = []
        for number, name in sorted(names.items()):
            row = BudgetPriority.objects.filter(
                municipality=municipality, number=number
            ).first() or BudgetPriority(municipality=municipality, number=number)
            row, _changed = save_audited(
                row, {"name": name}, acting_user=acting_user, visibility=Visibility.NON_PUBLIC
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
    acting_user: ActingUser,
) -> DoubleBudget:
    with transaction.atomic():
        require_planner(acting_user, municipality.pk)
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
            acting_user=acting_user,
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
    acting_user: ActingUser,
) -> BudgetLine:
    """Create or update a budget line (by code and title) with its planned amount per year."""
    with transaction.atomic():
        require_planner(acting_user, budget.municipality_id)
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
            "acting_user": acting_user,
            "visibility": budget.visibility,
            "municipality_id": budget.municipality_id,
        }
        line, _changed = save_audited(line, {"priority": priority}, **common)
        for year, amount in sorted(amounts.items()):
            row = BudgetAmount.objects.filter(line=line, year=year).first()
            save_audited(row or BudgetAmount(line=line, year=year), {"amount": amount}, **common)
        return line


def save_guideline(
    municipality: Municipality, name: str, *, short_name: str = "", acting_user: ActingUser
) -> FundingGuideline:
    with transaction.atomic():
        require_planner(acting_user, municipality.pk)
        row = FundingGuideline.objects.filter(
            municipality=municipality, name=name
        ).first() or FundingGuideline(municipality=municipality, name=name)
        row, _changed = save_audited(row, {"short_name": short_name}, acting_user=acting_user)
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
    acting_user: ActingUser,
) -> Grant:
    """Create or update the grant of a provider (and offer) under a guideline in a year."""
    with transaction.atomic():
        require_planner(acting_user, provider.municipality_id)
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
            acting_user=acting_user,
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
    acting_user: ActingUser,
) -> IndexingScenario:
    with transaction.atomic():
        require_planner(acting_user, municipality.pk)
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
            acting_user=acting_user,
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
    acting_user: ActingUser,
) -> Forecast:
    """Create or update a forecast with (demand, existing capacity) per year."""
    with transaction.atomic():
        require_planner(acting_user, municipality.pk)
        forecast = Forecast.objects.filter(
            municipality=municipality, name=name
        ).first() or Forecast(municipality=municipality, name=name)
        forecast, _changed = save_audited(
            forecast,
            {"unit": unit, "source": source, "visibility": visibility},
            acting_user=acting_user,
            visibility=visibility,
        )
        for year, (demand, existing) in sorted(years.items()):
            row = ForecastYear.objects.filter(forecast=forecast, year=year).first()
            save_audited(
                row or ForecastYear(forecast=forecast, year=year),
                {"demand": demand, "existing": existing},
                acting_user=acting_user,
                visibility=visibility,
                municipality_id=municipality.pk,
            )
        return forecast
