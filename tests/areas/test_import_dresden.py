"""Every Dresden open-data file through the real importers, checked against the files.

Expected numbers were read off the source files (sums of their rows) and SOURCES.md.
"""

from __future__ import annotations

import csv
import datetime as dt

import pytest
import shapely

from sozialplanung.areas import actions
from sozialplanung.areas.geometry import parse_geometry
from sozialplanung.areas.importers import import_areas, import_indicators
from sozialplanung.areas.models import Area, AreaBoundary, IndicatorValue
from sozialplanung.core.actions import create_municipality
from sozialplanung.demo.loader import DRESDEN_REPORTED_WITH
from tests.conftest import TEST

from .conftest import DRESDEN, demo_mapping, origin, rolled_back, value

VALID_FROM = dt.date(2024, 3, 15)
POPULATION = sorted(DRESDEN.glob("einwohner___md_34e_*.csv"))
HOUSEHOLDS = sorted(DRESDEN.glob("einwohner_-_haushalte_md233_*.csv"))
UNEMPLOYMENT = DRESDEN / "arbeitslose_2018ff_md1_quartalszahlen.csv"
CITY = "14612000"
# SOURCES.md: sums of all rows of each population file.
CITY_POPULATION = {
    "2019": 563_011,
    "2020": 561_942,
    "2021": 561_002,
    "2022": 569_173,
    "2023": 572_240,
    "2024": 573_648,
}
# SOURCES.md: city totals of single-parent households.
CITY_HOUSEHOLDS = {
    "2019": 12_997,
    "2020": 12_990,
    "2021": 13_126,
    "2022": 14_049,
    "2023": 14_024,
    "2024": 13_961,
    "2025": 13_873,
}


def stadtteile(municipality, path, **kwargs):
    return import_areas(
        path,
        municipality=municipality,
        level_slug="stadtteil",
        code_field="blocknr",
        name_field="bez",
        long_name_field="bez_lang",
        valid_from=VALID_FROM,
        source="Landeshauptstadt Dresden, dl-de/by-2-0",
        acting_user=TEST,
        **kwargs,
    )


def setup_city(slug: str = "dresden"):
    municipality = create_municipality(slug, "Dresden", ags="14612000", acting_user=TEST)
    for depth, level in enumerate(("stadt", "stadtbezirk", "stadtteil")):
        actions.define_level(municipality, level, level.capitalize(), depth, acting_user=TEST)
    return municipality


@pytest.fixture(scope="module")
def dresden(django_db_setup, django_db_blocker):
    """Dresden as the demo builds it, each file imported once; results by file name."""
    with rolled_back(django_db_blocker):
        municipality = setup_city()
        results = {"stadtteile.geojson": stadtteile(municipality, DRESDEN / "stadtteile.geojson")}
        levels = {lvl.slug: lvl for lvl in municipality.area_levels.all()}
        actions.derive_parent_areas(
            levels["stadtteil"],
            levels["stadtbezirk"],
            prefix_length=1,
            names={str(d): f"Bezirk {d}" for d in range(10)},
            valid_from=VALID_FROM,
            acting_user=TEST,
        )
        actions.derive_parent_areas(
            levels["stadtbezirk"],
            levels["stadt"],
            prefix_length=0,
            single_code=CITY,
            names={CITY: "Dresden"},
            valid_from=VALID_FROM,
            acting_user=TEST,
        )
        areas = {a.code: a for a in Area.objects.filter(level=levels["stadtteil"])}
        for code, target in DRESDEN_REPORTED_WITH.items():
            actions.set_reported_with(areas[code], areas[target], acting_user=TEST)
        for files, mapping in (
            (POPULATION, "dresden_einwohner.json"),
            (HOUSEHOLDS, "dresden_alleinerziehende.json"),
            ([UNEMPLOYMENT], "dresden_arbeitslose.json"),
        ):
            rules = demo_mapping(mapping)
            for path in files:
                results[path.name] = import_indicators(
                    path, municipality=municipality, mapping=rules, acting_user=TEST
                )
        yield results


