"""Every heavy page and the API lists run a constant number of queries, at most 20,
whatever the number of rows: measured on the demo and again after it grew (issue 17).

The role crawl (test_role_crawl.py) holds every page it reaches to the same budget; this
test adds the growth: more offers in a category, more items with reports and measures
on a resolution, and the counts must stay the same.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from sozialplanung.core import computed
from sozialplanung.core.audit import Process
from sozialplanung.core.models import User
from sozialplanung.council import actions as council
from sozialplanung.council.models import ResolutionItem, StatusReport
from sozialplanung.measures.models import Measure
from sozialplanung.offers.models import Offer
from tests.plugins.second_factor import verify_second_factor

from .query_budget import PAGE_BUDGET, warm_query_count

pytestmark = pytest.mark.django_db

GROW = Process("Wachstum")
MORE = 12


def pages(resolution_id: int) -> list[str]:
    return [
        "/dresden/gebiete/stadtteil/90/",
        "/dresden/gebiete/stadt/14612000/",
        f"/dresden/gremien/beschluesse/{resolution_id}/",
        "/dresden/bedarf/",
        "/dresden/bedarf/luecken/?kategorie=mittagstisch&ebene=stadtteil",
        "/dresden/angebote/",
        "/api/municipalities/dresden/offers",
        "/api/municipalities/dresden/areas",
        "/dresden/massnahmen/verteilung/",
        "/dresden/angebote/verwaltung/",
    ]


def grow(resolution_id: int) -> None:
    """MORE offers in Mittagstisch and MORE items with a published report and a measure."""
    template = Offer.objects.filter(
        municipality__slug="dresden", category__slug="mittagstisch"
    ).first()
    located = list(template.located_in.all())
    for n in range(MORE):
        offer = Offer.objects.get(pk=template.pk)
        offer.pk = None
        offer.external_id = f"wachstum-{n}"
        offer.name = f"Mittagstisch Wachstum {n}"
        offer.places_per_session, offer.sessions_per_week = 10 + n, Decimal("5")
        offer.save()
        offer.located_in.set(located)
    measure = Measure.objects.filter(field_of_action__plan__municipality__slug="dresden").first()
    office = ResolutionItem.objects.filter(resolution_id=resolution_id).first().responsible_office
    for n in range(MORE):
        item = ResolutionItem.objects.create(
            resolution_id=resolution_id,
            number=f"W{n}",
            text=f"Wachstum {n}",
            order=100 + n,
            responsible_office=office,
        )
        report = council.record_status_report(
            item,
            date=dt.date(2025, 1, 1),
            status=StatusReport.Status.IN_PROGRESS,
            narrative="wächst",
            next_control_date=dt.date(2026, 1, 1),
            acting_user=GROW,
        )
        council.publish_status_report(report, acting_user=GROW)
        measure.resolution_items.add(item)
    # Written past the actions (faster), so the data version is replaced here.
    computed.bump(None)


def test_pages_keep_their_query_count_when_the_data_grow(full_demo):
    """As the planning unit, who reaches the public pages and the internal ones."""
    client = Client()
    user = User.objects.get(username="planung")
    client.force_login(user)
    verify_second_factor(client, user)
    resolution_id = (
        ResolutionItem.objects.filter(
            resolution__municipality__slug="dresden", resolution__visibility="oeffentlich"
        )
        .values_list("resolution_id", flat=True)
        .first()
    )
    urls = pages(resolution_id)
    before = {url: warm_query_count(client, url) for url in urls}
    grow(resolution_id)
    after = {url: warm_query_count(client, url) for url in urls}
    assert after == before
    assert {url: n for url, n in after.items() if n > PAGE_BUDGET} == {}
