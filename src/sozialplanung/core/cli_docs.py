"""docs/cli.md is generated from the commands' own --help, so it cannot drift.

Regenerate with ``uv run python -m sozialplanung.core.cli_docs > docs/cli.md``;
a test fails when the file is out of date.
"""

from __future__ import annotations

import contextlib
import io
import os

from django.core.management import get_commands, load_command_class

PROJECT_APPS = ("sozialplanung.",)
HEADER = """# Kommandozeile `sozialplanung`

Alle Befehle laufen als `sozialplanung BEFEHL …` (oder `uv run sozialplanung …` im
Repository). Bindestriche und Unterstriche im Befehlsnamen sind gleichwertig:
`import-areas` = `import_areas`. Dazu kommen Djangos eigene Befehle (`migrate`,
`runserver`, `createsuperuser`, …).

Diese Datei wird aus der Hilfe der Befehle erzeugt
(`uv run python -m sozialplanung.core.cli_docs > docs/cli.md`).
"""


def project_commands() -> dict[str, str]:
    return {
        name: app for name, app in sorted(get_commands().items()) if app.startswith(PROJECT_APPS)
    }


def render() -> str:
    os.environ["COLUMNS"] = "88"  # argparse wraps to the terminal; fix it for stable docs
    parts = [HEADER]
    for name, app in project_commands().items():
        command = load_command_class(app, name)
        parser = command.create_parser("sozialplanung", name)
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            parser.print_help()
        cli_name = name.replace("_", "-")
        parts.append(
            f"\n## `sozialplanung {cli_name}`\n\n```text\n{buffer.getvalue().rstrip()}\n```\n"
        )
    return "".join(parts)


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sozialplanung.settings")
    django.setup()
    print(render(), end="")
