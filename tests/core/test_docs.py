"""Documentation that cannot drift from the code."""

from pathlib import Path

from sozialplanung.core.cli_docs import project_commands, render

ROOT = Path(__file__).resolve().parents[2]


def test_cli_reference_is_up_to_date():
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == render(), (
        "docs/cli.md is stale: uv run python -m sozialplanung.core.cli_docs > docs/cli.md"
    )


def test_every_command_has_a_german_help_text():
    from django.core.management import load_command_class

    for name, app in project_commands().items():
        assert load_command_class(app, name).help.strip(), name


def test_readme_shows_the_two_commands_and_the_map():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme
    assert (ROOT / "docs" / "screenshots" / "karte-dresden.png").exists()
