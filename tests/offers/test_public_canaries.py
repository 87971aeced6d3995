# ruff: noqa: F811  (the shared fixture finder_offers is imported from test_finder)
"""Done-when 4: the public finder and the public offers API never show internal fields.

As an anonymous visitor, with the offers fixture loaded (its funding note and need
report carry CANARY_INTERNAL, funding amounts to 18,000 €, a need report counts 17
turned away and 9 waiting), we request the list with every combination of filters,
every detail page, and every offers API route, and look for the canaries.
"""

from __future__ import annotations

import itertools

import pytest
from django.test import Client

from sozialplanung.offers.models import Offer

from .conftest import CANARY_INTERNAL
from .test_finder import finder_offers  # noqa: F401

# Numbers that exist only in the internal records: funding 18000 €, staffing hours.
CANARIES = [CANARY_INTERNAL, "18000", "18.000", "18,000", "Zuwendung", "Abgewiesene"]
API = "/api/municipalities/teststadt"


def _leaks(url: str, response, echoed: str = "") -> list[str]:
    assert response.status_code < 500, url
    text = response.content.decode("utf-8", errors="replace")
    if echoed:  # the visitor's own search term comes back in the form and links
        text = text.replace(echoed, "")
    return [f"{url}: {c}" for c in CANARIES if c in text]


@pytest.mark.django_db
def test_public_finder_and_api_show_no_internal_field(finder_offers):
    client = Client()
    leaks: list[str] = []
    visited = 0
    categories = ["", "mittagstisch", "kleiderkammer", "sozialberatung"]
    groups = ["", "senioren", "familien"]
    areas = ["", "stadt:0", "stadtbezirk:1", "stadtbezirk:2", "stadtteil:11", "stadtteil:21"]
    # Every combination of the select filters; search and nearby on top of a few of them.
    combos = [
        {"kategorie": c, "zielgruppe": g, "gebiet": a, "offen": o}
        for c, g, a, o in itertools.product(categories, groups, areas, ["", "1"])
    ]
    combos += [
        {"kategorie": c, "q": q, "lat": lat, "lon": lon}
        for c, q, (lat, lon) in itertools.product(
            categories, ["Mittag", "Kanarie", "18000", "Abgewiesene"], [("", ""), ("51.0", "13.7")]
        )
    ]
    for query in combos:
        url = "/teststadt/angebote/?" + "&".join(f"{k}={v}" for k, v in query.items() if v)
        leaks += _leaks(url, client.get(url), echoed=query.get("q", ""))
        visited += 1
    for offer in Offer.objects.all():
        for url in (f"/teststadt/angebote/{offer.pk}/", f"{API}/offers/{offer.pk}"):
            leaks += _leaks(url, client.get(url))
            visited += 1
    api_urls = [f"{API}/offer-categories", f"{API}/target-groups"]
    for cat, area, open_now, q in itertools.product(
        ["", "mittagstisch", "kleiderkammer"], ["", "0", "1", "11"], ["", "true"], ["", "nord"]
    ):
        query = {"category": cat, "area": area, "open_now": open_now, "q": q}
        params = "&".join(f"{k}={v}" for k, v in query.items() if v)
        api_urls += [f"{API}/offers?{params}", f"{API}/offers.geojson?{params}"]
        api_urls.append(f"{API}/offers?{params}&lat=51&lon=13.7&limit=1000")
    for url in api_urls:
        leaks += _leaks(url, client.get(url))
        visited += 1
    assert leaks == []
    assert visited > 250


@pytest.mark.django_db
def test_canaries_are_really_in_the_database(finder_offers):
    """The test above proves something only if the internal records hold the canaries."""
    from sozialplanung.offers.models import Funding, NeedReport

    assert Funding.objects.filter(note__contains=CANARY_INTERNAL, amount=18000).exists()
    assert NeedReport.objects.filter(text__contains=CANARY_INTERNAL).exists()