def source_sum(path, column, **where) -> int:
    """Sum of ``column`` over the rows of a Dresden CSV whose cells start with ``where``."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = csv.DictReader(f, delimiter=";")
        return sum(
            int(r[column]) for r in rows if all(r[k].startswith(v) for k, v in where.items())
        )


def test_all_files_present():
    assert len(POPULATION) == 6 and len(HOUSEHOLDS) == 7 and UNEMPLOYMENT.exists()


@pytest.mark.django_db
def test_stadtteile_geojson_gives_64_areas_with_boundaries(dresden):
    assert dresden["stadtteile.geojson"].summary() == (
        "64 Gebiete gelesen: 64 neu, 0 geändert, 0 unverändert"
    )
    leuben = Area.objects.get(level__slug="stadtteil", code="61")
    assert leuben.name == "Leuben"
    assert leuben.long_name == "Leuben mit Dobritz-Süd und Niedersedlitz-Nord"
    assert leuben.parent.code == "6"
    total_km2 = sum(b.area_km2 for b in AreaBoundary.objects.filter(area__level__slug="stadtteil"))
    assert total_km2 == pytest.approx(328.28, abs=0.1)  # SOURCES.md
    city = Area.objects.get(level__slug="stadt", code=CITY)
    assert city.current_boundary().area_km2 == pytest.approx(328.28, abs=0.1)


@pytest.mark.django_db
def test_reimport_of_the_geojson_changes_nothing(dresden):
    municipality = Area.objects.get(code=CITY).municipality
    result = stadtteile(municipality, DRESDEN / "stadtteile.geojson")
    assert (result.count.created, result.count.updated, result.count.unchanged) == (0, 0, 64)


@pytest.mark.django_db
def test_source_csv_with_ewkt_gives_the_same_boundaries(dresden):
    """The unconverted source (semicolon CSV, EWKT, 20 decimals) ends up where the
    converted GeoJSON does, up to its 7-decimal rounding."""
    other = setup_city("dresden-csv")
    result = stadtteile(other, DRESDEN / "stadtteile_source.csv", geometry_field="shape")
    assert result.count.created == 64
    for area in Area.objects.filter(municipality=other):
        ours = parse_geometry(area.current_boundary().geometry)
        reference = Area.objects.get(
            municipality__slug="dresden", level__slug="stadtteil", code=area.code
        )
        theirs = parse_geometry(reference.current_boundary().geometry)
        assert area.name == reference.name
        assert shapely.symmetric_difference(ours, theirs).area < 1e-9, area.code


@pytest.mark.django_db
@pytest.mark.parametrize("path", POPULATION, ids=lambda p: p.name[19:23])
def test_population_file(dresden, path):
    year = path.name[19:23]
    result = dresden[path.name]
    assert result.rows == 248
    assert value("dresden", "einwohner", "stadt", CITY, year) == CITY_POPULATION[year]
    assert origin("dresden", "einwohner", "stadt", CITY, year) == IndicatorValue.Origin.ROLLED_UP
    sex = {s: source_sum(path, "Anzahl Einwohner", Geschlecht=s) for s in ("weiblich", "männlich")}
    assert value("dresden", "einwohner-weiblich", "stadt", CITY, year) == sex["weiblich"]
    assert sex["weiblich"] + sex["männlich"] == CITY_POPULATION[year]
    foreigners = value("dresden", "auslaender", "stadt", CITY, year)
    assert foreigners + value("dresden", "deutsche", "stadt", CITY, year) == CITY_POPULATION[year]
    share = value("dresden", "auslaenderanteil", "stadt", CITY, year)
    assert share == pytest.approx(foreigners / CITY_POPULATION[year] * 100)
    # Stadtbezirk 6 Leuben = Stadtteile 61–64, summed from the file directly.
    bezirk = source_sum(path, "Anzahl Einwohner", **{"Stadtteil zus.": "6"})
    assert value("dresden", "einwohner", "stadtbezirk", "6", year) == bezirk


@pytest.mark.django_db
def test_population_known_cells_2023(dresden):
    # 61 Leuben, 2023: the four rows sex × citizenship, 5331 + 609 + 5936 + 647.
    assert value("dresden", "einwohner", "stadtteil", "61", "2023") == 12_523
    assert value("dresden", "einwohner-weiblich", "stadtteil", "61", "2023") == 5936 + 647
    assert value("dresden", "auslaender", "stadtteil", "61", "2023") == 609 + 647
    # 76 Strehlen lies in two Stadträume: both row groups summed.
    assert value("dresden", "einwohner", "stadtteil", "76", "2023") == 11_474
    assert value("dresden", "einwohner", "stadtbezirk", "6", "2023") == 39_200
    share = value("dresden", "frauenanteil", "stadtteil", "61", "2023")
    assert share == pytest.approx((5936 + 647) / 12_523 * 100)


@pytest.mark.django_db
def test_merged_stadtteile_keep_the_published_value(dresden):
    """31 Klotzsche's number covers 33 and 34 too: it is kept, not split; 33 has none,
    and Stadtbezirk 3 still gets its sum."""
    assert value("dresden", "einwohner", "stadtteil", "31", "2023") == 15_090
    assert origin("dresden", "einwohner", "stadtteil", "31", "2023") == "imported"
    for code in ("33", "34", "44"):
        assert value("dresden", "einwohner", "stadtteil", code, "2023") is None
    path = next(p for p in POPULATION if "2023" in p.name)
    bezirk3 = source_sum(path, "Anzahl Einwohner", **{"Stadtteil zus.": "3"})
    assert value("dresden", "einwohner", "stadtbezirk", "3", "2023") == bezirk3


@pytest.mark.django_db
@pytest.mark.parametrize("path", HOUSEHOLDS, ids=lambda p: p.name[28:32])
def test_single_parent_file(dresden, path):
    year = path.name[28:32]
    assert dresden[path.name].rows == 62
    assert (
        value("dresden", "alleinerziehende-haushalte", "stadt", CITY, year)
        == (CITY_HOUSEHOLDS[year])
    )
    persons = source_sum(path, "Anzahl Einwohner")
    assert value("dresden", "personen-alleinerziehende-haushalte", "stadt", CITY, year) == persons
    share = value("dresden", "anteil-alleinerziehende", "stadt", CITY, year)
    if year in CITY_POPULATION:
        assert share == pytest.approx(persons / CITY_POPULATION[year] * 100)
    else:  # 2025: no population file yet, so no share
        assert share is None


@pytest.mark.django_db
def test_single_parent_strehlen_summed(dresden):
    # 2019: 76 Strehlen has 91 + 138 households in its two Stadtraum rows.
    assert value("dresden", "alleinerziehende-haushalte", "stadtteil", "76", "2019") == 229


@pytest.mark.django_db
def test_unemployment_file(dresden):
    result = dresden[UNEMPLOYMENT.name]
    assert result.rows == 374
    assert result.skipped == ["„unbekannt“ (34 Zeilen)"]
    # 2024 Q4, StB 6 Leuben: Insgesamt 1287 = SGB II 863 + SGB III 424.
    assert value("dresden", "arbeitslose", "stadtbezirk", "6", "2024-Q4") == 1287
    assert value("dresden", "arbeitslose-sgb2", "stadtbezirk", "6", "2024-Q4") == 863
    assert value("dresden", "arbeitslose-unter-25", "stadtbezirk", "6", "2024-Q4") == 137
    # City 2018 Q1: all rows 18,548 minus 281 "unbekannt" (documented on the indicator).
    assert value("dresden", "arbeitslose", "stadt", CITY, "2018-Q1") == 18_548 - 281
    assert value("dresden", "anteil-sgb2", "stadtbezirk", "6", "2024-Q4") == pytest.approx(
        863 / 1287 * 100
    )
    periods = set(
        IndicatorValue.objects.filter(indicator__slug="arbeitslose", area__code=CITY).values_list(
            "period", flat=True
        )
    )
    assert len(periods) == 34 and "2026-Q2" in periods


@pytest.mark.django_db
def test_unemployment_sgb2_plus_sgb3_is_total(dresden):
    rows = IndicatorValue.objects.filter(
        indicator__municipality__slug="dresden",
        indicator__slug__in=["arbeitslose", "arbeitslose-sgb2", "arbeitslose-sgb3"],
        area__level__slug__in=["stadtbezirk", "stadt"],
    ).values_list("indicator__slug", "area__code", "period", "value")
    table: dict[tuple[str, str], dict[str, float]] = {}
    for slug, code, period, number in rows:
        table.setdefault((code, period), {})[slug] = number
    assert len(table) == 34 * 11  # 10 Stadtbezirke and the city, 34 quarters
    for key, numbers in table.items():
        assert (
            numbers["arbeitslose-sgb2"] + numbers["arbeitslose-sgb3"] == (numbers["arbeitslose"])
        ), key
