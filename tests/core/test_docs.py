"""Documentation that cannot drift from the code (docs/cli.md: tests/test_cli.py)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_readme_shows_the_two_commands_and_the_map():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme
    assert (ROOT / "docs" / "screenshots" / "karte-dresden.png").exists()
