"""Spare capacity of offers: from the reported utilisation, and none where need reports
say people are turned away or wait.

A provider that reports people turned away or on a waiting list for a category in an
area has no free places there, whatever utilisation it reported earlier: its offers of
that category located in that area (at any level) count with spare capacity 0.
"""

from __future__ import annotations

from collections.abc import Iterable

from .models import Offer


def offers_reported_full(
    reports: Iterable[tuple[int, int, int | None, int | None]], offers: Iterable[Offer]
) -> set[int]:
    """Ids of the ``offers`` without free places by the need ``reports``: rows of
    (provider id, area id, people turned away, waiting list) of the offers' category.
    ``offers`` need ``located_in`` prefetched."""
    full_where = {
        (provider, area)
        for provider, area, turned, waiting in reports
        if (turned or 0) + (waiting or 0) > 0
    }
    if not full_where:
        return set()
    return {
        o.pk for o in offers if any((o.provider_id, a.pk) in full_where for a in o.located_in.all())
    }


def spare_of(offer: Offer, full: set[int]) -> float | None:
    """The offer's free places per week for the gap analysis (None: not reported)."""
    if offer.pk in full:
        return 0.0
    return offer.spare_capacity
