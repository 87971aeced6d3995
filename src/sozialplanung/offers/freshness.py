"""When an offer's record counts as stale: not confirmed for OFFER_STALE_MONTHS months."""

from __future__ import annotations

import calendar
import datetime as dt

from django.conf import settings

from .models import Offer


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` months earlier (the month's last day if it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def stale_before(today: dt.date | None = None) -> dt.date:
    """Records confirmed before this day are stale."""
    return months_before(today or dt.date.today(), int(settings.OFFER_STALE_MONTHS))


def confirmed_on(offer: Offer) -> dt.date:
    """The last confirmation, or the day the record was created if never confirmed."""
    return offer.last_confirmed or offer.created.date()


def is_stale(offer: Offer, today: dt.date | None = None) -> bool:
    return confirmed_on(offer) < stale_before(today)
