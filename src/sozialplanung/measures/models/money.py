"""The money side: budget priorities, (double) budgets with lines and planned amounts,
forecasts for capacity planning, funding guidelines, grants and indexing scenarios."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sozialplanung.core.fields import internal_visibility
from sozialplanung.core.models import Municipality, TimeStampedModel
from sozialplanung.core.visibility import VisibleQuerySet
from sozialplanung.offers.models import Offer, Provider, ProviderOwnedQuerySet


class BudgetPriority(TimeStampedModel):
    """A priority of the municipality's budget: 1 keeps what exists, higher numbers are
    additional needs (Mehrbedarfe); each municipality names its own."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="budget_priorities"
    )
    number = models.PositiveSmallIntegerField(_("priority"))
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("budget priority")
        verbose_name_plural = _("budget priorities")
        ordering = ["municipality", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "number"], name="unique_budget_priority"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}: {self.name}"

    @property
    def keeps_existing(self) -> bool:
        return self.number == 1


class DoubleBudget(TimeStampedModel):
    """A (double) budget, e.g. Doppelhaushalt 2025/2026: its years and lines."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="budgets",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=200)
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))
    visibility = internal_visibility()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["municipality", "-first_year"]

    def __str__(self) -> str:
        return self.name

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))


class BudgetLineQuerySet(VisibleQuerySet):
    visibility_fields = ("budget__visibility",)
    municipality_field = "budget__municipality"


class BudgetLine(TimeStampedModel):
    """A line of a budget under a priority, with a planned amount for each year.

    Measures and grants are assigned to a line; a measure's costs in the budget's years
    and a grant's granted amount in its year count against the line.
    """

    budget = models.ForeignKey(DoubleBudget, on_delete=models.CASCADE, related_name="lines")
    priority = models.ForeignKey(
        BudgetPriority, on_delete=models.PROTECT, related_name="lines", verbose_name=_("priority")
    )
    code = models.CharField(_("line code"), max_length=50, blank=True, default="")
    title = models.CharField(_("title"), max_length=300)

    objects = BudgetLineQuerySet.as_manager()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["budget", "priority__number", "code", "title"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "code", "title"], name="unique_budget_line")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()


class BudgetAmount(models.Model):
    """The planned amount of a budget line in one year."""

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="amounts")
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("planned amount (€)"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("planned amount")
        verbose_name_plural = _("planned amounts")
        ordering = ["line", "year"]
        constraints = [
            models.UniqueConstraint(fields=["line", "year"], name="unique_budget_amount")
        ]

    def __str__(self) -> str:
        return f"{self.line} {self.year}: {self.amount} €"


class Forecast(TimeStampedModel):
    """Expected demand per year for capacity planning (assignments, target group × Richtwert)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="forecasts"
    )
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=60, blank=True, default="")
    source = models.CharField(_("source"), max_length=300, blank=True, default="")
    visibility = internal_visibility()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("forecast")
        verbose_name_plural = _("forecasts")
        ordering = ["municipality", "name"]

    def __str__(self) -> str:
        return self.name


class ForecastYear(models.Model):
    """Demand and existing capacity of one forecast year."""

    forecast = models.ForeignKey(Forecast, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("year"))
    demand = models.DecimalField(_("expected demand"), max_digits=12, decimal_places=1)
    existing = models.DecimalField(
        _("existing capacity"), max_digits=12, decimal_places=1, null=True, blank=True
    )

    class Meta:
        verbose_name = _("forecast year")
        verbose_name_plural = _("forecast years")
        ordering = ["forecast", "year"]
        constraints = [
            models.UniqueConstraint(fields=["forecast", "year"], name="unique_forecast_year")
        ]

    def __str__(self) -> str:
        return f"{self.forecast} {self.year}"


class FundingGuideline(TimeStampedModel):
    """A Fachförderrichtlinie under which grants are given."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="funding_guidelines"
    )
    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=60, blank=True, default="")

    class Meta:
        verbose_name = _("funding guideline")
        verbose_name_plural = _("funding guidelines")
        ordering = ["municipality", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="unique_guideline")
        ]

    def __str__(self) -> str:
        return self.short_name or self.name


class GrantQuerySet(ProviderOwnedQuerySet):
    provider_field = "provider"
    municipality_field = "provider__municipality"


class Grant(TimeStampedModel):
    """A Zuwendung to a provider for one offer (or the provider as a whole) in one year."""

    provider = models.ForeignKey(
        Provider, on_delete=models.CASCADE, related_name="grants", verbose_name=_("provider")
    )
    offer = models.ForeignKey(
        Offer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="grants",
        verbose_name=_("offer"),
    )
    guideline = models.ForeignKey(
        FundingGuideline,
        on_delete=models.PROTECT,
        related_name="grants",
        verbose_name=_("funding guideline"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    applied = models.DecimalField(
        _("applied for (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    granted = models.DecimalField(
        _("granted (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    paid = models.DecimalField(
        _("paid (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # Share of personnel costs in the funded costs; indexing applies its own rate to it.
    personnel_share = models.DecimalField(
        _("personnel share"), max_digits=4, decimal_places=3, default=0.8
    )
    budget_line = models.ForeignKey(
        BudgetLine,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="grants",
        verbose_name=_("budget line"),
    )
    visibility = internal_visibility()

    objects = GrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        ordering = ["provider", "offer", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "offer", "guideline", "year"], name="unique_grant"
            )
        ]

    def __str__(self) -> str:
        target = self.offer or self.provider
        return f"{target} {self.year}"

    @property
    def municipality_id(self) -> int:
        return self.provider.municipality_id


class IndexingScenario(TimeStampedModel):
    """A Dynamisierung scenario: yearly rates for personnel and material costs."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="indexing_scenarios"
    )
    name = models.CharField(_("name"), max_length=200)
    personnel_rate = models.DecimalField(
        _("personnel costs per year (%)"), max_digits=5, decimal_places=2
    )
    material_rate = models.DecimalField(
        _("material costs per year (%)"), max_digits=5, decimal_places=2
    )
    base_year = models.PositiveSmallIntegerField(_("base year"), null=True, blank=True)
    note = models.TextField(_("reasoning"), blank=True, default="")

    class Meta:
        verbose_name = _("indexing scenario")
        verbose_name_plural = _("indexing scenarios")
        ordering = ["municipality", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="unique_scenario")
        ]

    def __str__(self) -> str:
        return self.name
