"""Offers from CSV and XLSX: good file, broken file, duplicates, Windows-1252, re-import."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from openpyxl import Workbook

from sozialplanung.cli import main
from sozialplanung.core.imports import ImportFailed
from sozialplanung.offers.importers import import_offers
from sozialplanung.offers.importers.duplicates import distance_m
from sozialplanung.offers.importers.hours import parse_opening_hours
from sozialplanung.offers.models import Offer, Provider
from tests.conftest import TEST

HEADER = (
    "Name;Träger;Angebotsart;Zielgruppen;Straße;PLZ;Ort;Breitengrad;Längengrad;"
    "Plätze je Termin;Termine je Woche;Kapazität;Besuche je Jahr;Status;E-Mail;Telefon;"
    "Webseite;Öffnungszeiten;Beschreibung;Zuletzt bestätigt"
)
ROWS = [
    "Suppenküche Ost;Verein Nord;mittagstisch;Senioren, familien;Oststr. 2;01234;Teststadt;"
    "51,0152;13,7152;25;2,5;;4500;aktiv;ost@example.invalid;0351 123;www.example.org;"
    '"Mo-Fr 11:00-14:00; Sa 10:00-12:00";Warmes Essen;15.01.2026',
    "Kleiderstube Süd;Neuer Träger e. V.;Kleiderkammer;;Südweg 5;01235;Teststadt;51,005;13,715;"
    ";;12,5;;pausiert;;;;Di 9-12;;",
    "Beratung Mitte;Diakonie Süd;sozialberatung;;;;;;;;;;;;;;;;;",
]


def write(tmp_path, rows, name="angebote.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(("\r\n".join([HEADER, *rows]) + "\r\n").encode(encoding))
    return path


@pytest.fixture
def target_groups_all(target_groups):
    return target_groups


def test_good_file(offers, target_groups, tmp_path):
    municipality = offers["mittag-nord"].municipality
    result = import_offers(write(tmp_path, ROWS), municipality=municipality, acting_user=TEST)
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    assert result.providers_created == 1 and result.duplicates == []
    ost = Offer.objects.get(name="Suppenküche Ost")
    assert ost.provider.name == "Verein Nord"
    assert (ost.latitude, ost.longitude) == (51.0152, 13.7152)
    assert ost.sessions_per_week == Decimal("2.5") and ost.visits_per_year == 4500
    assert ost.website == "https://www.example.org"
    assert ost.last_confirmed == dt.date(2026, 1, 15)
    assert sorted(ost.target_groups.values_list("slug", flat=True)) == ["familien", "senioren"]
    assert ost.opening_hours.count() == 6
    assert sorted(ost.located_in.values_list("code", flat=True)) == ["0", "1", "12"]
    assert Offer.objects.get(name="Kleiderstube Süd").status == "pausiert"
    assert Provider.objects.filter(name="Neuer Träger e. V.").exists()


def test_reimport_is_idempotent(offers, target_groups, tmp_path):
    municipality = offers["mittag-nord"].municipality
    path = write(tmp_path, ROWS)
    import_offers(path, municipality=municipality, acting_user=TEST)
    again = import_offers(path, municipality=municipality, acting_user=TEST)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert again.duplicates == []
    changed = write(tmp_path, [ROWS[0].replace(";25;", ";30;"), *ROWS[1:]])
    third = import_offers(changed, municipality=municipality, acting_user=TEST)
    assert (third.created, third.updated, third.unchanged) == (0, 1, 2)


def test_broken_file_names_file_row_column_and_writes_nothing(offers, target_groups, tmp_path):
    municipality = offers["mittag-nord"].municipality
    rows = [*ROWS, ROWS[2].replace("Beratung Mitte;", "Beratung West;")]
    # Row 5 (header = 1): a number that is none.
    rows[3] = "Beratung West;Diakonie Süd;sozialberatung;;;;;;;zwölf;;;;;;;;;;"
    before = Offer.objects.count()
    with pytest.raises(ImportFailed) as failed:
        import_offers(write(tmp_path, rows), municipality=municipality, acting_user=TEST)
    (problem,) = failed.value.problems
    assert (problem.file, problem.row, problem.column) == ("angebote.csv", 5, "Plätze je Termin")
    assert (
        str(problem) == "angebote.csv, Zeile 5, Spalte „Plätze je Termin“: „zwölf“ ist keine Zahl"
    )
    assert Offer.objects.count() == before
    assert not Provider.objects.filter(name="Neuer Träger e. V.").exists()


def test_unknown_category_and_bad_hours(offers, tmp_path):
    municipality = offers["mittag-nord"].municipality
    rows = ["X;Verein Nord;Tafel;;;;;;;;;;;;;;;Xy 9-12;;"]
    with pytest.raises(ImportFailed) as failed:
        import_offers(write(tmp_path, rows), municipality=municipality, acting_user=TEST)
    columns = {p.column: p.message for p in failed.value.problems}
    assert "keine Angebotsart" in columns["Angebotsart"]
    assert "kein Wochentag" in columns["Öffnungszeiten"]


def point_at(lat, lon, metres_north):
    return lat + metres_north / 111_195, lon


@pytest.mark.parametrize(("metres", "imported"), [(20, False), (80, True)])
def test_duplicates_against_existing_offers(offers, tmp_path, metres, imported):
    municipality = offers["mittag-nord"].municipality
    lat, lon = point_at(51.015, 13.705, metres)
    assert distance_m(51.015, 13.705, lat, lon) == pytest.approx(metres, abs=0.5)
    coordinates = f"{lat:.7f};{lon:.7f}".replace(".", ",")
    row = f"Mittagstisch Nord 2;Verein Nord;mittagstisch;;;;;{coordinates};;;;;;;;;;;"
    result = import_offers(write(tmp_path, [row]), municipality=municipality, acting_user=TEST)
    if imported:
        assert result.created == 1 and result.duplicates == []
    else:
        assert result.created == 0
        assert result.duplicates == ["Zeile 2 ähnelt „Mittagstisch Nord“ (20 m entfernt)"]
    assert Offer.objects.filter(name="Mittagstisch Nord 2").exists() == imported


def test_duplicates_within_the_file(offers, tmp_path):
    municipality = offers["mittag-nord"].municipality
    rows = [
        "Tafel am Markt;Verein Nord;mittagstisch;;;;;51,0050;13,7050;;;;;;;;;;;",
        "Tafel am Markt;Verein Nord;mittagstisch;;;;;51,0051;13,7050;;;;;;;;;;;",
        "Tafel am Markt;Diakonie Süd;mittagstisch;;;;;51,0051;13,7050;;;;;;;;;;;",
    ]
    result = import_offers(write(tmp_path, rows), municipality=municipality, acting_user=TEST)
    assert result.created == 2
    assert result.duplicates == ["Zeile 3 ähnelt „Tafel am Markt“ aus Zeile 2 (11 m entfernt)"]


def test_windows_1252_with_decimal_comma(offers, target_groups, tmp_path):
    municipality = offers["mittag-nord"].municipality
    path = write(tmp_path, ROWS[:1], encoding="cp1252")
    result = import_offers(path, municipality=municipality, acting_user=TEST)
    assert result.created == 1
    ost = Offer.objects.get(name="Suppenküche Ost")
    assert ost.street_address == "Oststr. 2" and ost.latitude == 51.0152


def test_xlsx(offers, target_groups, tmp_path):
    municipality = offers["mittag-nord"].municipality
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(";"))
    sheet.append(
        [
            "Treff Nord",
            "Verein Nord",
            "Kleiderkammer",
            "Familien",
            "Nordstr. 1",
            "01234",
            "Teststadt",
            51.015,
            13.715,
            None,
            None,
            8.5,
            1200,
            "aktiv",
            None,
            None,
            None,
            "Mo, Mi 9:00-12:00",
            None,
            dt.datetime(2025, 12, 1),
        ]
    )
    path = tmp_path / "angebote.xlsx"
    book.save(path)
    result = import_offers(path, municipality=municipality, acting_user=TEST)
    assert result.created == 1
    treff = Offer.objects.get(name="Treff Nord")
    assert treff.capacity_amount == Decimal("8.50")
    assert treff.last_confirmed == dt.date(2025, 12, 1)
    assert [h.weekday for h in treff.opening_hours.all()] == [0, 2]


def test_opening_hours_parser():
    slots = parse_opening_hours("Mo-Fr 11:00-14:00; Sa 10:00-12:00")
    assert len(slots) == 6 and slots[-1].weekday == 5


def test_command_exit_codes(offers, target_groups, tmp_path, capsys):
    from django.core.management import call_command

    call_command("import_offers", str(write(tmp_path, ROWS)), "--municipality", "teststadt")
    assert "3 neu" in capsys.readouterr().out
    broken = write(
        tmp_path, ["X;Verein Nord;mittagstisch;;;;;;;viele;;;;;;;;;;"], name="kaputt.csv"
    )
    with pytest.raises(SystemExit) as exited:
        main(["import-offers", str(broken), "--municipality", "teststadt"])
    assert exited.value.code == 1
    assert "kaputt.csv, Zeile 2, Spalte „Plätze je Termin“" in capsys.readouterr().err
