"""Existing offers first: what spare capacity within reach absorbs, by hand, from outside.

Teststadt (tests/conftest.py): 1,100 residents 2023 in Stadtteil 11, 2,200 in 12 (Bezirk 1
Nord), none of the offers below reach 21 or 22. Mittagstisch with Richtwert 100 places
per 1,000 residents and a catchment of 400 m (centroids of 11 and 12 are 700 m apart):
11 needs 110, 12 needs 220 places a week.

=====  ========  =====  =============================  ============  ===========
offer  provider  in     capacity / utilisation         spare         reaches
=====  ========  =====  =============================  ============  ===========
X      A         11     10 × 5 = 50, 72 %              14            11
Y      B         12     20 × 5 = 100, 70 %             30            11 and 12
Z      E         12     16 × 5 = 80, 50 %              40            nobody
W3/W4  C/D       11     2 × 5 = 10 each, not reported  (none)        11
W1/W2  C/D       12     2 × 5 = 10 each, not reported  (none)        12
=====  ========  =====  =============================  ============  ===========

Need: 11: 110 − 70 = 40; 12: 220 − 200 = 20. Y shares its 30 in proportion 40 : 20:
20 to 11, 10 to 12. So 11 absorbs 14 + 20 = 34 (6 remain), 12 absorbs 10 (10 remain),
Bezirk Nord 44 of 60; Z's 40 free places are out of reach and count nowhere.

For the public every gap row of 11 and 12 is shown (supply and reach from three providers
each), but what existing offers absorb there rests on A and B (11) or B alone (12): it is
withheld, and no offer's share is named.
"""

from __future__ import annotations

import csv as csv_module
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.test import Client

from sozialplanung.core.models import AuditEntry
from sozialplanung.core.visibility import Role, Visibility
from sozialplanung.needs import actions
from sozialplanung.needs.absorption import absorption
from sozialplanung.needs.compute import analyse
from sozialplanung.offers.models import Offer, OfferCategory, Provider
from tests.conftest import TEST

pytestmark = pytest.mark.django_db

GAPS = "/teststadt/bedarf/luecken/?kategorie=mittagstisch&ebene=stadtteil"

# name, provider, Stadtteil, lon, lat, places per session, utilisation
OFFERS = (
    ("Mittagstisch X", "A", "11", 13.705, 51.016, 10, "0.72"),
    ("Mittagstisch Y", "B", "12", 13.7101, 51.015, 20, "0.70"),
    ("Mittagstisch Z", "E", "12", 13.7195, 51.0195, 16, "0.50"),
    ("Mittagstisch W3", "C", "11", 13.704, 51.014, 2, None),
    ("Mittagstisch W4", "D", "11", 13.706, 51.014, 2, None),
    ("Mittagstisch W1", "C", "12", 13.714, 51.016, 2, None),
    ("Mittagstisch W2", "D", "12", 13.716, 51.014, 2, None),
)


@pytest.fixture
def case(municipality, areas, indicators, users):
    category = OfferCategory.objects.create(
        municipality=municipality, slug="mittagstisch", name="Mittagstisch", unit="Plätze"
    )
    providers = {
        key: Provider.objects.create(municipality=municipality, name=f"Träger {key}")
        for key in "ABCDE"
    }
    providers["A"].users.add(users[Role.TRAEGER])
    made = {}
    for name, provider, code, lon, lat, places, share in OFFERS:
        offer = Offer.objects.create(
            municipality=municipality,
            provider=providers[provider],
            name=name,
            category=category,
            longitude=lon,
            latitude=lat,
            places_per_session=places,
            sessions_per_week=Decimal(5),
            utilisation_share=None if share is None else Decimal(share),
            utilisation_as_of=None if share is None else dt.date(2026, 10, 1),
        )
        offer.located_in.add(areas[code], areas[code[0]], areas["0"])
        made[name.split()[-1]] = offer
    actions.set_category_parameters(
        category,
        richtwert=100.0,
        target_indicator=indicators["einwohner"],
        catchment_m=400,
        acting_user=TEST,
    )
    return category, made


