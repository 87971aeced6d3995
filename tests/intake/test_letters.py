"""Status letters as Dresden writes them (issue 15): each kind of failure of BASELINE.md as a
small letter written for the test, in the layout of the real ones (no real text copied)."""

from __future__ import annotations

import pytest

from sozialplanung.intake.classify import classify
from sozialplanung.intake.dates import find_dates
from sozialplanung.intake.evaluation import field_value
from sozialplanung.intake.extract import extract
from sozialplanung.intake.labels import find_labelled, starts_with_label
from sozialplanung.intake.normalise import normalise_text
from sozialplanung.intake.references import find_reference, find_session
from sozialplanung.intake.status import decide, sentences

HEAD = """Hausmitteilung

Landeshauptstadt Dresden

Geschäftsbereich Finanzen und

vertraulich

Liegenschaften

An alle

GZ:

(GB 2)23

Datum:

{date}

Beschlusskontrolle zu {reference} (Sitzungsnummer: {session})
Verkauf eines Grundstückes in
Musterdorf

Sehr geehrte Damen und Herren,

folgender {framing} kann zu oben genanntem Beschluss gegeben werden:
"""
FOOT = """
Nächste Beschlusskontrolle: 31. März 2016

Mit freundlichen Grüßen
"""


def letter(body: str, *, framing: str = "Zwischenstand", date: str = "2 7. JUNI 2016",
           reference: str = "V0542/15", session: str = "SR/014/2015", foot: str = FOOT) -> str:  # fmt: skip
    head = HEAD.format(date=date, reference=reference, session=session, framing=framing)
    return normalise_text(head + body + foot)


def read(text: str):
    return extract(text)


def statuses(fields) -> list[tuple[str | None, str | None]]:
    return [(s["number"], s["status"]) for s in fields["item_status"]]


def test_each_point_quoted_with_the_sentence_after_it():
    fields, uncertain, _ = read(
        letter(
            "„Der Oberbürgermeister wird beauftragt,\n"
            '1. dem Stadtrat bis zum 31. Dezember 2015 einen Bericht vorzulegen."\n'
            "Der Bericht liegt vor (Anlage 1). Der Beschlusspunkt ist damit erfüllt.\n"
            '„2. dem Stadtrat bis 31. Dezember 2015 Alternativen darzulegen."\n'
            "Die Vorlage wurde am 5. Januar 2016 eingebracht. Der Beschlusspunkt ist teilweise erfüllt.\n"
            "-2-\n"
            '„3* zu prüfen, wie das Haus genutzt werden kann."\n'
            "Es laufen Gespräche. Der Beschlusspunkt ist somit noch nicht erfüllt.\n"
            '„4, darauf hinzuwirken, dass ein Spielplatz entsteht."\n'
            "Die Verwaltung hält das nach Prüfung für nicht zielführend.\n"
        )
    )
    assert field_value(fields, "items.numbers") == ["1", "2", "3", "4"]  # the lead-in is none
    assert fields["items"][0]["text"].startswith("dem Stadtrat bis zum 31. Dezember 2015")
    assert statuses(fields) == [
        ("1", "umgesetzt"),
        ("2", "in Umsetzung"),
        ("3", "in Umsetzung"),
        ("4", "nicht umgesetzt"),
    ]
    # the deciding sentence is kept, whole, even where a date's full stop is inside it
    assert fields["item_status"][0]["evidence"] == "Der Beschlusspunkt ist damit erfüllt."
    assert fields["item_status"][1]["narrative"].startswith("Die Vorlage wurde am 5. Januar 2016")
    assert not any(key.startswith("item_status") for key in uncertain)


def test_points_quoted_together_share_the_narrative_after_them():
    fields, uncertain, _ = read(
        letter(
            "1. „Die Oberbürgermeisterin wird beauftragt, den Plan einzuhalten.\n"
            '2. Sie setzt sich für die festgelegten Zahlen ein."\n'
            "Dieser Beschlusspunkt wird umgesetzt.\n"
        )
    )
    assert statuses(fields) == [("1", "wird berücksichtigt"), ("2", "wird berücksichtigt")]
    assert {s["evidence"] for s in fields["item_status"]} == {
        "Dieser Beschlusspunkt wird umgesetzt."
    }
    assert not any(key.startswith("item_status") for key in uncertain)


