"""Extraction: the five samples against the hand-written expectations (Done-when 1), and the
repairs of dates, references, words and statuses one by one."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sozialplanung.intake import read_document
from sozialplanung.intake.classify import classify
from sozialplanung.intake.dates import find_dates, parse_date
from sozialplanung.intake.evaluation import field_value
from sozialplanung.intake.extract import STATUS_VALUES, extract, extract_vote, status_of
from sozialplanung.intake.normalise import normalise_text
from sozialplanung.intake.references import find_reference, find_session, repair_reference

EVALUATION = Path(__file__).resolve().parents[2] / "evaluation" / "intake"
SAMPLES = [
    "000_ceba17afc4d032cd",
    "001_67840fba39b81673",
    "002_8b28f7d461af8561",
    "003_6410031ffb76810a",
    "004_0434ae12ec697432",
]
REQUIRED = ("doc_type", "reference", "date", "session", "item_status", "next_control_date")


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_fields_match_the_hand_annotation(name):
    expected = json.loads((EVALUATION / f"{name}.expected.json").read_text(encoding="utf-8"))
    fields = read_document(EVALUATION / f"{name}.txt").fields
    for key in REQUIRED:
        assert field_value(fields, key) == field_value(expected, key), key
    assert len(fields["items"]) == len(expected["items"])
    assert [i["number"] for i in fields["items"]] == [i["number"] for i in expected["items"]]


def test_sample_001_marks_the_repaired_reference_and_the_illegible_date():
    result = read_document(EVALUATION / "001_67840fba39b81673.txt")
    assert result.fields["reference"] == "V2696/24"
    assert {"reference", "date"} <= result.uncertain
    assert any("berichtigt" in w for w in result.warnings)


def test_sample_000_consultations_printed_as_columns():
    fields = read_document(EVALUATION / "000_ceba17afc4d032cd.txt").fields
    rows = fields["consultations"]
    assert len(rows) == 8
    assert rows[0] == {
        "body": "Leitungskonferenz",
        "date": "2024-03-26",
        "public": False,
        "role": "beratend",
    }
    assert rows[2]["role"] == "1_lesung"
    assert rows[-1] == {
        "body": "Stadtrat",
        "date": "2024-06-13",
        "public": True,
        "role": "beschliessend",
    }


def test_item_texts_are_dehyphenated_and_repaired():
    fields = read_document(EVALUATION / "001_67840fba39b81673.txt").fields
    text = fields["items"][1]["text"]
    assert "Jobcenters Dresden darauf" in text
    assert "geförderte Arbeit in sachdienlicher und geeigneter Weise in den im Konzept" in text


@pytest.mark.parametrize(
    ("printed", "iso", "damaged"),
    [
        ("26.03.2024", "2024-03-26", False),
        ("Datum: 26. März 2024", "2024-03-26", False),
        ("0 8. MRZ. 2022", "2022-03-08", True),
        ("Datum: 1 3. NOV. 2019", "2019-11-13", True),
        ("Nächste Beschlusskontrolle: 30. September 2025", "2025-09-30", False),
        ("1. Okt. 2024", "2024-10-01", False),
        ("14 Dez 2023", "2023-12-14", False),
        ("5.1.24", "2024-01-05", False),
        ("März 2022", "2022-03-01", True),
        ("21. Maerz 2021", "2021-03-21", False),
    ],
)
def test_german_dates(printed, iso, damaged):
    found = parse_date(printed)
    assert found is not None
    assert found.date.isoformat() == iso
    assert found.damaged is damaged


@pytest.mark.parametrize("printed", ["32.13.2024", "2025/2026", "V2696/24", "SR/063/2024", ""])
def test_no_date_where_there_is_none(printed):
    assert parse_date(printed) is None


MONTH_NAMES = [
    "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli",
    "August", "September", "Oktober", "November", "Dezember",
]  # fmt: skip
MONTH_ABBREVIATIONS = [
    "JAN.", "FEB.", "MRZ.", "APR.", "MAI", "JUN.", "JUL.", "AUG.", "SEP.", "OKT.", "NOV.", "DEZ.",
]  # fmt: skip


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2069, 12, 31)))
def test_well_formed_dates_round_trip(value):
    forms = [
        f"{value:%d.%m.%Y}",
        f"{value.day}. {MONTH_NAMES[value.month - 1]} {value.year}",
        f"Datum: {value:%d}. {MONTH_ABBREVIATIONS[value.month - 1]} {value.year}",
        f"am {value.day}.{value.month}.{value:%y}",
    ]
    for form in forms:
        found = find_dates(form)
        assert [f.date for f in found] == [value], form


@pytest.mark.parametrize(
    ("printed", "reference", "repaired"),
    [
        ("y2696/24", "V2696/24", True),
        ("\\/2696/24", "V2696/24", True),
        ("V26O6/24", "V2606/24", True),
        ("V2696/24", "V2696/24", False),
        ("V 2927/19", "V2927/19", False),
        ("A0200/21", "A0200/21", False),
        ("AF1234/23", "AF1234/23", False),
        ("VI-A-05385", "VI-A-05385", False),
        ("VII-DS-01234-NF-02", "VII-DS-01234-NF-02", False),
        ("VO/2025/0147", "VO/2025/0147", False),
    ],
)
def test_reference_repair(printed, reference, repaired):
    assert repair_reference(printed) == (reference, repaired)


def test_references_and_sessions_in_text():
    line = "Beschlusskontrolle zu y2696/24 (Sitzungsnummer: SR/063/2024)"
    assert find_reference(line) == ("V2696/24", True)
    assert find_session(line) == "SR/063/2024"
    assert find_reference("Antrag Nr. VI-A-05385") == ("VI-A-05385", False)
    assert repair_reference("Sozialplanung") == (None, False)


def test_words_broken_across_lines():
    text = normalise_text(
        "Die Landeshauptstadt Dresden plant für Dres\nden neue Angebote.\n"
        "Im Sozial-\nund Jugendhilfebereich und bei der Corona-\nPandemie wird die Umset-\nzung geprüft.\n"
        "die Struktur der sozialen Dienst\n\nleistungen in der Stadt.\n"
        "Die Dienstleistungen sind wichtig."
    )
    text = " ".join(text.split())  # lines are kept; the words matter here
    assert "für Dresden" in text
    assert "Sozial- und Jugendhilfebereich" in text
    assert "Corona-Pandemie" in text
    assert "Umsetzung" in text
    assert "Dienstleistungen in der Stadt" in text


def test_normal_line_breaks_stay():
    text = normalise_text(
        "Die Angebote sollen bereitgestellt bzw. zu\netablieren sein und\ndurchzuführen, das Abgleiten in Abhängigkeit\nvermieden werden."
    )
    assert "zu\netablieren" in text
    assert "und\ndurchzuführen" in text
    assert "Abhängigkeit\nvermieden" in text


def test_ocr_repairs_are_conservative():
    text = normalise_text(
        "geförderte Arbelt\nIn sachdienlicher und geeigneter Welse In den Im Konzept.\n"
        "In der Trägerversammlung wird beraten."
    )
    assert "geförderte Arbeit\nin sachdienlicher und geeigneter Weise in den im Konzept." in text
    assert "\nIn der Trägerversammlung" in text  # a sentence start keeps its capital


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("Der Beschlusspunkt ist umgesetzt.", "umgesetzt"),
        ("Der Beschlusspunkt befindet sich in der Umsetzung.", "in Umsetzung"),
        ("Der Beschlusspunkt wird berücksichtigt.", "wird berücksichtigt"),
        ("Der Beschlusspunkt wurde nicht umgesetzt.", "nicht umgesetzt"),
        ("Der Beschlusspunkt ist durch Beschluss V0100/24 erledigt.", "erledigt"),
        ("Der Beschlusspunkt wird zurückgestellt.", "zurückgestellt"),
        ("Hierzu liegen noch keine Erkenntnisse vor.", None),
    ],
)
def test_status_sentences(sentence, status):
    assert status_of(sentence) == status
    if status:
        assert status in STATUS_VALUES


def test_missing_status_is_marked_uncertain():
    fields, uncertain, warnings = extract(
        "Beschlusskontrolle zu V1000/24 (Sitzungsnummer: SR/001/2024)\nBetreff\n\n"
        "1. Erster Punkt.\n\nzu Beschlusspunkt 1:\nDazu wird gesondert berichtet.\n"
    )
    assert field_value(fields, "item_status") == [
        {"number": "1", "status": None, "next_control_date": None}
    ]
    assert "item_status.0.status" in uncertain
    assert "next_control_date" in uncertain
    assert warnings


def test_document_kinds():
    assert classify("Hausmitteilung\nBeschlusskontrolle zu V1/24\nzu Beschlusspunkt 1:") == (
        "beschlusskontrolle"
    )
    assert classify("BESCHLUSSAUSFERTIGUNG\nStadtrat") == "beschlussausfertigung"
    assert classify("Antrag Nr. VI-A-05385") == "antrag"
    assert classify("Beschlussvorlage\nVorlage-Nr.: VO/2025/0147") == "vorlage"
    assert classify("Einladung zum Sommerfest des Seniorentreffs") == "other"


def test_vote_only_when_printed():
    assert extract_vote("Abstimmungsergebnis: Ja-Stimmen: 31 Nein-Stimmen: 4 Enthaltungen: 2") == {
        "yes": 31,
        "no": 4,
        "abstain": 2,
    }
    assert extract_vote("Der Stadtrat beschließt einstimmig.") is None
