"""The planning unit's parameters for needs and gaps, per municipality and category.

Richtwert (reference supply per 1,000 of the target group), the indicator counting the
target group, the catchment for accessibility, the weights of the gap score and the
configuration of the social index. Changed only through ``needs.actions`` (audited).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from sozialplanung.analysis.gaps import GapWeights
from sozialplanung.areas.models import Area, AreaLevel, Indicator
from sozialplanung.core.models import Municipality, TimeStampedModel
from sozialplanung.offers.models import OfferCategory

DEFAULT_CATCHMENT_M = 800  # walking distance for everyday offers (DOMAIN: 500–800 m)


class CategoryParameters(TimeStampedModel):
    """Richtwert, target group and catchment of one offer category in one municipality."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    category = models.OneToOneField(
        OfferCategory, on_delete=models.CASCADE, related_name="parameters"
    )
    richtwert = models.FloatField(
        _("reference value per 1,000"),
        help_text=_("Capacity per week in the category's unit per 1,000 of the target group."),
    )
    target_indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("target group (indicator)"),
    )
    catchment_m = models.PositiveIntegerField(_("catchment (m)"), default=DEFAULT_CATCHMENT_M)
    # E2SFCA steps as [[upper bound in m, weight], …]; empty for plain 2SFCA.
    steps = models.JSONField(_("distance steps (E2SFCA)"), default=list, blank=True)
    note = models.TextField(_("reasoning"), blank=True, default="")

    class Meta:
        verbose_name = _("category parameters")
        verbose_name_plural = _("category parameters")
        ordering = ["category__order", "category__name"]

    def __str__(self) -> str:
        return f"{self.category}: {self.richtwert} / 1.000"


class GapSettings(TimeStampedModel):
    """Weights of the gap score (``analysis.gaps.GapWeights``) for one municipality."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="gap_settings"
    )
    coverage = models.FloatField(_("weight: coverage"), default=GapWeights.coverage)
    accessibility = models.FloatField(_("weight: accessibility"), default=GapWeights.accessibility)
    reports = models.FloatField(_("weight: need reports"), default=GapWeights.reports)
    index = models.FloatField(_("weight: social index"), default=GapWeights.index)
    size = models.FloatField(_("weight: size of the target group"), default=GapWeights.size)
    growth = models.FloatField(_("weight: forecast growth"), default=GapWeights.growth)
    reports_saturation = models.FloatField(
        _("need reports per 1,000 counted in full"), default=GapWeights.reports_saturation
    )
    size_reference = models.FloatField(
        _("target group counted in full"), default=GapWeights.size_reference
    )
    growth_saturation = models.FloatField(
        _("growth counted in full"), default=GapWeights.growth_saturation
    )

    class Meta:
        verbose_name = _("gap weights")
        verbose_name_plural = _("gap weights")

    def __str__(self) -> str:
        return str(self.municipality)

    def weights(self) -> GapWeights:
        return GapWeights(
            coverage=self.coverage,
            accessibility=self.accessibility,
            reports=self.reports,
            index=self.index,
            size=self.size,
            growth=self.growth,
            reports_saturation=self.reports_saturation,
            size_reference=self.size_reference,
            growth_saturation=self.growth_saturation,
        )


class IndexConfig(TimeStampedModel):
    """The social index of a municipality (Berlin MSS method): what goes in, how.

    ``indicators``: [{"indicator": slug, "part": "status"|"dynamik", "direction": 1|-1,
    "weight": 1.0}]; ``thresholds``: the class bounds in standard deviations of the sum.
    """

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="index_config"
    )
    level = models.ForeignKey(
        AreaLevel, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    indicators = models.JSONField(_("indicators"), default=list, blank=True)
    thresholds = models.JSONField(_("class thresholds (SD)"), default=list, blank=True)
    min_population = models.PositiveIntegerField(_("minimum population"), default=300)
    excluded_areas = models.ManyToManyField(
        Area, blank=True, related_name="+", verbose_name=_("excluded areas")
    )
    note = models.TextField(_("reasoning"), blank=True, default="")

    class Meta:
        verbose_name = _("social index configuration")
        verbose_name_plural = _("social index configurations")

    def __str__(self) -> str:
        return str(self.municipality)

    def summary(self) -> list[dict[str, Any]]:
        return list(self.indicators or [])


class Scenario(TimeStampedModel):
    """Szenario: the planning unit's "what if": planned offers, closed offers, a new
    housing quarter and changed Richtwerte, recomputed beside today's data
    (``needs.scenarios``). Internal working data of the planning unit: never public,
    not shown to offices, providers or council (``needs.scenario_views``)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, default="")
    is_example = models.BooleanField(_("example data"), default=False)
    closed_offers = models.ManyToManyField(
        "offers.Offer", blank=True, related_name="+", verbose_name=_("offers closed")
    )
    # The housing quarter: its residents go into the target group of its finest area
    # (chosen, or found from the point).
    quarter_name = models.CharField(_("housing quarter"), max_length=200, blank=True, default="")
    quarter_area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("area of the housing quarter"),
    )
    quarter_longitude = models.FloatField(_("longitude"), null=True, blank=True)
    quarter_latitude = models.FloatField(_("latitude"), null=True, blank=True)
    dwellings = models.PositiveIntegerField(_("dwellings"), default=0)
    household_size = models.FloatField(_("persons per household"), default=0)
    # {target indicator slug: share of the new residents counted in it (0–1)}
    target_shares = models.JSONField(_("target-group shares"), default=dict, blank=True)
    quarter_note = models.TextField(
        _("source of household size and shares"), blank=True, default=""
    )
    # {category slug: Richtwert per 1,000 in this scenario}; categories not named keep theirs.
    reference_values = models.JSONField(_("changed reference values"), default=dict, blank=True)

    class Meta:
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def residents(self) -> float:
        """New residents of the housing quarter: dwellings × persons per household."""
        return self.dwellings * self.household_size

    def variation(self) -> Any:
        """This scenario as a ``needs.compute.Variation`` (``needs.scenarios``)."""
        from .scenarios import variation_of

        return variation_of(self)


class PlannedOffer(TimeStampedModel):
    """An offer a scenario adds: category, place (a point, or an address found in the
    address list) and weekly capacity in the category's unit."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="planned_offers")
    category = models.ForeignKey(
        OfferCategory, on_delete=models.PROTECT, related_name="+", verbose_name=_("category")
    )
    name = models.CharField(_("name"), max_length=300)
    street_address = models.CharField(_("address"), max_length=300, blank=True, default="")
    longitude = models.FloatField(_("longitude"))
    latitude = models.FloatField(_("latitude"))
    weekly_capacity = models.FloatField(_("capacity per week"))

    class Meta:
        verbose_name = _("planned offer")
        verbose_name_plural = _("planned offers")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name
