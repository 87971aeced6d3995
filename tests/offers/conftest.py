"""Offer fixtures on the Teststadt of tests/conftest.py.

Two providers: "Verein Nord" (the Träger test user belongs to it) with a meal offer in
Stadtteil 11 and a Kleiderkammer in 12, and "Diakonie Süd" with a meal offer in 21.
Internal fields (staffing, funding, need reports) hold canary strings where they are
text, so that tests can prove the public never sees them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sozialplanung.core.visibility import Role
from sozialplanung.offers.models import (
    Funding,
    NeedReport,
    Offer,
    OfferCategory,
    OpeningHours,
    Provider,
    Staffing,
    TargetGroup,
)

CANARY_INTERNAL = "KANARIE-INTERN-5d2e"


@pytest.fixture
def categories(municipality):
    return {
        slug: OfferCategory.objects.create(
            municipality=municipality, slug=slug, name=name, unit=unit
        )
        for slug, name, unit in (
            ("mittagstisch", "Mittagstisch", "Plätze"),
            ("kleiderkammer", "Kleiderkammer", "Öffnungsstunden"),
            ("sozialberatung", "Sozialberatung", "Beratungsstunden"),
        )
    }


@pytest.fixture
def target_groups(municipality):
    return {
        slug: TargetGroup.objects.create(municipality=municipality, slug=slug, name=name)
        for slug, name in (("senioren", "Seniorinnen und Senioren"), ("familien", "Familien"))
    }


@pytest.fixture
def providers(municipality, users):
    nord = Provider.objects.create(
        municipality=municipality, name="Verein Nord", email="nord@example.invalid"
    )
    sued = Provider.objects.create(
        municipality=municipality, name="Diakonie Süd", email="sued@example.invalid"
    )
    nord.users.add(users[Role.TRAEGER])
    return {"nord": nord, "sued": sued}


@pytest.fixture
def offers(municipality, areas, categories, target_groups, providers):
    """Three offers; the point of each lies inside the named Stadtteil square."""

    def make(provider, name, category, code, lon, lat, **extra):
        offer = Offer.objects.create(
            municipality=municipality,
            provider=providers[provider],
            name=name,
            category=categories[category],
            longitude=lon,
            latitude=lat,
            street_address="Teststraße 1",
            postal_code="01234",
            locality="Teststadt",
            last_confirmed=dt.date(2026, 1, 15),
            **extra,
        )
        offer.located_in.add(areas[code], areas[code[0]], areas["0"])
        return offer

    made = {
        "mittag-nord": make(
            "nord",
            "Mittagstisch Nord",
            "mittagstisch",
            "11",
            13.705,
            51.015,
            places_per_session=40,
            sessions_per_week=Decimal("5"),
        ),
        "kleider-nord": make(
            "nord",
            "Kleiderkammer Nordost",
            "kleiderkammer",
            "12",
            13.715,
            51.015,
            capacity_amount=Decimal("12"),
        ),
        "mittag-sued": make(
            "sued",
            "Mittagstisch Süd",
            "mittagstisch",
            "21",
            13.705,
            51.005,
            places_per_session=30,
            sessions_per_week=Decimal("3"),
        ),
    }
    made["mittag-nord"].target_groups.add(target_groups["senioren"])
    OpeningHours.objects.create(
        offer=made["mittag-nord"], weekday=0, opens=dt.time(11), closes=dt.time(14)
    )
    # Staffing 2026: Mittagstisch Nord runs mostly on Jobcenter-funded work (60 of 100
    # hours: 40 h §16d + 20 h §16i), Mittagstisch Süd on paid staff.
    for key, kind, heads, hours in (
        ("mittag-nord", Staffing.Kind.PAID, 1, 30),
        ("mittag-nord", Staffing.Kind.VOLUNTEER, 4, 10),
        ("mittag-nord", Staffing.Kind.AGH_16D, 2, 40),
        ("mittag-nord", Staffing.Kind.TAM_16I, 1, 20),
        ("mittag-sued", Staffing.Kind.PAID, 2, 60),
        ("mittag-sued", Staffing.Kind.AGH_16D, 1, 20),
    ):
        Staffing.objects.create(
            offer=made[key], year=2026, kind=kind, head_count=heads, weekly_hours=hours
        )
    Funding.objects.create(
        offer=made["mittag-nord"],
        year=2026,
        source=Funding.Source.MUNICIPAL,
        amount=Decimal("18000"),
        note=f"Zuwendung {CANARY_INTERNAL}",
    )
    NeedReport.objects.create(
        municipality=municipality,
        provider=providers["nord"],
        area=areas["11"],
        category=categories["mittagstisch"],
        period="2026",
        turned_away=17,
        waiting_list=9,
        text=f"Abgewiesene Gäste {CANARY_INTERNAL}",
    )
    return made
