"""The social index through the needs service, and the gap table outside-in.

Teststadt shares of foreigners 2023 (tests/conftest.py): 11: 110/1100 = 10 %,
12: 330/2200 = 15 %, 21: 22/440 = 5 %, 22: 88/660 = 13.33 %. Mean 10.83, population
SD 3.819: z = −0.22, 1.09, −1.53, 0.65 -> classes 2 (mittel), 3 (niedrig), 1 (hoch),
2 (mittel). One indicator, weight 1: the status sum's z equals the indicator's z.
"""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from openpyxl import load_workbook

from sozialplanung.areas.models import Area
from sozialplanung.core.visibility import Role
from sozialplanung.needs import actions
from sozialplanung.needs.compute import analyse
from sozialplanung.needs.index import compute_index
from tests.conftest import TEST

from ..offers.conftest import (  # noqa: F401
    categories,
    offers,
    providers,
    target_groups,
)
from ..test_suppression_outside import row_of, small  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def params(categories, indicators, offers):  # noqa: F811
    return actions.set_category_parameters(
        categories["mittagstisch"],
        richtwert=50.0,
        target_indicator=indicators["einwohner"],
        catchment_m=800,
        acting_user=TEST,
    )


@pytest.fixture
def index(municipality, levels, indicators):
    return actions.configure_index(
        municipality,
        level_id=levels["stadtteil"].id,
        indicators=[
            {"indicator": "auslaenderanteil", "part": "status", "direction": 1, "weight": 1.0},
            {"indicator": "auslaenderanteil", "part": "dynamik", "span": 2},
        ],
        thresholds=[-1.0, 1.0, 1.5],
        min_population=300,
        acting_user=TEST,
    )


def test_index_by_hand(index, municipality, areas, users):
    result = compute_index(municipality, users[Role.SOZIALPLANUNG])
    assert result is not None
    classes = {e.area.code: e.status_class for e in result.entries}
    assert classes == {"11": 2, "12": 3, "21": 1, "22": 2}
    assert [p.label() for p in result.status] == ["Ausländeranteil 2023"]
    # 2021 is missing: no dynamics, and the description says so.
    assert result.dynamic == [] and result.dropped == ["Ausländeranteil"]
    assert (result.evaluated, result.excluded) == (4, 0)
    assert [(name, len(e)) for name, e in result.by_class()] == [
        ("hoch", 1),
        ("mittel", 2),
        ("niedrig", 1),
        ("sehr niedrig", 0),
    ]


def test_index_class_goes_into_the_gap_score(index, params, municipality, areas, levels, users):
    result = analyse(municipality, params.category, users[Role.SOZIALPLANUNG], levels["stadtteil"])
    assert result.index is not None
    assert result.gaps[areas["12"].id].index_class == 3
    assert result.gaps[areas["21"].id].index_class == 1
    assert "index" in result.gaps[areas["12"].id].components
    # Bezirk 1: target-weighted mean of 11 (2, 1100) and 12 (3, 2200).
    assert result.gaps[areas["1"].id].index_class == pytest.approx((2 * 1100 + 3 * 2200) / 3300)


def test_gap_page_states_the_index(index, params, municipality):
    html = Client().get(f"/{municipality.slug}/bedarf/luecken/?kategorie=mittagstisch")
    text = html.content.decode()
    assert "noch nicht berechnet" not in text and "not yet computed" not in text
    assert "Ausländeranteil 2023" in text
    assert re.search(r"4 (Gebiete ausgewertet|areas evaluated)", text)
    overview = Client().get(f"/{municipality.slug}/bedarf/").content.decode()
    assert 'data-testid="social-index"' in overview
    assert "niedrig" in overview and "Nordost" in overview


def test_small_area_never_shown_to_the_public(index, params, municipality, small, client_for):  # noqa: F811
    base = f"/{municipality.slug}/bedarf/luecken"
    query = "?kategorie=mittagstisch&ebene=stadtteil"
    planner = client_for(Role.SOZIALPLANUNG)
    true_csv = planner.get(f"{base}/csv{query}").content.decode("utf-8-sig")
    true_row = next(line for line in true_csv.splitlines() if ";13;" in line)
    cells = true_row.split(";")
    assert cells[5] == "250,0"  # the planning user sees the true target group
    score = cells[3]
    public = Client()
    html = public.get(f"{base}/{query}").content.decode()
    row = row_of(html, "13 Kleinteil")
    assert "•" in row and "250" not in row and f">{score.split(',')[0]}<" not in row
    csv_text = public.get(f"{base}/csv{query}").content.decode("utf-8-sig")
    public_row = next(line for line in csv_text.splitlines() if ";13;" in line)
    assert "250" not in public_row and score not in public_row.split(";")
    assert public_row.split(";")[3] == "•"
    xlsx = public.get(f"{base}/xlsx{query}")
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    tiny = next(r for r in rows if r[1] == "13")
    assert 250 not in tiny and "•" in tiny
    # The planning user's page shows the figures.
    assert "•" not in row_of(planner.get(f"{base}/{query}").content.decode(), "13 Kleinteil")
    # The index: 13 (250 residents) is not evaluated.
    result = compute_index(municipality, AnonymousUser())
    assert result is not None
    entry = next(e for e in result.entries if e.area.code == "13")
    assert entry.status_class == 0


def test_gap_page_survives_an_odd_area_code_already_stored(index, params, municipality):
    """A code with a slash, stored before imports checked codes, once made the page 500."""
    Area.objects.filter(municipality=municipality, code="12").update(code="1/2")
    for page in ("bedarf/luecken/?kategorie=mittagstisch", "bedarf/"):
        response = Client().get(f"/{municipality.slug}/{page}")
        assert response.status_code == 200, page
        assert "/gebiete/stadtteil/1/2/" in response.content.decode()
