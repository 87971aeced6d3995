"""The importers on small files written by the tests: formats, encodings, errors.

Uses the synthetic "Teststadt" of tests/conftest.py: Stadtteile 11, 12, 21, 22 in
Stadtbezirke 1 and 2, city "0"; indicators einwohner, auslaender, auslaenderanteil.
"""

from __future__ import annotations

import datetime as dt
import zipfile

import numpy as np
import openpyxl
import pyogrio.raw
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Transformer
from shapely.geometry import box

from sozialplanung.areas.importers import (
    IndicatorMapping,
    ValueColumn,
    import_areas,
    import_indicators,
)
from sozialplanung.areas.models import Area, AreaBoundary, IndicatorValue
from sozialplanung.core.formats.numbers import parse_decimal
from sozialplanung.core.imports import ImportFailed, ImportProblem
from sozialplanung.core.imports.tabular import parse_number
from sozialplanung.core.models import AuditEntry
from tests.conftest import TEST

# A point in Dresden's Altstadt and a 200 m square around it in ETRS89 / UTM 33N.
LON, LAT = 13.7373, 51.0504
TO_UTM = Transformer.from_crs("EPSG:4326", "EPSG:25833", always_xy=True)
X, Y = TO_UTM.transform(LON, LAT)


def utm_square(dx: float = 0.0, size: float = 200.0):
    return box(X + dx - size / 2, Y - size / 2, X + dx + size / 2, Y + size / 2)


def snapshot_counts() -> tuple[int, int, int, int]:
    return (
        Area.objects.count(),
        AreaBoundary.objects.count(),
        IndicatorValue.objects.count(),
        AuditEntry.objects.count(),
    )


def value(indicator: str, code: str, period: str) -> float | None:
    row = IndicatorValue.objects.filter(
        indicator__slug=indicator, area__code=code, period=period
    ).first()
    return row.value if row else None


def einwohner_mapping(**overrides) -> IndicatorMapping:
    data = {
        "layout": "wide",
        "area_column": "Gebiet",
        "area_level": "stadtteil",
        "period_column": "Jahr",
        "values": [{"indicator": "einwohner", "column": "Einwohner"}],
    }
    return IndicatorMapping.from_json({**data, **overrides})


def write_csv(path, text: str, encoding: str = "utf-8"):
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    return path


# --- indicator files -------------------------------------------------------------


@pytest.mark.django_db
def test_semicolon_csv_windows_1252_with_decimal_comma(tmp_path, municipality, areas):
    path = write_csv(
        tmp_path / "kennzahlen.csv",
        "Stadtteil;Jahr;Quartal;Durchschnittsalter;Quote\n"
        "11 Nordwest;2023;1. Quartal;1.234,5;12,5 %\n"
        "12 Nordost;2023;1. Quartal;1234,5;7\n"
        "21 Südwest;2023;1. Quartal;42;\n",
        encoding="cp1252",
    )
    mapping = IndicatorMapping.from_json(
        {
            "layout": "wide",
            "area_column": "Stadtteil",
            "area_pattern": r"^(\d+)",
            "period_column": "Jahr",
            "quarter_column": "Quartal",
            "values": [
                {"indicator": "groesse", "column": "Durchschnittsalter"},
                {"indicator": "quote", "column": "Quote"},
            ],
            "definitions": [
                {"slug": "groesse", "name": "Größe über Grün", "kind": "mean"},
                {"slug": "quote", "name": "Quote für Übergänge", "unit": "%"},
            ],
        }
    )
    result = import_indicators(path, municipality=municipality, mapping=mapping, acting_user=TEST)
    assert value("groesse", "11", "2023-Q1") == 1234.5
    assert value("groesse", "12", "2023-Q1") == 1234.5
    assert value("quote", "11", "2023-Q1") == 12.5
    assert value("quote", "21", "2023-Q1") is None  # empty cell: no value, no error
    assert result.count.created == 5 and result.rows == 3
    assert municipality.indicators.get(slug="quote").name == "Quote für Übergänge"


