"""The command line: German help for every command, imports, and failures exit 1."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from sozialplanung import cli
from sozialplanung.areas.models import Area, IndicatorValue

COMMANDS = {
    "import-areas": "Gebiete einer Ebene mit ihren Grenzen einlesen",
    "import-indicators": "Kennzahlen aus einer CSV- oder Excel-Datei einlesen",
    "derive-areas": "Obergebiete aus Gebieten einer feineren Ebene bilden",
    "define-level": "Eine Ebene der Gebietsgliederung anlegen",
    "create-municipality": "Eine Kommune anlegen",
    "demo": "Die Demo laden",
}


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("command", COMMANDS)
def test_help_is_german(command, capsys):
    with pytest.raises(SystemExit) as exited:
        cli.main([command, "--help"])
    assert exited.value.code == 0
    out = flat(capsys.readouterr().out)
    assert COMMANDS[command] in out
    if command not in ("create-municipality", "demo"):
        assert "Kurzname der Kommune" in out


@pytest.fixture
def broken_indicator_file(tmp_path):
    (tmp_path / "zuordnung.json").write_text(
        json.dumps(
            {
                "layout": "wide",
                "area_column": "Gebiet",
                "area_level": "stadtteil",
                "period_column": "Jahr",
                "values": [{"indicator": "einwohner", "column": "Einwohner"}],
            }
        ),
        encoding="utf-8",
    )
    (tmp_path / "werte.csv").write_text("Gebiet;Jahr;Einwohner\n11;2024;10\n12;2024;zwölf\n")
    return tmp_path


@pytest.mark.django_db(transaction=True)
# "1e999" parses as a Decimal but is infinite as a float; it used to end in "unexpected
# error" without file, row or column (issue 13, finding 11).
@pytest.mark.parametrize("value", ["zwölf", "1e999", "-1e999", "inf", "nan"])
def test_broken_import_exits_1_with_german_error(broken_indicator_file, indicators, value, capsys):
    (broken_indicator_file / "werte.csv").write_text(
        f"Gebiet;Jahr;Einwohner\n11;2024;10\n12;2024;{value}\n"
    )
    before = IndicatorValue.objects.count()
    args = [
        "import-indicators",
        str(broken_indicator_file / "werte.csv"),
        "--municipality",
        "teststadt",
        "--mapping",
        str(broken_indicator_file / "zuordnung.json"),
        "--skip-checks",
    ]
    with pytest.raises(SystemExit) as exited:
        cli.main(args)
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert "Import abgebrochen, nichts wurde gespeichert" in err
    assert f"werte.csv, Zeile 3, Spalte „Einwohner“: „{value}“ ist keine Zahl" in err
    assert IndicatorValue.objects.count() == before


@pytest.mark.django_db
def test_unknown_municipality(broken_indicator_file, capsys):
    with pytest.raises(SystemExit) as exited:
        call_command(
            "import_indicators",
            str(broken_indicator_file / "werte.csv"),
            municipality="atlantis",
            mapping=str(broken_indicator_file / "zuordnung.json"),
        )
    assert exited.value.code == 1
    assert "Die Kommune „atlantis“ gibt es nicht" in capsys.readouterr().err


@pytest.mark.django_db
def test_a_city_from_the_command_line(tmp_path):
    """create → levels → areas → derive → values, as an office would script it."""
    squares = {
        "11": [[13.70, 51.01], [13.71, 51.01], [13.71, 51.02], [13.70, 51.02], [13.70, 51.01]],
        "12": [[13.71, 51.01], [13.72, 51.01], [13.72, 51.02], [13.71, 51.02], [13.71, 51.01]],
    }
    features = [
        {
            "type": "Feature",
            "properties": {"nr": code, "name": f"Teil {code}"},
            "geometry": {"type": "Polygon", "coordinates": [ring]},
        }
        for code, ring in squares.items()
    ]
    (tmp_path / "teile.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": features})
    )
    (tmp_path / "bezirke.csv").write_text("code,name\n1,Nord\n")
    (tmp_path / "werte.csv").write_text("Gebiet;Jahr;Einwohner\n11;2024;100\n12;2024;250\n")
    (tmp_path / "zuordnung.json").write_text(
        json.dumps(
            {
                "layout": "wide",
                "area_column": "Gebiet",
                "area_level": "teil",
                "period_column": "Jahr",
                "values": [{"indicator": "einwohner", "column": "Einwohner"}],
                "definitions": [{"slug": "einwohner", "name": "Einwohner"}],
            }
        )
    )
    out = io.StringIO()
    err = io.StringIO()
    city = ["--municipality", "neustadt"]
    call_command("create_municipality", slug="neustadt", name="Neustadt", stdout=out)
    for depth, slug in enumerate(("stadt", "bezirk", "teil")):
        call_command("define_level", *city, slug=slug, name=slug.title(), depth=depth, stdout=out)
    call_command(
        "import_areas",
        str(tmp_path / "teile.geojson"),
        *city,
        "--level=teil",
        "--code-field=nr",
        "--name-field=name",
        "--valid-from=2024-01-01",
        "--progress",
        stdout=out,
        stderr=err,
    )
    call_command(
        "derive_areas",
        *city,
        "--from-level=teil",
        "--level=bezirk",
        "--prefix-length=1",
        f"--names={tmp_path / 'bezirke.csv'}",
        "--valid-from=2024-01-01",
        stdout=out,
    )
    call_command(
        "derive_areas",
        *city,
        "--from-level=bezirk",
        "--level=stadt",
        "--prefix-length=0",
        "--single-code=0",
        "--name=Neustadt",
        "--valid-from=2024-01-01",
        stdout=out,
    )
    call_command(
        "import_indicators",
        str(tmp_path / "werte.csv"),
        *city,
        f"--mapping={tmp_path / 'zuordnung.json'}",
        stdout=out,
    )
    text = out.getvalue()
    assert "teile.geojson: 2 Gebiete gelesen: 2 neu, 0 geändert, 0 unverändert" in text
    assert "werte.csv: 2 Zeilen gelesen, Werte: 2 neu" in text
    assert "Fortschritt: 100 %" in err.getvalue()
    city_area = Area.objects.get(municipality__slug="neustadt", level__slug="stadt")
    assert IndicatorValue.objects.get(area=city_area, period="2024").value == 350


@pytest.mark.django_db
def test_bad_date_is_explained_in_german(tmp_path, municipality):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="ist kein Datum der Form JJJJ-MM-TT"):
        call_command(
            "import_areas",
            str(tmp_path / "x.geojson"),
            "--municipality=teststadt",
            "--level=stadtteil",
            "--code-field=c",
            "--name-field=n",
            "--valid-from=1.1.2024",
        )


def square(x: float, y: float, size: float) -> list[list[float]]:
    return [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]


# Issue 13, finding 11: an unknown CRS and UTM metres without a CRS ended in "unexpected
# error"; a broken geodata file showed the server's upload path.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("file", "content", "message"),
    [
        (
            "teile.geojson",
            {"crs": {"type": "name", "properties": {"name": "EPSG:99999"}}},
            "teile.geojson: unbekanntes Koordinatenbezugssystem „EPSG:99999“",
        ),
        (
            "teile.geojson",
            {},
            "teile.geojson, Objekt 1, Spalte „geometry“: Koordinaten wie (411000, 5655000)"
            " sind keine Längen- und Breitengrade in WGS84",
        ),
        ("teile.gpkg", None, "teile.gpkg: Geodatei nicht lesbar"),
    ],
)
def test_area_import_explains_crs_problems_in_german(
    tmp_path, municipality, levels, file, content, message, capsys
):
    path = tmp_path / file
    if content is None:
        path.write_bytes(b"kein GeoPackage")
    else:
        feature = {
            "type": "Feature",
            "properties": {"nr": "11", "name": "Teil"},
            "geometry": {"type": "Polygon", "coordinates": [square(411000, 5655000, 200)]},
        }
        path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]} | content))
    before = Area.objects.count()
    args = ["import-areas", str(path), "--municipality", "teststadt", "--level", "stadtteil"]
    with pytest.raises(SystemExit) as exited:
        cli.main([*args, "--code-field=nr", "--name-field=name", "--valid-from=2024-01-01"])
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert message in err
    assert "unerwartet" not in err.lower() and str(tmp_path) not in err
    assert Area.objects.count() == before


def _xlsx_with_entity(path, entity: str) -> None:
    """A real workbook whose sheet XML declares ``entity`` and uses it in cell A2."""
    import zipfile

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Gebiet", "Jahr", "Einwohner"])
    book.active.append(["11", 2024, 10])
    plain = path.with_suffix(".plain.xlsx")
    book.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                text = text.replace("<worksheet", f"<!DOCTYPE worksheet [{entity}]><worksheet", 1)
                text = text.replace(
                    '<c r="A2"', '<c r="A2" t="inlineStr"><is><t>&xxe;</t></is></c><c r="D2"', 1
                )
                data = text.encode()
            target.writestr(item, data)


@pytest.mark.django_db(transaction=True)
# An XLSX with an external entity used to end in "unexpected error", and openpyxl's own
# message named the server's upload path (issue 13, finding 11). It is refused, unresolved.
@pytest.mark.parametrize(
    "entity",
    ['<!ENTITY xxe SYSTEM "file:///etc/passwd">', '<!ENTITY xxe "intern">'],
)
def test_xlsx_with_entities_is_refused_in_german(broken_indicator_file, indicators, entity, capsys):
    workbook = broken_indicator_file / "werte.xlsx"
    _xlsx_with_entity(workbook, entity)
    before = IndicatorValue.objects.count()
    args = ["import-indicators", str(workbook), "--municipality", "teststadt"]
    args += ["--mapping", str(broken_indicator_file / "zuordnung.json"), "--skip-checks"]
    with pytest.raises(SystemExit) as exited:
        cli.main(args)
    assert exited.value.code == 1
    err = flat(capsys.readouterr().err)
    assert "werte.xlsx: Die Excel-Datei enthält XML-Entitäten" in err
    assert str(broken_indicator_file) not in err and "root:" not in err
    assert IndicatorValue.objects.count() == before
