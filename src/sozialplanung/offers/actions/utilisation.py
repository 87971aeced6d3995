"""Utilisation (Auslastung) of an offer: reported by its provider, internal like staffing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sozialplanung.core.audit import ActingUser, save_audited
from sozialplanung.core.visibility import Visibility

from ..models import Offer
from .common import _require_provider

# An offer can be overbooked (more guests than seats, a waiting list in the room), but a
# share above 200 % is a typing error (percent entered twice, places instead of share).
MAX_SHARE = Decimal("2")


def report_utilisation(
    offer: Offer,
    share: Decimal | float | None,
    *,
    as_of: dt.date | None = None,
    acting_user: ActingUser,
) -> Offer:
    """Set the share of the offer's weekly capacity in use (1 = full; None: unknown) as of
    ``as_of`` (default today). The provider's own users and the planning unit may; the
    trail entry is internal, as the figure is."""
    _require_provider(acting_user, offer.provider)
    value = None if share is None else Decimal(str(share)).quantize(Decimal("0.001"))
    if value is not None and not Decimal(0) <= value <= MAX_SHARE:
        raise ValidationError(_("The utilisation must be between 0 and 200 %."))
    with transaction.atomic():
        offer, _changed = save_audited(
            offer,
            {
                "utilisation_share": value,
                "utilisation_as_of": None if value is None else (as_of or dt.date.today()),
            },
            acting_user=acting_user,
            visibility=Visibility.NON_PUBLIC,
            summary=_("Utilisation reported"),
        )
    return offer
