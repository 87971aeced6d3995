"""Upkeep of the inventory (Datenpflege): what helps keep the offer records current and
their addresses right, without being part of any record. ``StaleReminder`` marks that a
provider was reminded once of a stale offer (``offers.reminders``); ``AddressPoint`` is the
municipality's address list in which the offer form looks up an address
(``offers.addresses``). Neither is an offer's data, and neither is shown to the public.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sozialplanung.core.models import Municipality

from .inventory import Offer


class StaleReminder(models.Model):
    """A reminder to a provider that an offer's record is stale; exactly once per offer
    and last-confirmed date (the unique constraint survives restarts)."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="stale_reminders")
    # The offer's last_confirmed date (or its creation date if never confirmed).
    confirmed_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.CharField(max_length=1000, blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "confirmed_on"],
                name="unique_stale_reminder",
            )
        ]

    def __str__(self) -> str:
        return f"{self.offer} ({self.confirmed_on})"


class AddressPoint(models.Model):
    """One address of the municipality's own address list (street, number, place).

    Providers type an offer's address; the offer form finds its point here
    (``offers.addresses``). Imported from the list the survey office publishes
    (``sozialplanung import-addresses``); without a list, the point is set on the map.
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    street = models.CharField(_("street"), max_length=200)
    # Lower case, "str." written out, single spaces: what a lookup compares.
    street_key = models.CharField(max_length=200, db_index=True, editable=False)
    house_number = models.CharField(_("house number"), max_length=20)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True, default="")
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("address list")
        ordering = ["municipality", "street", "house_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "street_key", "house_number", "postal_code"],
                name="unique_address_point",
            )
        ]

    def __str__(self) -> str:
        return f"{self.street} {self.house_number}, {self.postal_code}".rstrip(", ")
