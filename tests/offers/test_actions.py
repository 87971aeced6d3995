"""Offer actions: permissions, audit trail, point-in-polygon."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from sozialplanung.core.models import AuditEntry
from sozialplanung.core.visibility import Role, Visibility
from sozialplanung.offers import actions
from sozialplanung.offers.locate import AreaLocator
from sozialplanung.offers.models import Funding, NeedReport, Offer, OfferCategory, Staffing
from tests.conftest import TEST


@pytest.mark.django_db
def test_offer_is_located_in_stadtteil_bezirk_and_city(municipality, areas, categories, providers):
    offer = actions.save_offer(
        municipality,
        provider=providers["nord"],
        name="Neuer Treff",
        category=categories["mittagstisch"],
        longitude=13.705,
        latitude=51.015,
        acting_user=TEST,
    )
    assert sorted(offer.located_in.values_list("code", flat=True)) == ["0", "1", "11"]
    moved = actions.save_offer(
        municipality,
        offer=offer,
        provider=providers["nord"],
        name="Neuer Treff",
        category=categories["mittagstisch"],
        longitude=13.715,
        latitude=51.005,
        acting_user=TEST,
    )
    assert sorted(moved.located_in.values_list("code", flat=True)) == ["0", "2", "22"]


@pytest.mark.django_db
def test_locator_many_points_at_once(municipality, areas):
    locator = AreaLocator.build(municipality)
    codes = {a.pk: a.code for a in areas.values()}
    found = locator.area_ids_many([(13.705, 51.015), (13.715, 51.005), (12.0, 50.0)])
    assert [sorted(codes[i] for i in ids) for ids in found] == [
        ["0", "1", "11"],
        ["0", "2", "22"],
        [],
    ]


@pytest.mark.django_db
def test_provider_edits_only_its_own_offers(offers, users, providers, categories, municipality):
    traeger = users[Role.TRAEGER]
    own = offers["mittag-nord"]
    edited = actions.save_offer(
        municipality,
        offer=own,
        provider=providers["nord"],
        name="Mittagstisch Nord (neu)",
        category=categories["mittagstisch"],
        longitude=own.longitude,
        latitude=own.latitude,
        acting_user=traeger,
    )
    assert edited.name == "Mittagstisch Nord (neu)"
    other = offers["mittag-sued"]
    with pytest.raises(PermissionDenied):
        actions.save_offer(
            municipality,
            offer=other,
            provider=providers["sued"],
            name="Übernommen",
            category=categories["mittagstisch"],
            acting_user=traeger,
        )
    # Nor can an offer be moved to one's own provider.
    with pytest.raises(PermissionDenied):
        actions.save_offer(
            municipality,
            offer=other,
            provider=providers["nord"],
            name="Übernommen",
            category=categories["mittagstisch"],
            acting_user=traeger,
        )
    with pytest.raises(PermissionDenied):
        actions.set_staffing(other, 2026, [("hauptamt", 1, 10)], acting_user=traeger)
    with pytest.raises(PermissionDenied):
        actions.confirm_offer(other, acting_user=users[Role.FACHAMT])
    assert Offer.objects.get(pk=other.pk).name == "Mittagstisch Süd"


@pytest.mark.django_db
def test_planning_unit_edits_every_offer(offers, users):
    planner = users[Role.SOZIALPLANUNG]
    confirmed = actions.confirm_offer(
        offers["mittag-sued"], day=dt.date(2026, 3, 1), acting_user=planner
    )
    assert confirmed.last_confirmed == dt.date(2026, 3, 1)


@pytest.mark.django_db
def test_offer_change_is_audited_with_relations(offers, users, providers, categories, municipality):
    traeger = users[Role.TRAEGER]
    offer = offers["mittag-nord"]
    actions.save_offer(
        municipality,
        offer=offer,
        provider=providers["nord"],
        name=offer.name,
        category=categories["mittagstisch"],
        longitude=offer.longitude,
        latitude=offer.latitude,
        opening_hours=[(2, dt.time(12), dt.time(13, 30))],
        acting_user=traeger,
        places_per_session=50,
    )
    entry = AuditEntry.objects.filter(model="offers.Offer", object_id=str(offer.pk)).first()
    assert entry is not None and entry.user == traeger
    changed = {name for name, _b, _a in entry.changed_fields()}
    assert {"places_per_session", "opening_hours"} <= changed
    assert entry.visibility == Visibility.PUBLIC
    # Saving the same again writes nothing.
    count = AuditEntry.objects.count()
    actions.save_offer(
        municipality,
        offer=offer,
        provider=providers["nord"],
        name=offer.name,
        category=categories["mittagstisch"],
        longitude=offer.longitude,
        latitude=offer.latitude,
        opening_hours=[(2, dt.time(12), dt.time(13, 30))],
        acting_user=traeger,
        places_per_session=50,
    )
    assert AuditEntry.objects.count() == count


@pytest.mark.django_db
def test_internal_records_have_a_non_public_trail(offers, users, areas, categories, providers):
    traeger = users[Role.TRAEGER]
    offer = offers["mittag-nord"]
    actions.set_staffing(
        offer, 2026, [("hauptamt", 1, 35), ("agh_16d", 2, 40)], acting_user=traeger
    )
    assert set(Staffing.objects.filter(offer=offer, year=2026).values_list("kind", flat=True)) == {
        "hauptamt",
        "agh_16d",
    }
    actions.set_funding(offer, 2026, [("jobcenter", 12000, "AGH")], acting_user=traeger)
    assert Funding.objects.get(offer=offer, year=2026).source == "jobcenter"
    report = actions.file_need_report(
        providers["nord"],
        area=areas["12"],
        category=categories["mittagstisch"],
        period="2026-Q2",
        turned_away=5,
        acting_user=traeger,
    )
    assert report.created_by == traeger
    internal = AuditEntry.objects.filter(
        model__in=["offers.Staffing", "offers.Funding", "offers.NeedReport"]
    )
    assert internal.exists()
    assert set(internal.values_list("visibility", flat=True)) == {Visibility.NON_PUBLIC}
    assert not AuditEntry.objects.visible_to(None).filter(model="offers.Staffing").exists()
    with pytest.raises(PermissionDenied):
        actions.file_need_report(
            providers["sued"],
            area=areas["21"],
            category=categories["mittagstisch"],
            period="2026",
            acting_user=traeger,
        )
    assert NeedReport.objects.count() == 2


@pytest.mark.django_db
def test_seed_default_categories_is_idempotent(municipality):
    first = actions.seed_default_categories(municipality, acting_user=TEST)
    names = {c.name for c in first}
    assert {"Mittagstisch", "Tafel", "Wärmestube", "Migrationsberatung", "Sonstiges"} <= names
    count = AuditEntry.objects.count()
    actions.seed_default_categories(municipality, acting_user=TEST)
    assert AuditEntry.objects.count() == count
    assert OfferCategory.objects.get(municipality=municipality, slug="schuldnerberatung").unit == (
        "Beratungsstunden"
    )


@pytest.mark.django_db
def test_only_planners_create_providers(municipality, users):
    with pytest.raises(PermissionDenied):
        actions.save_provider(municipality, name="Neuer Verein", acting_user=users[Role.TRAEGER])
    provider = actions.save_provider(
        municipality,
        name="Neuer Verein",
        users=[users[Role.TRAEGER]],
        acting_user=users[Role.SOZIALPLANUNG],
    )
    assert list(provider.users.all()) == [users[Role.TRAEGER]]
    same = actions.save_provider(
        municipality,
        name="Neuer Verein",
        email="info@verein.invalid",
        acting_user=users[Role.TRAEGER],
    )
    assert same.pk == provider.pk and same.email == "info@verein.invalid"
