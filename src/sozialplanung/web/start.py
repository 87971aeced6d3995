"""The start page after login: what each role works on, gathered from the apps.

Each role gets its own lists (DOMAIN.md's roles): the planning unit what needs attention
in its municipality, a specialist office its resolution items and measures, a provider
its offers, need reports and grants, a council member recent resolutions and coming
control dates. Every list is cut to a few rows with a link to the full page, so a start
page costs the same number of queries however much data there is.

Everything is read through ``visible_to``/``editable_by``, like the pages it links to.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils import timezone

from sozialplanung.core.models import AuditEntry, ImportJob
from sozialplanung.core.visibility import Role
from sozialplanung.council.models import Resolution
from sozialplanung.council.overdue import open_items_of_office, overdue, readable_due_items
from sozialplanung.measures.models import Grant, Measure
from sozialplanung.needs.compute import analyse, parameterised_categories
from sozialplanung.offers.freshness import confirmed_on, stale_before
from sozialplanung.offers.models import NeedReport, Offer

if TYPE_CHECKING:
    from sozialplanung.core.models import Municipality, User

# Rows per list; each list links to its full page.
ROWS = 8
# Gap categories on the planning unit's page (each is one analysis).
GAP_CATEGORIES = 3
GAPS_PER_CATEGORY = 3


def start_context(user: User, today: dt.date) -> dict[str, Any]:
    """The lists of ``user``'s start page, and ``start_role`` naming the template part."""
    municipality = user.municipality
    if municipality is None:
        return {"start_role": "admin"}
    builders = {
        Role.SOZIALPLANUNG: planning_unit,
        Role.FACHAMT: specialist_office,
        Role.TRAEGER: provider,
        Role.STADTRAT: council_member,
    }
    build = builders.get(Role(user.role))
    if build is None:
        return {"start_role": "admin"}
    return {
        "start_role": user.role,
        "municipality": municipality,
        **build(user, municipality, today),
    }


def stale_offers(offers: Any, today: dt.date) -> Any:
    """Offers whose record was last confirmed (or, never confirmed, created) too long ago."""
    before = stale_before(today)
    return offers.filter(
        Q(last_confirmed__lt=before) | Q(last_confirmed__isnull=True, created__date__lt=before)
    )


def planning_unit(user: User, municipality: Municipality, today: dt.date) -> dict[str, Any]:
    overdue_rows = overdue(municipality, user, today).rows
    active = Offer.objects.filter(municipality=municipality, status=Offer.Status.ACTIVE)
    stale = stale_offers(active, today).select_related("provider").order_by("last_confirmed")
    jobs = ImportJob.objects.filter(municipality=municipality).filter(
        Q(status__in=[ImportJob.Status.PENDING, ImportJob.Status.RUNNING])
        | Q(status=ImportJob.Status.FAILED, created__gte=timezone.now() - dt.timedelta(days=30))
    )
    gaps = []
    for category in parameterised_categories(municipality)[:GAP_CATEGORIES]:
        analysis = analyse(municipality, category, user)
        gaps += [(category, row) for row in analysis.ranked[:GAPS_PER_CATEGORY]]
    changes = AuditEntry.objects.visible_to(user).filter(
        municipality=municipality, timestamp__gte=timezone.now() - dt.timedelta(days=7)
    )
    return {
        "overdue_rows": [(d, d.days_overdue(today)) for d in overdue_rows[:ROWS]],
        "overdue_count": len(overdue_rows),
        "stale_offers": list(stale[:ROWS]),
        "stale_count": stale.count(),
        "jobs": list(jobs.order_by("-created")[:ROWS]),
        "gaps": gaps,
        "changes": list(changes.select_related("user")[:ROWS]),
        "changes_count": changes.count(),
    }


def _measure_rows(measures: Any) -> list[Measure]:
    return list(
        measures.select_related("field_of_action__plan").order_by("due_quarter", "number")[:ROWS]
    )


def specialist_office(user: User, municipality: Municipality, today: dt.date) -> dict[str, Any]:
    office = user.office
    if office is None:
        return {"office": None}
    items = open_items_of_office(office, user)
    measures = Measure.objects.visible_to(user).filter(
        responsible_office=office, status__in=Measure.OPEN_STATUSES
    )
    return {
        "office": office,
        "items": [(d, d.due_date < today) for d in items[:ROWS]],
        "items_count": len(items),
        "measures": _measure_rows(measures),
        "measures_count": measures.count(),
    }


def provider(user: User, municipality: Municipality, today: dt.date) -> dict[str, Any]:
    offers = list(
        Offer.objects.editable_by(user).select_related("category", "provider").order_by("name")
    )
    before = stale_before(today)
    reports = NeedReport.objects.visible_to(user).filter(provider__users=user)
    grants = Grant.objects.visible_to(user).filter(provider__users=user)
    return {
        # A provider has a handful of offers: all of them, each with its freshness.
        "offers": [(o, confirmed_on(o), confirmed_on(o) < before) for o in offers],
        "need_reports": list(
            reports.select_related("area__level", "category").order_by("-period")[:ROWS]
        ),
        "grants": list(
            grants.select_related("offer", "guideline").order_by("-year", "offer__name")[:ROWS]
        ),
    }


def council_member(user: User, municipality: Municipality, today: dt.date) -> dict[str, Any]:
    due = readable_due_items(municipality, user)
    open_per_resolution = Counter(d.item.resolution_id for d in due)
    overdue_per_resolution = Counter(d.item.resolution_id for d in due if d.due_date < today)
    resolutions = list(
        Resolution.objects.visible_to(user)
        .filter(municipality=municipality, deleted=False)
        .select_related("paper", "body")
        .order_by("-date", "-id")[:ROWS]
    )
    return {
        "resolutions": [
            (r, open_per_resolution[r.id], overdue_per_resolution[r.id]) for r in resolutions
        ],
        "upcoming": [d for d in due if d.due_date >= today][:ROWS],
    }


def published_resolutions() -> list[Resolution]:
    """The newest public resolutions of all municipalities, in one query."""
    return list(
        Resolution.objects.visible_to(None)
        .filter(deleted=False)
        .select_related("paper", "municipality")
        .order_by("-date", "-id")[:ROWS]
    )