def test_numbers_alone_on_their_lines_and_the_texts_after_them():
    fields, uncertain, warnings = read(
        letter(
            "Beschluss:\n\n1.\n\n2.\n\n"
            "Der Oberbürgermeister wird ermächtigt, das Erbbaurecht am Grundstück\n"
            "Musterstraße 2 aufzuheben.\n"
            "Der Stadtrat beschließt, die Kosten aus liquiden Mitteln zu finanzieren.\n"
            "Die Beurkundung des Aufhebungsvertrages erfolgte am 23.12.2015.\n",
            framing="abschließende Information",
        )
    )
    assert [(i["number"], i["text"][:25]) for i in fields["items"]] == [
        ("1", "Der Oberbürgermeister wir"),
        ("2", "Der Stadtrat beschließt, "),
    ]
    # No sentence states the status: the final letter's framing decides, marked uncertain.
    assert statuses(fields) == [("1", "umgesetzt"), ("2", "umgesetzt")]
    assert {"item_status.0.status", "item_status.1.status"} <= uncertain
    assert any("nicht ausdrücklich" in w for w in warnings)


def test_number_alone_then_the_quotation():
    fields, _, _ = read(
        letter(
            '1.\n\n„Die Oberbürgermeisterin wird beauftragt, Varianten vorzulegen."\n'
            "Gegenwärtig findet eine Untersuchung statt.\n"
            '2.\n\n„Die Oberbürgermeisterin wird weiter beauftragt, Maßnahmen vorzulegen."\n'
            "Aus den genannten Gründen kann der Erfüllungsstand als noch nicht abgeschlossen "
            "erklärt werden.\n"
        )
    )
    assert field_value(fields, "items.numbers") == ["1", "2"]
    assert statuses(fields) == [("1", "in Umsetzung"), ("2", "in Umsetzung")]


def test_an_unnumbered_resolution_is_one_point_without_number():
    fields, uncertain, _ = read(
        letter(
            "„Der Oberbürgermeister wird ermächtigt, das Grundstück zu einem Kaufpreis von\n"
            "180.000 EURO zu veräußern.''\n"
            "Der Kaufvertrag ist noch nicht beurkundet.\n"
        )
    )
    assert field_value(fields, "items.numbers") == [None]
    assert statuses(fields) == [(None, "in Umsetzung")]
    assert "items.0.number" in uncertain


def test_a_citation_in_the_narrative_is_no_point():
    fields, _, _ = read(
        letter(
            '„1. dem Stadtrat ein Konzept vorzulegen."\n'
            "Zur Finanzierung wird die Vorlage\n"
            '„Erhöhung der Kapitaleinlage" eingebracht. Der Beschlusspunkt ist erfüllt.\n'
        )
    )
    assert field_value(fields, "items.numbers") == ["1"]
    assert statuses(fields) == [("1", "umgesetzt")]


def test_letter_fields_from_their_labelled_places():
    fields, _, _ = read(
        letter('„1. etwas zu tun."\nDer Beschlusspunkt ist erfüllt.\n', session="FL/SE/014/2015")
    )
    assert fields["doc_type"] == "beschlusskontrolle"
    assert fields["date"] == "2016-06-27"  # spaced digits are legible
    assert fields["session"] == "FL/SE/014/2015"
    assert fields["next_control_date"] == "2016-03-31"
    assert fields["submitter"] == "Geschäftsbereich Finanzen und Liegenschaften"
    assert fields["subject"] == "Verkauf eines Grundstückes in Musterdorf"