@pytest.mark.django_db
def test_comma_csv_utf8_with_bom(tmp_path, municipality, areas, indicators):
    path = tmp_path / "bom.csv"
    path.write_bytes(
        "\ufeffGebiet,Jahr,Einwohner\n11,2024,1100\n12,2024,2100\n21,2024,410\n22,2024,650\n".encode()
    )
    result = import_indicators(
        path, municipality=municipality, mapping=einwohner_mapping(), acting_user=TEST
    )
    assert result.count.created == 4
    assert value("einwohner", "0", "2024") == 1100 + 2100 + 410 + 650  # rolled up
    assert value("auslaenderanteil", "11", "2024") is None  # no foreigners for 2024


@pytest.mark.django_db
def test_xlsx_wide_on_a_named_sheet(tmp_path, municipality, areas, indicators):
    book = openpyxl.Workbook()
    book.active.title = "Hinweise"
    book.active.append(["Dieses Blatt wird nicht gelesen"])
    sheet = book.create_sheet("Daten")
    sheet.append(["Gebiet", "Jahr", "Einwohner", "Ausländer"])
    for code, people, foreign in (("11", 1000.0, 150), ("12", 2000, 300)):
        sheet.append([code, 2024.0, people, foreign])  # Excel stores years as floats
    sheet.append([None, None, None, None])  # trailing empty row
    book.save(tmp_path / "wide.xlsx")
    mapping = einwohner_mapping(
        sheet="Daten",
        values=[
            {"indicator": "einwohner", "column": "Einwohner"},
            {"indicator": "auslaender", "column": "Ausländer"},
        ],
    )
    import_indicators(
        tmp_path / "wide.xlsx", municipality=municipality, mapping=mapping, acting_user=TEST
    )
    assert value("einwohner", "12", "2024") == 2000
    assert value("auslaenderanteil", "11", "2024") == pytest.approx(15.0)


@pytest.mark.django_db
def test_xlsx_long_with_fixed_period(tmp_path, municipality, areas, indicators):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Bezirk", "Merkmal", "Wert"])
    sheet.append(["1", "Einwohner insgesamt", 3300])
    sheet.append(["1", "Ausländer", 330])
    sheet.append(["1", "Sonstiges", 5])
    book.save(tmp_path / "long.xlsx")
    mapping = IndicatorMapping.from_json(
        {
            "layout": "long",
            "area_column": "Bezirk",
            "area_level": "stadtbezirk",
            "period": "2025",
            "indicator_column": "Merkmal",
            "value_column": "Wert",
            "indicators": {"Einwohner insgesamt": "einwohner", "Ausländer": "auslaender"},
        }
    )
    result = import_indicators(
        tmp_path / "long.xlsx", municipality=municipality, mapping=mapping, acting_user=TEST
    )
    assert value("einwohner", "1", "2025") == 3300
    assert value("auslaenderanteil", "1", "2025") == pytest.approx(10.0)
    assert result.skipped == ["„Kennzahl Sonstiges“ (1 Zeilen)"]


@pytest.mark.django_db
def test_where_filters_and_summed_duplicates(tmp_path, municipality, areas, indicators):
    path = write_csv(
        tmp_path / "geschlecht.csv",
        "Gebiet;Jahr;Geschlecht;Anzahl\n"
        "11;2024;weiblich;500\n11;2024;männlich;480\n"
        "11;2024;weiblich;20\n"  # a second row group of the same area, as Strehlen has
        "unbekannt;2024;weiblich;3\n",
    )
    mapping = einwohner_mapping(
        duplicates="sum",
        skip_areas=["unbekannt"],
        values=[
            {"indicator": "einwohner", "column": "Anzahl"},
            {"indicator": "auslaender", "column": "Anzahl", "where": {"Geschlecht": "weiblich"}},
        ],
    )
    result = import_indicators(path, municipality=municipality, mapping=mapping, acting_user=TEST)
    assert value("einwohner", "11", "2024") == 1000
    assert value("auslaender", "11", "2024") == 520
    assert result.skipped == ["„unbekannt“ (1 Zeilen)"]


@pytest.mark.django_db
def test_progress_is_reported(tmp_path, municipality, areas, indicators):
    lines = "".join(f"11;{year};{year}\n" for year in range(1800, 2000))
    path = write_csv(tmp_path / "lang.csv", "Gebiet;Jahr;Einwohner\n" + lines)
    calls = []
    import_indicators(
        path,
        municipality=municipality,
        mapping=einwohner_mapping(),
        progress=lambda done, total: calls.append((done, total)),
        acting_user=TEST,
    )
    assert calls[-1] == (200, 200)
    assert len(calls) >= 50 and calls == sorted(calls)


