"""The inventory itself (Bestand): offer categories, target groups, providers, and offers
with their opening hours and closures. These are the public records of the app (the
finder reads them), and the rest of the app refers to them; what is internal about an
offer (``internal``) and what keeps the records current (``upkeep``) refers to them in turn,
so each of those stands in its own module and this one imports neither.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sozialplanung.analysis.absorption import spare_capacity
from sozialplanung.areas.models import Area, Indicator, PlanningDomain
from sozialplanung.core.models import Municipality, TimeStampedModel
from sozialplanung.core.visibility import Role

from ..units import unit_label


class OfferCategory(TimeStampedModel):
    """Angebotsart, e.g. Mittagstisch, Tafel, Kleiderkammer, Begegnungsstätte.

    A default taxonomy in German is seeded per municipality and may be edited there.
    ``unit`` says what capacity counts for this category (Plätze, Beratungsstunden …).
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="offer_categories"
    )
    slug = models.SlugField(_("short name"), max_length=80)
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    description = models.TextField(_("description"), blank=True, default="")
    unit = models.CharField(_("capacity unit"), max_length=50, blank=True, default="Plätze")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    domain = models.ForeignKey(
        PlanningDomain,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="categories",
        verbose_name=_("planning domain"),
    )

    class Meta:
        verbose_name = _("offer category")
        verbose_name_plural = _("offer categories")
        ordering = ["municipality", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="unique_category_slug")
        ]

    @property
    def unit_label(self) -> str:
        """The unit in the reader's language where the code filled it in (offers.units)."""
        return unit_label(self.unit)

    def __str__(self) -> str:
        return self.name


class TargetGroup(TimeStampedModel):
    """Zielgruppe; ``indicator`` links it to the indicator that counts it per area."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="target_groups"
    )
    slug = models.SlugField(_("short name"), max_length=80)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, default="")
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indicator counting this group"),
    )

    class Meta:
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        ordering = ["municipality", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "slug"], name="unique_target_group_slug"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Provider(TimeStampedModel):
    """Träger: a welfare association, Verein or company running offers (HSDS organization)."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="providers",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True, default="")
    email = models.EmailField(_("e-mail"), blank=True, default="")
    phone = models.CharField(_("phone"), max_length=50, blank=True, default="")
    website = models.URLField(_("website"), blank=True, default="")
    # The provider's staff who keep its offers current (role Träger).
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="providers", verbose_name=_("users")
    )
    # HSDS organization id (UUID) for export and re-import.
    external_id = models.CharField(max_length=200, blank=True, default="", db_index=True)
    is_example = models.BooleanField(
        _("example data"), default=False, help_text=_("Synthetic demo record (Beispieldaten).")
    )

    class Meta:
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        ordering = ["municipality", "name"]

    def __str__(self) -> str:
        return self.name