@pytest.mark.parametrize(
    "printed", ["1 9. SEP.", "85. JAN. 2815", "MAI 2016", ",, m m", "03. HOV."]
)
def test_a_garbled_letter_date_is_null_and_never_taken_from_the_body(printed):
    fields, uncertain, _ = read(
        letter(
            '„1. die Satzung vom 9. Mai 1996 zu ändern."\n'
            "Bekannt gemacht im Amtsblatt vom 22. Oktober 2015. Der Beschlusspunkt ist erfüllt.\n",
            date=printed,
        )
    )
    assert fields["date"] is None
    assert "date" in uncertain


@pytest.mark.parametrize(("printed", "iso"), [("3 0, SEP. 2013", "2013-09-30"), ("19- JULI 2016", "2016-07-19"), ("11 SEP. 2015", "2015-09-11")])  # fmt: skip
def test_ocr_shapes_of_legible_dates(printed, iso):
    assert find_dates(printed)[0].date.isoformat() == iso


@pytest.mark.parametrize(
    "foot",
    [
        "\nNächste Beschiusskontrolle: 31. März 2016\n",
        "\nNächste B\n\nlusskontrolle: 31. März 2016\n",
        "\nDer Beschluss ist erfüllt. Nächste Beschlusskontrolle: 31.03.2016\n",
    ],
)
def test_next_control_label_damaged_or_split(foot):
    fields, _, _ = read(letter('„1. etwas zu tun."\n', foot=foot))
    assert fields["next_control_date"] == "2016-03-31"


def test_a_month_alone_is_no_next_control_date():
    fields, uncertain, _ = read(
        letter('„1. etwas zu tun."\n', foot="\nNächste Beschlusskontrolle: 06/2017\n")
    )
    assert fields["next_control_date"] is None
    assert "next_control_date" in uncertain


def test_ocr_damaged_heading_is_still_a_status_letter():
    text = "Hausmitteilung\n\nDatum:\n\n1 9. SEP.\n\nBeschlusskontrolie zu AOllO/15 (Sitzungsnummer: SR/016/2015)\nTitel\n"
    assert classify(text) == "beschlusskontrolle"
    fields, uncertain, _ = read(text)
    assert fields["reference"] == "A0110/15" and "reference" in uncertain
    # A Vorlage citing an earlier letter in its body is no letter.
    assert (
        classify("Vorlage Nr.: V0001/15\n" + "Text\n" * 70 + "Beschlusskontrolle zu V0120/14\n")
        == "vorlage"
    )


def test_a_letter_on_two_papers_is_flagged():
    text = letter('„1. etwas zu tun."\n').replace(
        "Verkauf eines Grundstückes in\n",
        "Erste Sache\nund A0116/15 (Sitzungsnummer: SR/019/2015)\nZweite Sache\n",
    )
    fields, uncertain, warnings = read(text)
    assert fields["reference"] == "V0542/15"
    assert "reference" in uncertain
    assert any("V0542/15, A0116/15" in w for w in warnings)


def test_local_council_references_and_sessions():
    assert find_reference("Beschluss zu: A-CB0205/18") == ("A-CB0205/18", False)
    assert find_session("des Ortschaftsrates (OSR CB/046/2018)") == "OSR CB/046/2018"
    assert find_session("Sitzungsnummer: FL/SE/014/2015") == "FL/SE/014/2015"


def test_the_labelled_session_wins_over_one_in_the_subject():
    fields, _, _ = extract(
        "Vorlage Nr.: V0530/15\nGegenstand:\nPetition (Beschluss P/005/2015)\n"
        "Beschluss zu V0530/15 (Sitzungsnummer: SR/012/2015)\n"
    )
    assert fields["session"] == "SR/012/2015"


@pytest.mark.parametrize(
    ("narrative", "status", "certain"),
    [
        ("Der Beschlusspunkt ist damit erfüllt.", "umgesetzt", True),
        ("Die Beschlusserfüllung wurde mit Beschlusskontrolle vom 5. Januar 2016 dargelegt.", "umgesetzt", True),
        ("Der Beschluss Ist erfüllt.", "umgesetzt", True),
        ("Der Beschlusspunkt ist somit noch nicht vollständig erfüllt.", "in Umsetzung", True),
        ("Die Stadt hat keinen Einfiuss darauf, wann die Behörde entscheidet.", "nicht umgesetzt", True),
        ("Aus diesem Grund wird die Satzung für nicht zielführend erachtet.", "nicht umgesetzt", True),
        ("Der Erweiterungsbau wird voraussichtlich im März 2018 fertig.", "in Umsetzung", False),
        ("Die Mittel sind in den Haushalt eingestellt worden.", None, False),
    ],
)  # fmt: skip
def test_status_from_the_narrative(narrative, status, certain):
    decision = decide(narrative)
    assert (decision.status, decision.certain) == (status, certain)