@pytest.mark.django_db
def test_bad_number_in_row_7_names_file_row_column_and_writes_nothing(
    tmp_path, municipality, areas, indicators
):
    rows = ["11;2024;100", "12;2024;200", "21;2024;300", "", "22;2024;400", "11;2025;12a"]
    path = write_csv(tmp_path / "stadtteile.csv", "Gebiet;Jahr;Einwohner\n" + "\n".join(rows))
    before = snapshot_counts()
    with pytest.raises(ImportFailed) as failed:
        import_indicators(
            path, municipality=municipality, mapping=einwohner_mapping(), acting_user=TEST
        )
    (problem,) = failed.value.problems
    assert (problem.file, problem.row, problem.column) == ("stadtteile.csv", 7, "Einwohner")
    assert str(problem) == "stadtteile.csv, Zeile 7, Spalte „Einwohner“: „12a“ ist keine Zahl"
    assert snapshot_counts() == before


@pytest.mark.django_db
def test_unknown_area_and_missing_period(tmp_path, municipality, areas, indicators):
    path = write_csv(
        tmp_path / "x.csv", "Gebiet;Jahr;Einwohner\n11;2024;1\n99 Nirgendwo;2024;2\n12;;3\n"
    )
    before = snapshot_counts()
    with pytest.raises(ImportFailed) as failed:
        import_indicators(
            path,
            municipality=municipality,
            mapping=einwohner_mapping(area_pattern=r"^(\d+)"),
            acting_user=TEST,
        )
    messages = [str(p) for p in failed.value.problems]
    assert messages == [
        "x.csv, Zeile 3, Spalte „Gebiet“: Gebiet „99 Nirgendwo“ (Code 99) gibt es auf der"
        " Ebene „stadtteil“ in Teststadt nicht",
        "x.csv, Zeile 4, Spalte „Jahr“: Zeitraum fehlt",
    ]
    assert snapshot_counts() == before


@pytest.mark.django_db
def test_duplicate_rows_are_an_error_by_default(tmp_path, municipality, areas, indicators):
    path = write_csv(tmp_path / "d.csv", "Gebiet;Jahr;Einwohner\n11;2024;1\n12;2024;2\n11;2024;3\n")
    with pytest.raises(ImportFailed) as failed:
        import_indicators(
            path, municipality=municipality, mapping=einwohner_mapping(), acting_user=TEST
        )
    (problem,) = failed.value.problems
    assert problem.row == 4 and "doppelt (schon in Zeile 2)" in problem.message


@pytest.mark.django_db
def test_code_on_two_levels_needs_area_level(tmp_path, municipality, areas, indicators):
    path = write_csv(tmp_path / "a.csv", "Gebiet;Jahr;Einwohner\n1;2024;5\n11;2024;1\n")
    import_indicators(
        path,
        municipality=municipality,
        mapping=einwohner_mapping(area_level=None),
        acting_user=TEST,
    )
    assert value("einwohner", "1", "2024") == 5  # "1" exists only as a Stadtbezirk
    Area.objects.create(
        municipality=municipality, level=areas["1"].level, code="11", name="Doppelt"
    )
    with pytest.raises(ImportFailed, match="mehreren Ebenen"):
        import_indicators(
            path,
            municipality=municipality,
            mapping=einwohner_mapping(area_level=None),
            acting_user=TEST,
        )


@pytest.mark.django_db
def test_missing_column_and_unknown_indicator(tmp_path, municipality, areas, indicators):
    path = write_csv(tmp_path / "c.csv", "Gebiet;Jahr;Bewohner\n11;2024;5\n")
    with pytest.raises(ImportFailed) as failed:
        import_indicators(
            path, municipality=municipality, mapping=einwohner_mapping(), acting_user=TEST
        )
    assert str(failed.value.problems[0]).startswith(
        "c.csv, Zeile 1, Spalte „Einwohner“: Spalte fehlt"
    )
    with pytest.raises(ImportFailed, match="Kennzahl „gibtsnicht“ gibt es nicht"):
        import_indicators(
            path,
            municipality=municipality,
            mapping=einwohner_mapping(values=[{"indicator": "gibtsnicht", "column": "Bewohner"}]),
            acting_user=TEST,
        )


