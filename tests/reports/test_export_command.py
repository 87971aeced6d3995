"""``sozialplanung export``: the list, and errors a person can act on, in German."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

from sozialplanung.cli import main
from sozialplanung.reports.base import exporters

pytestmark = pytest.mark.django_db


def test_list_names_every_exporter_with_its_formats(capsys):
    call_command("export", "--list")
    out = capsys.readouterr().out
    for exporter in exporters():
        assert f"{exporter.identifier}  ({', '.join(exporter.formats)})" in out
        assert str(exporter.title) in out
    # German titles and parameter help, not the English msgids.
    assert "Überfällige Beschlusspunkte" in out
    assert "--param plan_slug=…  Kurzname des Plans, Pflicht" in out
    assert len(exporters()) == 12


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nichts", "--municipality", "teststadt"], "Einen Export „nichts“ gibt es nicht"),
        (["budget", "--format", "xlsx", "--out", "x"], "Bitte --municipality angeben."),
        (["budget", "--municipality", "nirgendwo", "--format", "xlsx", "--out", "x"], "nirgendwo"),
        (
            ["overdue", "--municipality", "teststadt", "--format", "pdf", "--out", "x"],
            "„overdue“ gibt es als xlsx, nicht als pdf.",
        ),
        (
            ["overdue", "--municipality", "teststadt", "--format", "xlsx", "--out", "x"],
            "Dieser Export ist nicht öffentlich: bitte --user BENUTZERNAME angeben.",
        ),
        (
            ["indicator-ranking", "--municipality", "teststadt", "--format", "csv", "--out", "x"],
            "Es fehlt der Parameter indicator.",
        ),
        (
            ["budget", "--municipality", "teststadt", "--format", "xlsx", "--out", "x",
             "--user", "niemand"],
            "Einen aktiven Benutzer „niemand“ gibt es nicht.",
        ),
    ],
)  # fmt: skip
def test_errors_are_german_and_exit_1(municipality, capsys, args, message):
    with pytest.raises(SystemExit) as exit_info:
        main(["export", *args])
    assert exit_info.value.code == 1
    assert message in capsys.readouterr().err


def test_internal_export_without_user_writes_nothing(municipality, tmp_path, capsys):
    """Without --user the command reads as the public: internal data stays inside."""
    out = tmp_path / "haushalt.xlsx"
    with pytest.raises(SystemExit):
        main(["export", "budget", "--municipality", "teststadt", "--format", "xlsx", "--out",
              str(out)])  # fmt: skip
    assert not out.exists()
    assert "bitte --user BENUTZERNAME angeben" in capsys.readouterr().err


def test_a_user_who_may_not_run_an_export_is_refused(municipality, users, tmp_path, capsys):
    out = tmp_path / "ueberfaellig.xlsx"
    with pytest.raises(SystemExit):
        main(["export", "overdue", "--municipality", "teststadt", "--format", "xlsx", "--out",
              str(out), "--user", "traeger-test"])  # fmt: skip
    assert not out.exists()
    assert "Diesen Export darf der Benutzer nicht ausführen." in capsys.readouterr().err


def test_every_exporter_is_documented():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "exporte.md").read_text("utf-8")
    missing = [e.identifier for e in exporters() if f"| `{e.identifier}` |" not in doc]
    assert missing == []