def test_sentences_do_not_end_at_dates_and_abbreviations():
    assert sentences("Am 5. Januar 2016 kam u. a. Herr Dr. Muster. Dann ging er.") == [
        "Am 5. Januar 2016 kam u. a. Herr Dr. Muster.",
        "Dann ging er.",
    ]


def test_labels_tolerate_ocr_damage_but_not_other_words():
    assert starts_with_label("Beschlusskontrolie zu AOllO/15", "Beschlusskontrolle zu")
    assert not starts_with_label("Beschlussausfertigung zu V1/15", "Beschlusskontrolle zu")
    lines = ["Nächste B", "", "lusskontrolle: 28. Februar 2015", "Datum;", "x"]
    assert [f.index for f in find_labelled(lines, "Nächste Beschlusskontrolle")] == [2]
    assert [f.index for f in find_labelled(lines, "Datum")] == [3]


def test_submitter_of_motions():
    fields, _, _ = extract(
        "Antrag Nr.: A0110/15\nDatum: 24.06.2015\n\nANTRAG\nInterfraktionell\n"
        "Fraktion A, Fraktion B\nGegenstand:\nEtwas\n"
    )
    assert fields["submitter"] == "Interfraktionell, Fraktion A, Fraktion B"
    # An empty "Einreicher:" is empty, not the next label.
    fields, _, _ = extract("Antrag Nr.: A-CB0205/18\nEinreicher:\n\nGegenstand:\nEtwas\n")
    assert fields["submitter"] is None


def test_subject_after_a_label_whose_colon_ocr_read_as_semicolon():
    fields, _, _ = extract("Vorlage Nr.: V0001/15\nGegenstand;\nWahl eines Beigeordneten\n")
    assert fields["subject"] == "Wahl eines Beigeordneten"


def test_a_session_cited_in_a_paper_is_not_its_session():
    fields, _, _ = extract(
        "Vorlage Nr.: V0530/15\nGegenstand:\nPetition (Beschluss P/005/2015)\nBeschlussvorschlag:\n"
    )
    assert fields["session"] is None


def test_unquoted_points_end_where_the_status_is_stated():
    fields, _, _ = read(
        letter(
            "1. Der Oberbürgermeister wird beauftragt, einen Bericht vorzulegen.\n"
            "Der Bericht liegt vor. Der Beschlusspunkt ist erfüllt.\n"
            "2. Die Verwaltung prüft einen Standort.\n"
            "Der Beschlusspunkt ist noch nicht erfüllt.\n"
        )
    )
    assert [i["text"] for i in fields["items"]] == [
        "Der Oberbürgermeister wird beauftragt, einen Bericht vorzulegen.",
        "Die Verwaltung prüft einen Standort.",
    ]
    assert statuses(fields) == [("1", "umgesetzt"), ("2", "in Umsetzung")]
    assert (
        fields["item_status"][0]["narrative"]
        == "Der Bericht liegt vor. Der Beschlusspunkt ist erfüllt."
    )


def test_a_committee_recommendation_is_read_as_its_resolution_copy():
    text = "LANDESHAUPTSTADT DRESDEN\nBESCHLUSSEMPFEHLUNG\nAusschuss für Finanzen (FL/013/2015)\n"
    assert classify(text) == "beschlussausfertigung"
    # Only as a heading: a Vorlage mentioning a recommendation stays a Vorlage.
    assert (
        classify("Vorlage Nr.: V0001/15\nBeschlussempfehlung des Ausschusses folgt\n") == "vorlage"
    )