def test_mapping_rejects_unknown_keys_in_german():
    with pytest.raises(ImportFailed) as failed:
        IndicatorMapping.from_json({"layout": "breit", "area_column": "G", "zeitraum": "2024"})
    messages = [p.message for p in failed.value.problems]
    assert messages[0].startswith("Unbekannter Schlüssel „zeitraum“")
    with pytest.raises(ImportFailed, match="layout muss „wide“ oder „long“ sein"):
        IndicatorMapping.from_json({"layout": "breit", "area_column": "G", "period": "2024"})


def test_mapping_dataclasses_can_be_built_in_code():
    mapping = IndicatorMapping(
        layout="wide",
        area_column="Gebiet",
        period="2024",
        values=[ValueColumn("einwohner", "Einwohner", {"Geschlecht": "weiblich"})],
    )
    assert mapping.columns() == ["Gebiet", "Einwohner", "Geschlecht"]


def test_too_many_problems_are_counted_not_listed():
    failed = ImportFailed([ImportProblem("f.csv", n, "A", "kaputt") for n in range(2, 27)])
    lines = str(failed).splitlines()
    assert len(lines) == 21 and lines[-1] == "… und 5 weitere"


# --- area files -------------------------------------------------------------------


def area_kwargs(municipality, **overrides):
    kwargs = {
        "municipality": municipality,
        "level_slug": "stadtteil",
        "code_field": "code",
        "name_field": "name",
        "valid_from": dt.date(2024, 1, 1),
        "acting_user": TEST,
    }
    return {**kwargs, **overrides}


def assert_centroid_near(code: str, lon: float = LON, lat: float = LAT):
    boundary = Area.objects.get(level__slug="stadtteil", code=code).current_boundary()
    assert boundary.centroid_lon == pytest.approx(lon, abs=1e-5)
    assert boundary.centroid_lat == pytest.approx(lat, abs=1e-5)
    assert boundary.area_km2 == pytest.approx(0.04, rel=1e-3)


def write_ogr(path, driver: str) -> None:
    geometries = np.array([shapely.to_wkb(utm_square()), shapely.to_wkb(utm_square(1000))])
    pyogrio.raw.write(
        str(path),
        geometries,
        [np.array(["31", "32"], dtype=object), np.array(["Mitte", "Östlich"], dtype=object)],
        fields=["code", "name"],
        geometry_type="Polygon",
        crs="EPSG:25833",
        driver=driver,
    )


@pytest.mark.django_db
def test_geopackage_in_utm_is_reprojected(tmp_path, municipality, levels):
    write_ogr(tmp_path / "gebiete.gpkg", "GPKG")
    result = import_areas(tmp_path / "gebiete.gpkg", **area_kwargs(municipality))
    assert result.count.created == 2
    assert_centroid_near("31")
    assert Area.objects.get(code="32").name == "Östlich"


@pytest.mark.django_db
def test_zipped_shapefile(tmp_path, municipality, levels):
    write_ogr(tmp_path / "gebiete.shp", "ESRI Shapefile")
    with zipfile.ZipFile(tmp_path / "gebiete.zip", "w") as archive:
        for part in tmp_path.glob("gebiete.*"):
            if part.suffix != ".zip":
                archive.write(part, part.name)
    result = import_areas(tmp_path / "gebiete.zip", **area_kwargs(municipality))
    assert result.summary() == "2 Gebiete gelesen: 2 neu, 0 geändert, 0 unverändert"
    assert_centroid_near("31")


@pytest.mark.django_db
def test_uploads_stored_under_other_names_use_the_users_file_name(tmp_path, municipality, levels):
    """The web upload keeps files under names of its own; ``filename`` gives the format
    and the name in messages."""
    write_ogr(tmp_path / "gebiete.shp", "ESRI Shapefile")
    with zipfile.ZipFile(tmp_path / "upload-1", "w") as archive:
        for part in tmp_path.glob("gebiete.*"):
            archive.write(part, part.name)
    result = import_areas(
        tmp_path / "upload-1", filename="Gebiete.ZIP", **area_kwargs(municipality)
    )
    assert result.file == "Gebiete.ZIP" and result.count.created == 2
    write_csv(tmp_path / "upload-2", "code;name\n;Ohne Code\n")
    with pytest.raises(ImportFailed, match=r"^meine\.csv, Zeile 2, Spalte „code“: Code fehlt$"):
        import_areas(tmp_path / "upload-2", filename="meine.csv", **area_kwargs(municipality))


