"""The offer demo: Leipzig's afeefa directory without contact data, Dresden's example
offers, and the dependency view's figures checked against a computation by hand.

The demo is loaded once for the module (inside a transaction rolled back at the end).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from decimal import Decimal

import pytest
from django.test import Client

from sozialplanung.areas.models import Area
from sozialplanung.core.models import AuditEntry, User
from sozialplanung.demo.offers import LICENCE_NOTE
from sozialplanung.offers.dependency import load_dependency
from sozialplanung.offers.freshness import is_stale
from sozialplanung.offers.models import NeedReport, Offer, Provider, Staffing

from ..areas.conftest import DATA

JOBCENTER = {"agh_16d", "tam_16i", "egz_16e"}


@pytest.fixture
def demo(full_demo):
    """The whole demo, loaded once for all tests that read it (tests/plugins/demo_once.py)."""
    return full_demo


def afeefa() -> list[dict]:
    return json.loads((DATA / "leipzig" / "afeefa_leipzig.json").read_text())["marketentries"]


@pytest.mark.django_db
def test_leipzig_has_the_afeefa_offers_in_its_ortsteile(demo):
    offers = Offer.objects.filter(municipality__slug="leipzig")
    with_coordinates = [
        e
        for e in afeefa()
        if e["entryType"] == "Orga" and e["location"] and e["location"][0].get("lat")
    ]
    assert 240 <= offers.count() <= len(with_coordinates)
    assert not offers.filter(is_example=True).exists()
    for offer in offers.prefetch_related("located_in__level"):
        assert offer.external_id.startswith("afeefa:")
        levels = {a.level.slug for a in offer.located_in.all()}
        assert levels == {"stadt", "stadtbezirk", "ortsteil"}, offer.name
        assert LICENCE_NOTE in offer.description
    # The provider is the parent organisation when the entry has one.
    child = next(e for e in with_coordinates if e["parentOrgaId"])
    offer = offers.filter(external_id=f"afeefa:{child['id']}").first()
    if offer is not None:
        assert offer.provider.external_id == f"afeefa:{child['parentOrgaId']}"
    assert any("afeefa-Verzeichnis … " in line and " neu (" in line for line in demo)


@pytest.mark.django_db
def test_leipzig_keeps_no_contact_data(demo):
    offers = Offer.objects.filter(municipality__slug="leipzig")
    providers = Provider.objects.filter(municipality__slug="leipzig")
    assert not offers.exclude(email="", phone="").exists()
    assert not providers.exclude(email="", phone="").exists()
    secrets = set()
    for entry in afeefa():
        for key in ("mail", "phone", "speakerPublic"):
            value = (entry.get(key) or "").strip()
            if len(value) >= 5:
                secrets.add(value)
    texts = [
        " ".join(str(v) for v in row)
        for row in offers.values_list("name", "description", "street_address", "website")
    ] + [" ".join(str(v) for v in row) for row in providers.values_list("name", "description")]
    # Entries whose name *is* their contact person cannot hide it; none do here.
    leaked = [s for s in secrets for text in texts if s in text]
    assert leaked == []
    assert not any(re.search(r"[\w.+-]+@[\w-]+\.\w", text) for text in texts)
    trail = AuditEntry.objects.filter(model="offers.Offer", municipality__slug="leipzig")
    assert not any(s in json.dumps(e.after) for e in trail for s in secrets)


@pytest.mark.django_db
def test_dresden_has_about_150_example_offers(demo):
    offers = Offer.objects.filter(municipality__slug="dresden")
    assert offers.count() == 150
    assert offers.filter(is_example=True).count() == 150
    assert Provider.objects.filter(municipality__slug="dresden", is_example=True).count() == 12
    stale = sum(is_stale(o) for o in offers)
    assert 8 <= stale <= 25
    assert all(o.located_in.filter(level__slug="stadtteil").exists() for o in offers)
    meal = offers.filter(category__slug="mittagstisch").first()
    assert meal.places_per_session and meal.sessions_per_week and meal.opening_hours.exists()
    assert Staffing.objects.filter(offer__in=offers, year=2025).exists()
    assert Staffing.objects.filter(offer__in=offers, year=2026).exists()
    districts = {r.area.code[0] for r in NeedReport.objects.filter(municipality__slug="dresden")}
    assert len(districts) == 10
    traeger = User.objects.get(username="traeger")
    assert traeger.providers.filter(is_example=True).count() == 1
    assert Offer.objects.editable_by(traeger).count() > 0
    assert any(line.startswith("Dresden: Beispielangebote … 150 neu") for line in demo)


def by_hand(year: int) -> dict[str, tuple[Decimal, Decimal]]:
    """Per Stadtbezirk code: (Jobcenter hours, all hours), straight from the rows."""
    sums: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    rows = Staffing.objects.filter(offer__municipality__slug="dresden", year=year)
    for row in rows.select_related("offer"):
        district = row.offer.located_in.get(level__slug="stadtbezirk").code
        sums[district][1] += row.weekly_hours
        if row.kind in JOBCENTER:
            sums[district][0] += row.weekly_hours
    return {code: (jc, total) for code, (jc, total) in sums.items()}


@pytest.mark.django_db
def test_dresden_dependency_by_district_equals_a_computation_by_hand(demo):
    planner = User.objects.get(username="planung")
    dresden = planner.municipality
    expected = by_hand(2026)
    assert len(expected) == 10
    result = load_dependency(dresden, 2026, planner).result
    districts = {
        a.code: a for a in Area.objects.filter(municipality=dresden, level__slug="stadtbezirk")
    }
    shares = {}
    for code, (jc, total) in sorted(expected.items()):
        dep = result.areas[districts[code].pk]
        assert dep.jobcenter_hours == pytest.approx(float(jc))
        assert dep.total_hours == pytest.approx(float(total))
        assert dep.share == pytest.approx(float(jc / total))
        shares[districts[code].name] = round(100 * float(jc / total), 1)
    print("Jobcenter share of staff hours 2026 by Stadtbezirk:", shares)
    # About a quarter of the offers get more than half their hours from the Jobcenter.
    at_risk_2025 = len(load_dependency(dresden, 2025, planner).result.at_risk)
    assert 25 <= at_risk_2025 <= 55

    client = Client()
    client.force_login(planner)
    response = client.get("/dresden/angebote/abhaengigkeit/?ebene=stadtbezirk")
    assert response.status_code == 200
    html = response.content.decode()
    table = html.split('data-testid="by-area"')[1].split("</table>")[0]
    for code, (jc, total) in expected.items():
        name = districts[code].name
        percent = f"{100 * jc / total:.1f}".replace(".", ",")
        row = table.split(f'<th scope="row">{name}</th>')[1].split("</tr>")[0]
        assert f"{percent} %" in row, (name, percent, row)
    assert "Beispieldaten" in html


@pytest.mark.django_db
def test_the_public_finds_no_internal_dresden_figure(demo):
    response = Client().get("/dresden/angebote/abhaengigkeit/")
    assert response.status_code in (302, 404)


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["dresden", "leipzig"])
@pytest.mark.parametrize("internal", [False, True])
def test_hsds_export_of_the_demo_validates(demo, tmp_path, slug, internal):
    """Done-when 1 of the offer issue: every HSDS export of the demo is schema-valid."""
    from sozialplanung.core.models import Municipality
    from sozialplanung.offers.hsds import export_hsds

    from .test_hsds import validate_export

    municipality = Municipality.objects.get(slug=slug)
    export_hsds(municipality, tmp_path, internal=internal)
    checked = validate_export(tmp_path)
    offers = Offer.objects.filter(municipality=municipality).count()
    services = json.loads((tmp_path / "services.json").read_text("utf-8"))
    assert len(services) == offers > 100
    assert checked > 3 * offers
