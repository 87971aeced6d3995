"""Plans, fields of action and measures with their status history, gaps, offers, costs
and key figures."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sozialplanung.areas.models import Area
from sozialplanung.core.fields import quarter_field, visibility_field
from sozialplanung.core.formats.quarters import quarter_label
from sozialplanung.core.models import Municipality, Office, TimeStampedModel
from sozialplanung.core.visibility import VisibleQuerySet
from sozialplanung.council.models import ResolutionItem
from sozialplanung.offers.models import Offer, OfferCategory

from .money import BudgetLine


class Plan(TimeStampedModel):
    """A Fachplan or Fachkonzept adopted by the council, holding a measures plan."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="plans")
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("short name"), max_length=80)
    description = models.TextField(_("description"), blank=True, default="")
    # The resolution that adopted the plan (V2927/19 for the Fachplan Asyl 2022).
    resolution = models.ForeignKey(
        "council.Resolution",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("adopted by"),
    )
    visibility = visibility_field()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["municipality", "title"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="unique_plan_slug")
        ]

    def __str__(self) -> str:
        return self.title


class FieldOfActionQuerySet(VisibleQuerySet):
    visibility_fields = ("plan__visibility",)
    municipality_field = "plan__municipality"


class FieldOfAction(TimeStampedModel):
    """Handlungsfeld: migration social work, civic engagement, housing, health …"""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="fields")
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = FieldOfActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("field of action")
        verbose_name_plural = _("fields of action")
        ordering = ["plan", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "name"], name="unique_field_of_action")
        ]

    def __str__(self) -> str:
        return self.name


class MeasureQuerySet(VisibleQuerySet):
    visibility_fields = ("visibility", "field_of_action__plan__visibility")
    municipality_field = "field_of_action__plan__municipality"


