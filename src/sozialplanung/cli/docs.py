"""docs/cli.md is generated from ``sozialplanung --help`` and the commands' own --help.

Regenerate with ``uv run python -m sozialplanung.cli.docs > docs/cli.md``; a test fails
when the file is out of date, so the listing, its grouping and the reference cannot drift.
"""

from __future__ import annotations

import contextlib
import io
import os

from django.core.management import load_command_class

from sozialplanung.cli.listing import PROG, product_help
from sozialplanung.cli.tasks import command_name, grouped

HEADER = """# Kommandozeile `sozialplanung`

Alle Befehle laufen als `sozialplanung BEFEHL …` (oder `uv run sozialplanung …` im
Repository). Bindestriche und Unterstriche im Befehlsnamen sind gleichwertig:
`import-areas` = `import_areas`, auch in `sozialplanung help import-areas`. Djangos
eigene Befehle (`migrate`, `runserver`, `createsuperuser`, …) laufen ebenso; sie
listet `sozialplanung help --django`.

Diese Datei wird aus der Hilfe der Befehle erzeugt
(`uv run python -m sozialplanung.cli.docs > docs/cli.md`).
"""


def text_block(text: str) -> str:
    return f"```text\n{text.rstrip()}\n```\n"


def command_help(name: str, app: str) -> str:
    parser = load_command_class(app, command_name(name)).create_parser(PROG, name)
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        parser.print_help()
    return buffer.getvalue()


def render() -> str:
    os.environ["COLUMNS"] = "88"  # argparse wraps to the terminal; fix it for stable docs
    parts = [HEADER, f"\n## Übersicht (`{PROG} --help`)\n\n", text_block(product_help())]
    for task, commands in grouped().items():
        parts.append(f"\n## {task}\n")
        for name, app in commands.items():
            parts.append(f"\n### `{PROG} {name}`\n\n{text_block(command_help(name, app))}")
    return "".join(parts)


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sozialplanung.settings")
    django.setup()
    print(render(), end="")
