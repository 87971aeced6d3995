"""Every Leipzig open-data file on areas and indicators through the real importers.

Expected numbers were read off the source files and SOURCES.md.
"""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from sozialplanung.areas import actions
from sozialplanung.areas.importers import import_areas, import_indicators
from sozialplanung.areas.models import Area, IndicatorValue
from sozialplanung.core.actions import create_municipality
from sozialplanung.core.imports import read_table
from tests.conftest import TEST

from .conftest import LEIPZIG, demo_mapping, origin, rolled_back, value

VALID_FROM = dt.date(2024, 1, 1)
CITY = "14713000"


@pytest.fixture(scope="module")
def leipzig(django_db_setup, django_db_blocker):
    with rolled_back(django_db_blocker):
        municipality = create_municipality("leipzig", "Leipzig", acting_user=TEST)
        levels = {
            slug: actions.define_level(
                municipality, slug, slug.capitalize(), depth, acting_user=TEST
            )
            for depth, slug in enumerate(("stadt", "stadtbezirk", "ortsteil"))
        }
        results = {
            "boundaries_geo.csv": import_areas(
                LEIPZIG / "boundaries_geo.csv",
                municipality=municipality,
                level_slug="ortsteil",
                code_field="code",
                name_field="name",
                geometry_field="geom",
                valid_from=VALID_FROM,
                acting_user=TEST,
            )
        }
        names = {
            row.text("code"): row.text("name")
            for row in read_table(LEIPZIG / "boundaries.csv").rows
            if row.text("boundary_type") == "stadtbezirk"
        }
        actions.derive_parent_areas(
            levels["ortsteil"],
            levels["stadtbezirk"],
            prefix_length=1,
            names=names,
            valid_from=VALID_FROM,
            acting_user=TEST,
        )
        actions.derive_parent_areas(
            levels["stadtbezirk"],
            levels["stadt"],
            prefix_length=0,
            single_code=CITY,
            names={CITY: "Leipzig"},
            valid_from=VALID_FROM,
            acting_user=TEST,
        )
        for name, mapping in (
            ("indicators_ortsteil.csv", "leipzig_ortsteile.json"),
            ("indicators_stadtbezirk_raw.csv", "leipzig_stadtbezirke.json"),
        ):
            results[name] = import_indicators(
                LEIPZIG / name,
                municipality=municipality,
                mapping=demo_mapping(mapping),
                acting_user=TEST,
            )
        yield results


def source_rows(name: str) -> list[dict[str, str]]:
    with open(LEIPZIG / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.django_db
def test_ortsteile_with_geojson_geometry_in_csv(leipzig):
    assert leipzig["boundaries_geo.csv"].count.created == 63
    zentrum = Area.objects.get(level__slug="ortsteil", code="00")
    assert zentrum.name == "Zentrum"
    boundary = zentrum.current_boundary()
    assert 12.3 < boundary.centroid_lon < 12.4 and 51.3 < boundary.centroid_lat < 51.4
    city = Area.objects.get(level__slug="stadt", code=CITY).current_boundary()
    assert city.area_km2 == pytest.approx(297.8, abs=2)  # Leipzig: 297.8 km²


@pytest.mark.django_db
def test_stadtbezirke_follow_boundaries_csv(leipzig):
    """Names from boundaries.csv; every Ortsteil's parent is its parent_code there."""
    expected = {r["code"]: r for r in source_rows("boundaries.csv")}
    for area in Area.objects.filter(level__slug="ortsteil").select_related("parent"):
        assert area.parent.code == expected[area.code]["parent_code"]
    bezirke = dict(Area.objects.filter(level__slug="stadtbezirk").values_list("code", "name"))
    assert bezirke == {
        code: r["name"] for code, r in expected.items() if r["boundary_type"] == "stadtbezirk"
    }


@pytest.mark.django_db
def test_ortsteil_values(leipzig):
    assert leipzig["indicators_ortsteil.csv"].rows == 315
    assert leipzig["indicators_ortsteil.csv"].count.created == 315
    # 00 Zentrum: Einwohner 1893, Ausländer 609, Alleinerziehende 11 of 54 families.
    assert value("leipzig", "einwohner", "ortsteil", "00", "2024") == 1893
    assert value("leipzig", "auslaenderanteil", "ortsteil", "00", "2024") == pytest.approx(
        609 / 1893 * 100
    )
    assert value("leipzig", "anteil-alleinerziehende", "ortsteil", "00", "2024") == (
        pytest.approx(11 / 54 * 100)
    )
    # SOURCES.md: residents total 632,560.
    assert value("leipzig", "einwohner", "stadt", CITY, "2024") == 632_560


@pytest.mark.django_db
def test_stadtbezirk_values_imported_equal_the_sums(leipzig):
    """The published Stadtbezirk values stand as imported, and equal the roll-ups."""
    assert leipzig["indicators_stadtbezirk_raw.csv"].rows == 50
    ortsteile = source_rows("indicators_ortsteil.csv")
    for row in source_rows("indicators_stadtbezirk_raw.csv"):
        slug = demo_mapping("leipzig_stadtbezirke.json").indicators[row["metric_name"]]
        code = row["stadtbezirk_code"]
        stored = value("leipzig", slug, "stadtbezirk", code, "2024")
        summed = sum(
            int(o["metric_value"])
            for o in ortsteile
            if o["spatial_code"].startswith(code) and o["metric_name"] == row["metric_name"]
        )
        assert stored == int(row["metric_value"]) == summed
        assert origin("leipzig", slug, "stadtbezirk", code, "2024") == "imported"
    # 0 Mitte: 70,611 residents.
    assert value("leipzig", "einwohner", "stadtbezirk", "0", "2024") == 70_611


@pytest.mark.django_db
def test_stadtbezirk_import_twice_changes_nothing(leipzig):
    municipality = Area.objects.get(code=CITY).municipality
    before = IndicatorValue.objects.filter(area__municipality=municipality).count()
    result = import_indicators(
        LEIPZIG / "indicators_stadtbezirk_raw.csv",
        municipality=municipality,
        mapping=demo_mapping("leipzig_stadtbezirke.json"),
        acting_user=TEST,
    )
    assert (result.count.created, result.count.updated, result.count.unchanged) == (0, 0, 50)
    assert IndicatorValue.objects.filter(area__municipality=municipality).count() == before