class OfferQuerySet(models.QuerySet[Any]):
    """Who may work with which offer on the internal pages; the one place for it.

    Offers are public records (the finder reads them without this); the inventory, the
    edit form, staffing and funding are not.
    """

    def editable_by(self, user: Any) -> OfferQuerySet:
        """Planning unit: its municipality's offers; admins: all; a Träger user: the
        offers of providers it belongs to; everyone else: none."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        role = getattr(user, "role", None)
        if role == Role.ADMIN or user.is_superuser:
            return self.all()
        if role == Role.SOZIALPLANUNG:
            return self.filter(municipality_id=user.municipality_id)
        if role == Role.TRAEGER:
            return self.filter(provider__users=user).distinct()
        return self.none()

    def in_inventory_of(self, user: Any) -> OfferQuerySet:
        """The internal inventory: what the user may edit, and for specialist offices and
        council members every offer of their municipality (read only)."""
        if (
            user
            and user.is_authenticated
            and user.is_active
            and getattr(user, "role", None) in (Role.FACHAMT, Role.STADTRAT)
        ):
            return self.filter(municipality_id=user.municipality_id)
        return self.editable_by(user)


class Offer(TimeStampedModel):
    """Angebot: one social offer at one place (HSDS service + location + service_at_location)."""

    class Status(models.TextChoices):
        ACTIVE = "aktiv", _("active")
        PAUSED = "pausiert", _("paused")
        CLOSED = "geschlossen", _("closed")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="offers",
        verbose_name=_("municipality"),
    )
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="offers", verbose_name=_("provider")
    )
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True, default="")
    category = models.ForeignKey(
        OfferCategory, on_delete=models.PROTECT, related_name="offers", verbose_name=_("category")
    )
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="offers", verbose_name=_("target groups")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    street_address = models.CharField(
        _("street and number"), max_length=300, blank=True, default=""
    )
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True, default="")
    locality = models.CharField(_("locality"), max_length=200, blank=True, default="")
    # WGS84; null when the offer has no fixed place (outreach, telephone counselling).
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    # The areas of every level that contain the point (derived by point-in-polygon on
    # save, through offers.actions) and the areas the offer serves (chosen).
    located_in = models.ManyToManyField(Area, blank=True, related_name="offers_located")
    serves = models.ManyToManyField(
        Area, blank=True, related_name="offers_serving", verbose_name=_("areas served")
    )
    # Capacity: places per session × sessions per week (a meal offer: 40 seats × 5 days),
    # or, for categories counted otherwise, an amount in the category's unit.
    places_per_session = models.PositiveIntegerField(_("places per session"), null=True, blank=True)
    sessions_per_week = models.DecimalField(
        _("sessions per week"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    capacity_amount = models.DecimalField(
        _("capacity (other unit)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    visits_per_year = models.PositiveIntegerField(_("visits per year"), null=True, blank=True)
    # Utilisation (Auslastung): the share of the weekly capacity in use, as the provider
    # reports it (1 = full; above 1 = overbooked). Internal like staffing: the public
    # never sees one offer's utilisation, only suppressed sums of spare capacity
    # (needs.absorption). Empty: not reported, the offer counts with no spare capacity.
    utilisation_share = models.DecimalField(
        _("utilisation"),
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(2)],
    )
    utilisation_as_of = models.DateField(_("utilisation as of"), null=True, blank=True)
    email = models.EmailField(_("e-mail"), blank=True, default="")
    phone = models.CharField(_("phone"), max_length=50, blank=True, default="")
    website = models.URLField(_("website"), blank=True, default="")
    accessibility = models.CharField(_("accessibility"), max_length=500, blank=True, default="")
    languages = models.CharField(_("languages"), max_length=300, blank=True, default="")
    last_confirmed = models.DateField(_("last confirmed"), null=True, blank=True)
    external_id = models.CharField(max_length=200, blank=True, default="", db_index=True)
    is_example = models.BooleanField(_("example data"), default=False)

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["municipality", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def weekly_capacity(self) -> float | None:
        """Capacity per week in the category's unit (places × sessions, or the amount)."""
        if self.places_per_session is not None and self.sessions_per_week is not None:
            return float(self.places_per_session) * float(self.sessions_per_week)
        if self.capacity_amount is not None:
            return float(self.capacity_amount)
        return None

    @property
    def utilisation_percent(self) -> float | None:
        return None if self.utilisation_share is None else float(self.utilisation_share) * 100

    @property
    def spare_capacity(self) -> float | None:
        """Free places per week: capacity × (1 − utilisation), never negative; None when
        capacity or utilisation is unknown."""
        capacity = self.weekly_capacity
        if capacity is None or self.utilisation_share is None:
            return None
        return spare_capacity(capacity, float(self.utilisation_share))


class OpeningHours(models.Model):
    """One weekly opening slot (HSDS schedule with freq=WEEKLY, byday)."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["offer", "weekday", "opens"]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class Closure(models.Model):
    """A period in which the offer is closed (holidays, renovation)."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="closures")
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    note = models.CharField(_("note"), max_length=300, blank=True, default="")

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        ordering = ["offer", "start"]

    def __str__(self) -> str:
        return f"{self.start:%d.%m.%Y}–{self.end:%d.%m.%Y}"