@pytest.mark.django_db
def test_csv_with_wkt_in_utm_and_ewkt(tmp_path, municipality, levels):
    wkt = shapely.to_wkt(utm_square(), rounding_precision=3)
    path = write_csv(tmp_path / "wkt.csv", f'code;name;geometrie\n31;Mitte;"{wkt}"\n')
    import_areas(path, **area_kwargs(municipality, geometry_field="geometrie", crs="EPSG:25833"))
    assert_centroid_near("31")
    path = write_csv(tmp_path / "ewkt.csv", f'code,name,geometrie\n32,Mitte,"SRID=25833;{wkt}"\n')
    import_areas(path, **area_kwargs(municipality, geometry_field="geometrie"))  # no crs given
    assert_centroid_near("32")


@pytest.mark.django_db
def test_geojson_with_a_crs_member(tmp_path, municipality, levels):
    import json

    collection = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::25833"}},
        "features": [
            {
                "type": "Feature",
                "properties": {"nr": 31, "bez": "Mitte"},  # a numeric code
                "geometry": shapely.geometry.mapping(utm_square()),
            }
        ],
    }
    (tmp_path / "g.geojson").write_text(json.dumps(collection))
    import_areas(
        tmp_path / "g.geojson", **area_kwargs(municipality, code_field="nr", name_field="bez")
    )
    assert_centroid_near("31")


@pytest.mark.django_db
def test_invalid_geometry_and_parent_write_nothing(tmp_path, municipality, areas):
    path = write_csv(
        tmp_path / "kaputt.csv",
        "code;name;bezirk;wkt\n"
        "13;Gut;1;POLYGON((13.70 51.02, 13.71 51.02, 13.71 51.03, 13.70 51.02))\n"
        "14;Linie;1;LINESTRING(13.70 51.02, 13.71 51.02)\n"
        "15;Kaputt;1;POLYGON((13.70 51.02, 13.71\n"
        "16;Waise;7;POLYGON((13.70 51.02, 13.71 51.02, 13.71 51.03, 13.70 51.02))\n"
        "13;Doppelt;1;\n",
    )
    before = snapshot_counts()
    with pytest.raises(ImportFailed) as failed:
        import_areas(
            path,
            **area_kwargs(
                municipality,
                geometry_field="wkt",
                parent_level_slug="stadtbezirk",
                parent_code_field="bezirk",
            ),
        )
    where = [(p.row, p.column) for p in failed.value.problems]
    assert where == [(3, "wkt"), (4, "wkt"), (5, "bezirk"), (6, "code"), (6, "wkt")]
    assert "LineString" in failed.value.problems[0].message
    assert "kommt doppelt vor (auch Zeile 2)" in failed.value.problems[3].message
    assert snapshot_counts() == before


@pytest.mark.django_db
def test_unknown_level_lists_the_levels(tmp_path, municipality, levels):
    path = write_csv(tmp_path / "l.csv", "code;name\n1;A\n")
    with pytest.raises(ImportFailed) as failed:
        import_areas(path, **area_kwargs(municipality, level_slug="planungsraum"))
    assert "vorhanden: stadt, stadtbezirk, stadtteil" in str(failed.value)


@pytest.mark.django_db
def test_reimport_changes_nothing_and_writes_no_audit(tmp_path, municipality, levels):
    write_ogr(tmp_path / "gebiete.gpkg", "GPKG")
    first = import_areas(tmp_path / "gebiete.gpkg", **area_kwargs(municipality))
    audit = AuditEntry.objects.count()
    second = import_areas(tmp_path / "gebiete.gpkg", **area_kwargs(municipality))
    assert (first.count.created, first.count.updated) == (2, 0)
    assert (second.count.created, second.count.updated, second.count.unchanged) == (0, 0, 2)
    assert AuditEntry.objects.count() == audit