def test_spare_capacity_within_reach_absorbs_without_double_counting(
    case, municipality, areas, levels, users
):
    category, _offers = case
    result = absorption(analyse(municipality, category, users[Role.SOZIALPLANUNG]))
    nw, no = result.areas[areas["11"].id], result.areas[areas["12"].id]
    assert (nw.need, nw.absorbable, nw.remaining) == pytest.approx((40, 34, 6))
    assert {s.name: v for s, v in nw.offers} == pytest.approx(
        {"Mittagstisch X": 14, "Mittagstisch Y": 20}
    )
    assert (no.need, no.absorbable, no.remaining) == pytest.approx((20, 10, 10))
    assert {s.name: v for s, v in no.offers} == pytest.approx({"Mittagstisch Y": 10})
    nord = result.areas[areas["1"].id]
    assert (nord.need, nord.absorbable, nord.remaining) == pytest.approx((60, 44, 16))
    # Y gives its 30 once, shared; Z (out of reach) gives nothing anywhere.
    assert {s.name: v for s, v in nord.offers} == pytest.approx(
        {"Mittagstisch X": 14, "Mittagstisch Y": 30}
    )
    assert (nw.unreported, no.unreported) == (2, 2)
    assert result.areas[areas["21"].id].absorbable == 0
    assert "34" in nw.text and "Mittagstisch Y: 20" in nw.text and "6" in nw.text


def test_need_reports_of_turned_away_people_leave_an_offer_no_spare_capacity(
    case, municipality, areas, users
):
    from sozialplanung.offers.models import NeedReport

    category, offers = case
    NeedReport.objects.create(
        municipality=municipality,
        provider=offers["Y"].provider,
        area=areas["12"],
        category=category,
        period="2025",
        waiting_list=4,
    )
    result = absorption(analyse(municipality, category, users[Role.SOZIALPLANUNG]))
    assert result.areas[areas["11"].id].absorbable == pytest.approx(14)
    assert result.areas[areas["12"].id].absorbable == 0


def row_of(html: str, section: str, label: str) -> str:
    part = html[html.index(f'data-testid="{section}"') :]
    match = re.search(r"<tr>(?:(?!</tr>).)*" + re.escape(label) + r".*?</tr>", part, re.S)
    assert match, label
    return match.group(0)


def test_the_public_learns_no_providers_spare_capacity(case, client_for):
    public = Client().get(GAPS).content.decode()
    for area in ("Nordwest", "Nordost"):
        assert "•" not in row_of(public, "gap-table", area)  # the gap row is public
        row = row_of(public, "absorption", area)
        cells = re.findall(r'<td class="num">(.*?)</td>', row, re.S)
        assert cells[0] in ("40", "20") and all("•" in c for c in cells[1:]), row
    start = public.index('data-testid="absorption"')
    section = public[start : public.index("</section>", start)]
    assert "Mittagstisch Y" not in section and "Mittagstisch X" not in section
    csv = Client().get(GAPS.replace("luecken/?", "luecken/csv?")).content.decode("utf-8-sig")
    nordwest = next(
        r for r in csv_module.reader(io.StringIO(csv), delimiter=";") if r[1:2] == ["11"]
    )
    assert nordwest[-4:-1] == ["40,0", "•", "•"] and "Mittagstisch" not in nordwest[-1]
    planner = client_for(Role.SOZIALPLANUNG).get(GAPS).content.decode()
    row = row_of(planner, "absorption", "Nordwest")
    assert ">34<" in row and "Mittagstisch Y: 20" in row and "Mittagstisch X: 14" in row


def test_the_provider_reports_utilisation_in_self_service(case, client_for, users):
    _category, offers = case
    traeger = client_for(Role.TRAEGER)
    url = f"/teststadt/angebote/verwaltung/{offers['X'].pk}/auslastung/"
    response = traeger.post(url, {"percent": "85,5", "as_of": "01.11.2026"})
    assert response.status_code == 302
    offers["X"].refresh_from_db()
    assert offers["X"].utilisation_share == Decimal("0.855")
    assert offers["X"].utilisation_as_of == dt.date(2026, 11, 1)
    entry = AuditEntry.objects.filter(model="offers.Offer", object_id=str(offers["X"].pk)).last()
    assert entry.visibility == Visibility.NON_PUBLIC
    # Kept as typed when wrong; another provider's offer is not found.
    page = traeger.post(url, {"percent": "850", "as_of": "01.11.2026"}).content.decode()
    assert 'value="850"' in page and "200" in page
    other = f"/teststadt/angebote/verwaltung/{offers['Y'].pk}/auslastung/"
    assert traeger.get(other).status_code == 404
    detail = traeger.get(f"/teststadt/angebote/verwaltung/{offers['X'].pk}/").content.decode()
    assert "85,5 %" in detail
