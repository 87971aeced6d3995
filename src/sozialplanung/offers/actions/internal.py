"""Staffing, funding and need reports: internal records with a non-public trail."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sozialplanung.areas.models import Area
from sozialplanung.core.audit import ActingUser, delete_audited, person, save_audited
from sozialplanung.core.concurrency import touch
from sozialplanung.core.formats.numbers import cents
from sozialplanung.core.formats.periods import PERIOD_RE
from sozialplanung.core.visibility import Visibility

from ..models import (
    Funding,
    NeedReport,
    Offer,
    OfferCategory,
    Provider,
    Staffing,
)
from .common import (
    _require_provider,
)


def set_staffing(
    offer: Offer,
    year: int,
    rows: Iterable[tuple[str, Decimal | float | int, Decimal | float | int]],
    *,
    acting_user: ActingUser,
) -> list[Staffing]:
    """Replace an offer's staffing of one year: rows of (kind, head count, weekly hours).

    Kinds not given are removed; unchanged rows write nothing. A change is a new version
    of the offer, whose form shows the staffing (``core.concurrency``).
    """
    _require_provider(acting_user, offer.provider)
    kinds = set(Staffing.Kind.values)
    wanted: dict[str, tuple[Decimal, Decimal]] = {}
    for kind, heads, hours in rows:
        if kind not in kinds:
            raise ValidationError(_("Unknown kind of staff: %(kind)s") % {"kind": kind})
        # As stored (two decimals), so that an unchanged row compares equal.
        heads_d, hours_d = cents(heads), cents(hours)
        if heads_d < 0 or hours_d < 0:
            raise ValidationError(_("Head count and hours cannot be negative."))
        wanted[kind] = (heads_d, hours_d)
    result: list[Staffing] = []
    with transaction.atomic():
        existing = {s.kind: s for s in Staffing.objects.filter(offer=offer, year=year)}
        changed = False
        for kind, record in existing.items():
            if kind not in wanted:
                changed = True
                delete_audited(
                    record,
                    acting_user=acting_user,
                    municipality_id=offer.municipality_id,
                    visibility=Visibility.NON_PUBLIC,
                )
        for kind, (heads_d, hours_d) in wanted.items():
            record = existing.get(kind) or Staffing(offer=offer, year=year, kind=kind)
            record, saved = save_audited(
                record,
                {"head_count": heads_d, "weekly_hours": hours_d},
                acting_user=acting_user,
                visibility=Visibility.NON_PUBLIC,
                municipality_id=offer.municipality_id,
            )
            changed |= saved
            result.append(record)
        if changed:
            touch(offer)
    return result


def set_funding(
    offer: Offer,
    year: int,
    rows: Iterable[tuple[str, Decimal | float | int, str]],
    *,
    acting_user: ActingUser,
) -> list[Funding]:
    """Replace an offer's funding of one year: rows of (source, amount in €, note).

    A change is a new version of the offer, like a change of its staffing."""
    _require_provider(acting_user, offer.provider)
    sources = set(Funding.Source.values)
    wanted: dict[str, tuple[Decimal, str]] = {}
    for source, amount, note in rows:
        if source not in sources:
            raise ValidationError(_("Unknown funding source: %(source)s") % {"source": source})
        amount_d = cents(amount)
        if amount_d < 0:
            raise ValidationError(_("Amounts cannot be negative."))
        wanted[source] = (amount_d, note or "")
    result: list[Funding] = []
    with transaction.atomic():
        existing = {f.source: f for f in Funding.objects.filter(offer=offer, year=year)}
        changed = False
        for source, record in existing.items():
            if source not in wanted:
                changed = True
                delete_audited(
                    record,
                    acting_user=acting_user,
                    municipality_id=offer.municipality_id,
                    visibility=Visibility.NON_PUBLIC,
                )
        for source, (amount_d, note) in wanted.items():
            record = existing.get(source) or Funding(offer=offer, year=year, source=source)
            record, saved = save_audited(
                record,
                {"amount": amount_d, "note": note},
                acting_user=acting_user,
                visibility=Visibility.NON_PUBLIC,
                municipality_id=offer.municipality_id,
            )
            changed |= saved
            result.append(record)
        if changed:
            touch(offer)
    return result


# --- Need reports (internal) -------------------------------------------------------------


def file_need_report(
    provider: Provider,
    *,
    area: Area,
    category: OfferCategory,
    period: str,
    turned_away: int | None = None,
    waiting_list: int | None = None,
    unmet_requests: int | None = None,
    text: str = "",
    acting_user: ActingUser,
) -> NeedReport:
    """File or update the provider's need report for one area, category and period."""
    _require_provider(acting_user, provider)
    municipality_id = provider.municipality_id
    if area.municipality_id != municipality_id or category.municipality_id != municipality_id:
        raise ValidationError(_("Area and category must belong to the provider's municipality."))
    period = period.strip()
    if not PERIOD_RE.match(period):
        raise ValidationError(_("Period must be a year (2024) or a quarter (2024-Q3)."))
    with transaction.atomic():
        report = NeedReport.objects.filter(
            provider=provider, area=area, category=category, period=period
        ).first() or NeedReport(
            municipality_id=municipality_id,
            provider=provider,
            area=area,
            category=category,
            period=period,
        )
        values: dict[str, Any] = {
            "turned_away": turned_away,
            "waiting_list": waiting_list,
            "unmet_requests": unmet_requests,
            "text": text,
        }
        author = person(acting_user)
        if report.pk is None and author is not None and author.is_authenticated:
            values["created_by"] = author
        report, _changed = save_audited(
            report,
            values,
            acting_user=acting_user,
            visibility=Visibility.NON_PUBLIC,
            municipality_id=municipality_id,
        )
        return report
