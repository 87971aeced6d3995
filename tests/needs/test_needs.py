"""The needs service on the Teststadt: coverage, gap ranking and roll-up by hand,
permissions, and the CSV/XLSX exports.

Teststadt (tests/conftest.py): residents 2023 = 1100, 2200, 440, 660 in the Stadtteile
11, 12, 21, 22. Offers (tests/offers/conftest.py): Mittagstisch Nord in 11 (40 × 5 = 200
places a week), Mittagstisch Süd in 21 (30 × 3 = 90); a need report for 11 (17 turned
away + 9 waiting = 26). Richtwert 50 places per 1,000 residents, catchment 800 m.
"""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from openpyxl import load_workbook

from sozialplanung.core.models import AuditEntry
from sozialplanung.core.visibility import Role
from sozialplanung.needs import actions
from sozialplanung.needs.compute import analyse
from sozialplanung.needs.models import CategoryParameters
from tests.concurrency import token_after
from tests.conftest import TEST

from ..offers.conftest import (  # noqa: F401
    categories,
    offers,
    providers,
    target_groups,
)

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


def test_coverage_and_roll_up_by_hand(params, municipality, areas, levels, users):
    planner = users[Role.SOZIALPLANUNG]
    result = analyse(municipality, params.category, planner, levels["stadtteil"])
    gaps = result.gaps
    assert result.target_period == "2023"
    # 11: 200 places / 1,100 residents = 181.8 per 1,000 -> covered
    assert gaps[areas["11"].id].coverage.per_1000 == pytest.approx(200 / 1100 * 1000)
    assert gaps[areas["12"].id].coverage.supply == 0
    assert gaps[areas["21"].id].coverage.ratio == pytest.approx(90 / 440 * 1000 / 50)
    # Bezirk 1: 200 places for 3,300 residents = 60.6 per 1,000, recomputed from sums.
    nord = gaps[areas["1"].id].coverage
    assert (nord.supply, nord.target) == (200, 3300)
    assert nord.ratio == pytest.approx(200 / 3300 * 1000 / 50)
    city = gaps[areas["0"].id].coverage
    assert city.supply == 290 and city.target == 4400
    assert gaps[areas["11"].id].reported == 26
    # 12 and 22 have no offer at all: they rank first (tied), 11 and 21 after.
    ranks = {r.area.code: r.gap.rank for r in result.rows}
    assert ranks["12"] == 1 and ranks["22"] <= 2
    assert ranks["11"] > 2 and ranks["21"] > 2
    top = result.ranked[0]
    assert top.explanation.startswith(("Rank 1:", "Rang 1:"))


def test_public_ranking_leaves_need_reports_out(params, municipality, areas, levels):
    result = analyse(municipality, params.category, AnonymousUser(), levels["stadtteil"])
    assert result.reports_visible is False
    assert result.gaps[areas["11"].id].reported is None


def test_parameter_page_only_for_the_planning_unit(params, municipality, client_for):
    url = f"/{municipality.slug}/bedarf/parameter/"
    assert Client().get(url).status_code in (302, 403)
    assert client_for(Role.STADTRAT).get(url).status_code == 403
    planner = client_for(Role.SOZIALPLANUNG)
    page = planner.get(url)
    assert page.status_code == 200
    version = token_after(page.content.decode(), f'name="category" value="{params.pk}"')
    response = planner.post(
        url, {"category": params.pk, "richtwert": "2,5", "catchment_m": "600", "version": version}
    )
    assert response.status_code == 302
    params.refresh_from_db()
    assert (params.richtwert, params.catchment_m) == (2.5, 600)
    assert (
        AuditEntry.objects.filter(
            model=CategoryParameters._meta.label, object_id=str(params.pk)
        ).count()
        == 2
    )


def test_gap_page_and_exports(params, municipality, client_for):
    base = f"/{municipality.slug}/bedarf/luecken/?kategorie=mittagstisch&ebene=stadtteil"
    planner = client_for(Role.SOZIALPLANUNG)
    page = planner.get(base)
    assert page.status_code == 200
    assert b"gap-table" in page.content
    csv_text = planner.get(
        f"/{municipality.slug}/bedarf/luecken/csv?kategorie=mittagstisch&ebene=stadtteil"
    ).content.decode("utf-8-sig")
    assert "Richtwert;" in csv_text or "Reference value;" in csv_text
    assert "2023" in csv_text
    lines = csv_text.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith(("Rang;", "Rank;")))
    assert len(lines) - header - 1 == 4
    xlsx = planner.get(
        f"/{municipality.slug}/bedarf/luecken/xlsx?kategorie=mittagstisch&ebene=stadtteil"
    )
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert any(r[0] in ("Richtwert", "Reference value") for r in rows)
    public = Client().get(base)
    assert public.status_code == 200
    assert b"KANARIE" not in public.content


def test_parameter_page_names_the_index_indicators_in_words(params, municipality, client_for):
    """The social index's indicators by name, part and direction, not as slugs and numbers."""
    planner = client_for(Role.SOZIALPLANUNG)
    actions.configure_index(
        municipality,
        level_id=None,
        indicators=[
            {"indicator": "auslaenderanteil", "part": "status", "direction": 1, "weight": 2},
            {"indicator": "auslaenderanteil", "part": "dynamik", "direction": -1, "weight": 1},
        ],
        thresholds=[-1, 1],
        acting_user=TEST,
    )
    text = planner.get(f"/{municipality.slug}/bedarf/parameter/").content.decode()
    assert (
        "<li>Ausländeranteil (neuestes Jahr, höherer Wert, mehr Bedarf, Gewicht 2,0)</li>" in text
    )
    assert "Veränderung über die Jahre, niedrigerer Wert, mehr Bedarf, Gewicht 1,0" in text
    assert "auslaenderanteil (" not in text