class Measure(TimeStampedModel):
    """A Maßnahme of a plan's measures plan."""

    class Status(models.TextChoices):
        PLANNED = "geplant", _("planned")
        IN_PROGRESS = "in_umsetzung", _("being implemented")
        DONE = "umgesetzt", _("implemented")
        DELAYED = "verzoegert", _("delayed")
        DEFERRED = "zurueckgestellt", _("deferred")
        DROPPED = "entfallen", _("dropped")

    OPEN_STATUSES = (Status.PLANNED, Status.IN_PROGRESS, Status.DELAYED)

    field_of_action = models.ForeignKey(
        FieldOfAction,
        on_delete=models.PROTECT,
        related_name="measures",
        verbose_name=_("field of action"),
    )
    number = models.CharField(_("number"), max_length=20, blank=True, default="")
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True, default="")
    responsible_office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("responsible office"),
    )
    start_quarter = quarter_field(_("start (quarter)"))
    due_quarter = quarter_field(_("due (quarter)"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    resolution_items = models.ManyToManyField(
        ResolutionItem, blank=True, related_name="measures", verbose_name=_("resolution items")
    )
    # Allocation: a mandatory measure is always funded; a measure may need others first.
    mandatory = models.BooleanField(_("mandatory"), default=False)
    requires = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="required_by",
        verbose_name=_("requires"),
    )
    budget_line = models.ForeignKey(
        BudgetLine,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("budget line"),
    )
    # Capacity-bound measures: places or seats the measure adds (negative: removes).
    capacity = models.DecimalField(
        _("capacity"), max_digits=10, decimal_places=1, null=True, blank=True
    )
    capacity_unit = models.CharField(_("capacity unit"), max_length=60, blank=True, default="")
    forecast = models.ForeignKey(
        "Forecast",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("planned against forecast"),
    )
    # The scenario that argues for the measure (internal: shown to the planning unit only).
    scenario = models.ForeignKey(
        "needs.Scenario",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("scenario"),
    )
    visibility = visibility_field()

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["field_of_action__plan", "field_of_action__order", "number", "title"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    @property
    def plan(self) -> Plan:
        return self.field_of_action.plan

    @property
    def municipality_id(self) -> int:
        return self.field_of_action.plan.municipality_id

    @property
    def start_label(self) -> str:
        return quarter_label(self.start_quarter)

    @property
    def due_label(self) -> str:
        return quarter_label(self.due_quarter)


class MeasureChildQuerySet(VisibleQuerySet):
    visibility_fields = ("measure__visibility", "measure__field_of_action__plan__visibility")
    municipality_field = "measure__field_of_action__plan__municipality"


class MeasureUpdate(TimeStampedModel):
    """One entry of a measure's status history: what stood when, and why."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=20, choices=Measure.Status.choices)
    note = models.TextField(_("note"), blank=True, default="")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = MeasureChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("measure status entry")
        verbose_name_plural = _("measure status entries")
        ordering = ["measure", "-date", "-id"]

    def __str__(self) -> str:
        return f"{self.measure}: {self.get_status_display()} ({self.date:%d.%m.%Y})"


class MeasureGap(models.Model):
    """A gap (area × offer category) a measure answers, and how much of it.

    ``added_capacity`` is what the measure adds in the category's unit (seats × days per
    week …); the share of the gap it covers is computed against the current deficit.
    """

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="gaps")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(OfferCategory, on_delete=models.PROTECT, related_name="+")
    added_capacity = models.DecimalField(
        _("added capacity per week"), max_digits=10, decimal_places=1, null=True, blank=True
    )

    objects = MeasureChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("answered gap")
        verbose_name_plural = _("answered gaps")
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "area", "category"], name="unique_measure_gap"
            )
        ]

    def __str__(self) -> str:
        return f"{self.category} – {self.area}"


class MeasureOffer(models.Model):
    """An offer a measure creates or secures."""

    class Role(models.TextChoices):
        CREATES = "schafft", _("creates")
        SECURES = "sichert", _("secures")

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="offer_links")
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="measure_links")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.CREATES)

    objects = MeasureChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("offer of a measure")
        verbose_name_plural = _("offers of measures")
        constraints = [
            models.UniqueConstraint(fields=["measure", "offer"], name="unique_measure_offer")
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.get_role_display()} {self.offer}"


class FundingSource(models.TextChoices):
    MUNICIPAL = "kommune", _("municipal budget")
    STATE = "land", _("state")
    FEDERAL = "bund", _("federal")
    EU = "eu", _("EU")
    JOBCENTER = "jobcenter", _("Jobcenter")
    OTHER = "sonstige", _("other")


class MeasureCost(models.Model):
    """A cost of a measure: one-off in a year, or recurring every year from a year on."""

    class Nature(models.TextChoices):
        CONSUMPTIVE = "konsumtiv", _("consumptive")
        INVESTIVE = "investiv", _("investive")

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="costs")
    label = models.CharField(_("label"), max_length=200, blank=True, default="")
    amount = models.DecimalField(_("amount (€)"), max_digits=12, decimal_places=2)
    year = models.PositiveSmallIntegerField(_("year (first year if recurring)"))
    recurring = models.BooleanField(_("recurring yearly"), default=False)
    end_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)
    nature = models.CharField(
        _("nature"), max_length=10, choices=Nature.choices, default=Nature.CONSUMPTIVE
    )
    source = models.CharField(
        _("funding source"),
        max_length=20,
        choices=FundingSource.choices,
        default=FundingSource.MUNICIPAL,
    )

    objects = MeasureChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("cost")
        verbose_name_plural = _("costs")
        ordering = ["measure", "year", "id"]

    def __str__(self) -> str:
        return f"{self.label or self.measure}: {self.amount} € ({self.year})"


class KeyFigure(TimeStampedModel):
    """Kennzahl of a measure: baseline, target, and actual values over time."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="key_figures")
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=60, blank=True, default="")
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2)
    baseline_date = models.DateField(_("baseline date"))
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True, default="")

    objects = MeasureChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")
        ordering = ["measure", "name"]

    def __str__(self) -> str:
        return self.name


class KeyFigureValue(models.Model):
    """An actual value of a key figure at a date."""

    key_figure = models.ForeignKey(KeyFigure, on_delete=models.CASCADE, related_name="values")
    date = models.DateField(_("date"))
    value = models.DecimalField(_("actual value"), max_digits=14, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True, default="")

    class Meta:
        verbose_name = _("actual value")
        verbose_name_plural = _("actual values")
        ordering = ["key_figure", "date"]
        constraints = [
            models.UniqueConstraint(fields=["key_figure", "date"], name="unique_key_figure_date")
        ]

    def __str__(self) -> str:
        return f"{self.key_figure}: {self.value} ({self.date:%d.%m.%Y})"
