"""The commands: ``intake`` (summary and JSON) and ``intake-eval`` on the evaluation set."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

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
