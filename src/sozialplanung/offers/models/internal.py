"""The internal records about offers: staffing, funding and need reports.

They stand apart from the inventory because they are never public, while offers are: their
visibility defaults to non-public (``internal_visibility``), their querysets filter by
clearance inside the municipality and let a provider's own users see theirs
(``ProviderOwnedQuerySet``, also used by the grants in ``measures.models``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sozialplanung.areas.models import Area
from sozialplanung.core.fields import internal_visibility
from sozialplanung.core.models import Municipality, TimeStampedModel
from sozialplanung.core.visibility import VisibleQuerySet

from .inventory import Offer, OfferCategory, Provider


class ProviderOwnedQuerySet(VisibleQuerySet):
    """Internal records: visible by clearance inside the municipality, and to the
    provider's own users; never to the public (their visibility is non-public)."""

    provider_field = "offer__provider"

    def visible_to(self, user: Any) -> VisibleQuerySet:
        cleared = super().visible_to(user)
        if user is None or not user.is_authenticated:
            return cleared
        own = self.filter(**{f"{self.provider_field}__users": user})
        return (cleared | own).distinct()


class StaffingQuerySet(ProviderOwnedQuerySet):
    municipality_field = "offer__municipality"


class Staffing(TimeStampedModel):
    """Staff of an offer in one year by kind, as head count and weekly hours.

    Many offers exist only while publicly funded employment placed by the Jobcenter
    (§16d, §16i, §16e SGB II) exists; the dependency view reads these kinds.
    """

    class Kind(models.TextChoices):
        PAID = "hauptamt", _("paid staff")
        VOLUNTEER = "ehrenamt", _("volunteers")
        AGH_16D = "agh_16d", _("work opportunities §16d SGB II")
        TAM_16I = "tam_16i", _("participation in the labour market §16i SGB II")
        EGZ_16E = "egz_16e", _("§16e SGB II")
        AGH_5_ASYLBLG = "agh_5_asylblg", _("work opportunities §5 AsylbLG")
        BFD = "bfd", _("federal volunteer service")
        OTHER = "sonstige", _("other")

    JOBCENTER_KINDS = (Kind.AGH_16D, Kind.TAM_16I, Kind.EGZ_16E)

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="staffing")
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    head_count = models.DecimalField(_("head count"), max_digits=7, decimal_places=2, default=0)
    weekly_hours = models.DecimalField(_("weekly hours"), max_digits=9, decimal_places=2, default=0)
    visibility = internal_visibility()

    objects = StaffingQuerySet.as_manager()

    class Meta:
        verbose_name = _("staffing")
        verbose_name_plural = _("staffing")
        ordering = ["offer", "-year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "year", "kind"], name="unique_staffing")
        ]

    def __str__(self) -> str:
        return f"{self.offer} {self.year} {self.get_kind_display()}"


class Funding(TimeStampedModel):
    """Money an offer receives in one year from one source."""

    class Source(models.TextChoices):
        MUNICIPAL = "kommune", _("municipal grant")
        JOBCENTER = "jobcenter", _("Jobcenter")
        STATE = "land", _("state")
        FEDERAL = "bund", _("federal")
        EU = "eu", _("EU")
        OWN = "eigenmittel", _("own funds")
        DONATIONS = "spenden", _("donations")
        OTHER = "sonstige", _("other")

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="funding")
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    amount = models.DecimalField(_("amount (€)"), max_digits=12, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True, default="")
    visibility = internal_visibility()

    objects = StaffingQuerySet.as_manager()

    class Meta:
        verbose_name = _("funding")
        verbose_name_plural = _("funding")
        ordering = ["offer", "-year", "source"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "year", "source"], name="unique_funding")
        ]

    def __str__(self) -> str:
        return f"{self.offer} {self.year} {self.get_source_display()}: {self.amount} €"


class NeedReportQuerySet(ProviderOwnedQuerySet):
    provider_field = "provider"


class NeedReport(TimeStampedModel):
    """Qualitative need a provider observes in an area: people turned away, waiting lists.

    Aggregates only: never data about individual clients.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    provider = models.ForeignKey(
        Provider, on_delete=models.CASCADE, related_name="need_reports", verbose_name=_("provider")
    )
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="need_reports", verbose_name=_("area")
    )
    category = models.ForeignKey(
        OfferCategory,
        on_delete=models.PROTECT,
        related_name="need_reports",
        verbose_name=_("category"),
    )
    period = models.CharField(_("period"), max_length=10, help_text=_("2024 or 2024-Q3"))
    turned_away = models.PositiveIntegerField(_("people turned away"), null=True, blank=True)
    waiting_list = models.PositiveIntegerField(_("waiting list length"), null=True, blank=True)
    unmet_requests = models.PositiveIntegerField(_("unmet requests"), null=True, blank=True)
    text = models.TextField(_("description"), blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    visibility = internal_visibility()

    objects = NeedReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("need report")
        verbose_name_plural = _("need reports")
        ordering = ["-period", "area"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "area", "category", "period"], name="unique_need_report"
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.area} {self.category} {self.period}"
