"""The console command `sozialplanung`: listing by task, hyphenated names, docs/cli.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import load_command_class

from sozialplanung.cli import main
from sozialplanung.cli.docs import render
from sozialplanung.cli.listing import product_help
from sozialplanung.cli.tasks import TASKS, command_name, grouped, product_commands, unassigned

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "cli.md"
DJANGO_INTERNALS = ["startproject", "sqlflush", "flush", "migrate", "createsuperuser"]


def run(capsys, *args: str) -> tuple[int, str, str]:
    """Run `sozialplanung ARGS` in-process: exit status, stdout, stderr."""
    try:
        main(list(args))
        status = 0
    except SystemExit as exc:
        status = int(exc.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def listed(text: str) -> list[str]:
    """The command names of a task listing (indented name, then its summary)."""
    return re.findall(r"^  (\S+)  ", text, flags=re.MULTILINE)


def test_every_product_command_has_a_task():
    assert product_commands(), "no product commands found"
    assert unassigned() == [], "add these commands to TASKS in sozialplanung/cli/tasks.py"


def test_the_table_is_about_hyphenated_names_once_each():
    names = [name for names in TASKS.values() for name in names]
    assert len(names) == len(set(names))
    assert all("_" not in name for name in names)
    assert "export" in TASKS["Export"]


def test_help_lists_the_product_commands_by_task_and_no_django_internals(capsys):
    for args in (["--help"], ["help"], []):
        status, out, _ = run(capsys, *args)
        assert status == 0
        assert out.rstrip("\n") == product_help()
    assert listed(out) == [name for commands in grouped().values() for name in commands]
    assert sorted(listed(out)) == sorted(product_commands())
    assert [line[:-1] for line in out.splitlines() if line.endswith(":")] == list(grouped())
    assert not set(DJANGO_INTERNALS) & set(listed(out))
    assert "sozialplanung help --django" in out
    assert all(len(line) <= 100 for line in out.splitlines()), "one short line per command"


def test_each_command_has_a_german_help_text():
    for name, app in product_commands().items():
        assert load_command_class(app, command_name(name)).help.strip(), name


def test_django_commands_stay_reachable_but_apart(capsys):
    status, out, _ = run(capsys, "help", "--django")
    assert status == 0
    names = {line.strip() for line in out.splitlines() if line.startswith("    ")}
    assert {"migrate", "createsuperuser", "runserver", "collectstatic"} <= names
    assert not names & {command_name(name) for name in product_commands()}
    status, out, _ = run(capsys, "help", "migrate")
    assert status == 0 and out.startswith("usage: sozialplanung migrate")


@pytest.mark.parametrize(
    "args", [["help", "import-areas"], ["import-areas", "--help"], ["help", "import_areas"]]
)
def test_hyphenated_names_work_for_help(capsys, args):
    status, out, _ = run(capsys, *args)
    assert status == 0
    assert out.startswith(f"usage: sozialplanung {args[0] if args[0] != 'help' else args[1]} ")
    assert "--code-field SPALTE" in out


def test_hyphenated_names_run_the_command(capsys, tmp_path):
    status, _, err = run(capsys, "intake-eval", str(tmp_path / "fehlt"))
    assert status == 1
    assert "Den Ordner" in err and "gibt es nicht" in err


def test_an_unknown_command_is_answered_in_german_with_a_suggestion(capsys):
    status, _, err = run(capsys, "import-area")
    assert status == 1
    assert "Unbekannter Befehl: „import-area“. Meinten Sie import-areas?" in err
    assert "sozialplanung --help" in err


def test_docs_cli_md_is_up_to_date_and_shows_the_listing():
    doc = DOC.read_text(encoding="utf-8")
    assert doc == render(), (
        "docs/cli.md is stale: uv run python -m sozialplanung.cli.docs > docs/cli.md"
    )
    assert f"```text\n{product_help()}\n```" in doc
    assert re.findall(r"^## (?!Übersicht)(.+)$", doc, flags=re.MULTILINE) == list(grouped())
    assert re.findall(r"^### `sozialplanung (\S+)`$", doc, flags=re.MULTILINE) == listed(
        product_help()
    )
