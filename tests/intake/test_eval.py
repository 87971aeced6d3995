"""The commands: ``intake`` (summary and JSON) and ``intake-eval`` on the evaluation set."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from sozialplanung.intake.corpus import (
    HELD_OUT,
    LETTER_TARGETS,
    TEXT_TARGETS,
    TUNING,
    evaluate_corpus,
    point_statuses,
    split,
)
from sozialplanung.intake.evaluation import REQUIRED, evaluate

EVALUATION = Path(__file__).resolve().parents[2] / "evaluation" / "intake"
SAMPLES = {
    "000_ceba17afc4d032cd.txt",
    "001_67840fba39b81673.txt",
    "002_8b28f7d461af8561.txt",
    "003_6410031ffb76810a.txt",
    "004_0434ae12ec697432.txt",
}
KEYS = {
    "doc_type", "reference", "date", "session", "subject", "submitter", "consultations",
    "items", "item_status", "next_control_date", "vote",
}  # fmt: skip


def test_intake_eval_prints_the_table_and_the_samples_score_full_marks():
    out = io.StringIO()
    call_command("intake_eval", str(EVALUATION), stdout=out)
    printed = out.getvalue()
    assert "Feld" in printed and "Anteil" in printed
    for key in REQUIRED:
        assert key in printed
    scores = {score.name: score for score in evaluate(EVALUATION)}
    assert set(scores) >= SAMPLES
    assert len(scores) >= 8  # the samples and at least three written in other systems' style
    for name in SAMPLES:
        assert all(scores[name].correct[key] for key in REQUIRED), scores[name].misses


def test_intake_eval_lists_misses(tmp_path):
    (tmp_path / "a.txt").write_text("Antrag Nr. VI-A-05385\nBetreff:\nEtwas\n", encoding="utf-8")
    (tmp_path / "a.expected.json").write_text(
        json.dumps({"doc_type": "vorlage", "reference": "VI-A-05385"}), encoding="utf-8"
    )
    out = io.StringIO()
    call_command("intake_eval", str(tmp_path), stdout=out)
    assert 'a.txt: doc_type: erwartet "vorlage", gelesen "antrag"' in out.getvalue()


def test_intake_eval_fails_only_when_a_document_cannot_be_read(tmp_path, capsys):
    (tmp_path / "leer.txt").write_bytes(b"")
    (tmp_path / "leer.expected.json").write_text("{}", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        call_command("intake_eval", str(tmp_path), stdout=io.StringIO(), stderr=io.StringIO())
    assert exit_info.value.code == 1


def test_intake_json_has_exactly_the_shape_of_the_issue():
    out = io.StringIO()
    call_command("intake", str(EVALUATION / "001_67840fba39b81673.txt"), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert set(data) == KEYS
    assert data["reference"] == "V2696/24"
    assert data["date"] is None
    assert data["next_control_date"] == "2025-09-30"
    assert "Trägerversammlung" in out.getvalue()  # ensure_ascii=False


def test_intake_summary_in_german():
    out = io.StringIO()
    call_command("intake", str(EVALUATION / "004_0434ae12ec697432.txt"), stdout=out)
    text = out.getvalue()
    assert "Dokumentart:       Beschlusskontrolle" in text
    assert "Punkt 3: wird berücksichtigt" in text
    assert "Nächste Beschlusskontrolle: 31.10.2020" in text


def test_intake_bad_file_exits_with_a_message(tmp_path):
    path = tmp_path / "leer.txt"
    path.write_bytes(b"")
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("intake", str(path), stdout=io.StringIO(), stderr=err)
    assert exit_info.value.code == 1
    assert "ist leer" in err.getvalue()


# --- Real Dresden documents (issue 15): beside the clone, never in the repository ---------


def corpus_or_skip() -> Path:
    folder = Path(settings.INTAKE_CORPUS_DIR)
    if not (folder / "annotated").is_dir():
        pytest.skip(f"Die Dresdner Dokumente liegen nicht in {folder} (nicht im Repository).")
    return folder


def test_the_split_is_fixed_by_the_sorted_file_ids():
    sets = split(["20", "3", "100", "7"])
    assert sets == {"3": TUNING, "7": HELD_OUT, "20": TUNING, "100": HELD_OUT}


def test_point_status_pairs_by_number_and_maps_the_annotation_labels():
    expected = [{"number": "1", "status": "wird beachtet"}, {"number": "2", "status": "umgesetzt"}]
    got = [{"number": "2", "status": "umgesetzt"}, {"number": "1", "status": "wird berücksichtigt"}]
    assert point_statuses(expected, got) == [True, True]
    assert point_statuses([{"number": None, "status": "in Umsetzung"}], []) == [False]


def test_without_the_dresden_folder_the_eval_says_so_and_goes_on(tmp_path):
    out = io.StringIO()
    call_command("intake_eval", str(EVALUATION), "--dresden", str(tmp_path), stdout=out)
    assert "Hinweis: Die echten Dresdner Dokumente fehlen" in out.getvalue()
    assert "Keine Abweichungen." in out.getvalue()


def test_dresden_documents_reach_the_targets_of_issue_15():
    report = evaluate_corpus(corpus_or_skip())
    assert not report.errors
    assert sum(report.letters["doc_type"].total.values()) == 27
    assert sum(report.texts["doc_type"].total.values()) == 52
    for key, goal in LETTER_TARGETS.items():
        assert report.letters[key].share() >= goal, (key, report.misses)
    for key, goal in TEXT_TARGETS.items():
        assert report.texts[key].share() >= goal, (key, report.misses)


def test_intake_eval_prints_tuning_and_held_out_figures():
    folder = corpus_or_skip()
    out = io.StringIO()
    call_command("intake_eval", str(EVALUATION), "--dresden", str(folder), stdout=out)
    printed = out.getvalue()
    assert "27 annotierte Beschlusskontrollen" in printed and "52 Texte" in printed
    assert TUNING in printed and HELD_OUT in printed and "Stand je Punkt" in printed