@pytest.mark.django_db
def test_boundary_change_opens_a_new_version(tmp_path, municipality, areas, indicators):
    """Stadtteil 11 grows on 1 July 2024: the old boundary ends on 30 June, the area
    and its time series stay as they are."""
    values_before = list(
        IndicatorValue.objects.filter(area=areas["11"]).values_list("period", "value")
    )
    bigger = "POLYGON((13.70 51.01, 13.715 51.01, 13.715 51.02, 13.70 51.02, 13.70 51.01))"
    path = write_csv(tmp_path / "neu.csv", f"code;name;wkt\n11;Nordwest;{bigger}\n")
    result = import_areas(
        path, **area_kwargs(municipality, geometry_field="wkt", valid_from=dt.date(2024, 7, 1))
    )
    assert (result.count.created, result.count.updated) == (0, 1)
    old, new = AreaBoundary.objects.filter(area=areas["11"]).order_by("valid_from")
    assert old.valid_to == dt.date(2024, 6, 30)
    assert (new.valid_from, new.valid_to) == (dt.date(2024, 7, 1), None)
    assert areas["11"].boundary_on(dt.date(2024, 6, 30)) == old
    assert areas["11"].boundary_on(dt.date(2024, 7, 1)) == new
    assert new.area_km2 > old.area_km2
    assert (
        list(IndicatorValue.objects.filter(area=areas["11"]).values_list("period", "value"))
        == values_before
    )


@pytest.mark.django_db
def test_repeated_bad_cells_are_reported_on_every_row(tmp_path, municipality, areas, indicators):
    # The importer resolves each distinct area and period cell once; a bad cell that
    # repeats must still be reported for each of its rows, with that row's number.
    path = write_csv(
        tmp_path / "lang.csv",
        "Gebiet;Jahr;Quartal;Merkmal;Wert\n"
        "99;2024;1;Einwohner insgesamt;1\n"
        "11;2024;5;Einwohner insgesamt;2\n"
        "99;2024;1;Ausländer;3\n"
        "11;2024;5;Ausländer;4\n",
    )
    mapping = einwohner_mapping(
        values=[],
        layout="long",
        quarter_column="Quartal",
        indicator_column="Merkmal",
        value_column="Wert",
        indicators={"Einwohner insgesamt": "einwohner", "Ausländer": "auslaender"},
    )
    with pytest.raises(ImportFailed) as failed:
        import_indicators(path, municipality=municipality, mapping=mapping, acting_user=TEST)
    assert [(p.row, p.column) for p in failed.value.problems] == [
        (2, "Gebiet"),
        (3, "Quartal"),
        (4, "Gebiet"),
        (5, "Quartal"),
    ]
    assert len({p.message for p in failed.value.problems if p.column == "Gebiet"}) == 1


@pytest.mark.django_db
def test_columns_filtered_on_different_cells_keep_the_mapping_order(
    tmp_path, municipality, areas, indicators
):
    # Two where-groups (Geschlecht; Geschlecht + Staat) and an unfiltered column: a row
    # matching several columns must feed them in the mapping's order, as the error for
    # the second unreadable number shows (the first problem is the first column's).
    path = write_csv(
        tmp_path / "g.csv",
        "Gebiet;Jahr;Geschlecht;Staat;Anzahl;Gesamt\n11;2024;weiblich;ausländisch;x;y\n",
    )
    mapping = einwohner_mapping(
        values=[
            {
                "indicator": "auslaender",
                "column": "Anzahl",
                "where": {"Geschlecht": "weiblich", "Staat": "ausländisch"},
            },
            {"indicator": "einwohner", "column": "Gesamt"},
            {"indicator": "einwohner", "column": "Anzahl", "where": {"Geschlecht": "weiblich"}},
        ],
    )
    with pytest.raises(ImportFailed) as failed:
        import_indicators(path, municipality=municipality, mapping=mapping, acting_user=TEST)
    assert [p.column for p in failed.value.problems] == ["Anzahl", "Gesamt", "Anzahl"]


@settings(max_examples=300, deadline=None)
@given(
    st.integers(0, 10**20),
    st.integers(0, 10**20),
    st.sampled_from(["", ",", "."]),
    st.booleans(),
)
def test_plain_numbers_read_as_the_one_parser_reads_them(whole, fraction, mark, negative):
    # parse_number reads plain cells ("1234", "12,5", "0.75") without parse_decimal; the
    # result must be parse_decimal's, also for a lone point before three digits.
    text = ("-" if negative else "") + str(whole) + (f"{mark}{fraction}" if mark else "")
    assert parse_number(text) == float(parse_decimal(text, machine_written=True))
