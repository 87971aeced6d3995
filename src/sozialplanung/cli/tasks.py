"""Which task each product command serves: the grouping of ``sozialplanung --help``.

Commands are grouped by their command name, not by the app that holds them, so a
command that moves to another app (``demo``) or arrives from a new one (``export``)
keeps its place. A test fails when a product command is missing from ``TASKS``.
"""

from __future__ import annotations

from django.core.management import get_commands, load_command_class

#: Commands from these packages are the product's; everything else is Django's or a library's.
PRODUCT_PACKAGE = "sozialplanung."

#: The tasks in the order ``sozialplanung --help`` shows them, each with its commands.
#: A name not (yet) installed is left out of the listing (``export`` comes with reports).
TASKS: dict[str, tuple[str, ...]] = {
    "Einrichtung": ("create-municipality", "define-level", "derive-areas"),
    "Import": (
        "import-areas",
        "import-indicators",
        "import-offers",
        "import-hsds",
        "import-addresses",
    ),
    "Export": ("export", "export-hsds"),
    "Gremien und Beschlusskontrolle": (
        "oparl-import",
        "oparl-sync-due",
        "intake",
        "intake-bulk",
        "intake-eval",
        "status-letter",
    ),
    "Erinnerungen": ("send-reminders", "send-stale-reminders"),
    "Demo": ("demo",),
    "Betrieb": ("backup", "restore", "worker"),
}

#: Where a product command missing from TASKS is shown, so that it is never hidden.
UNSORTED = "Weitere"


def cli_name(command: str) -> str:
    """The name operators type: ``import_areas`` -> ``import-areas``."""
    return command.replace("_", "-")


def command_name(name: str) -> str:
    """The management command behind a typed name: ``import-areas`` -> ``import_areas``."""
    return name.replace("-", "_")


def product_commands() -> dict[str, str]:
    """The product's commands, hyphenated name -> app, sorted by name."""
    return {
        cli_name(name): app
        for name, app in sorted(get_commands().items())
        if isinstance(app, str) and app.startswith(PRODUCT_PACKAGE)
    }


def unassigned() -> list[str]:
    """Product commands that no task lists."""
    listed = {name for names in TASKS.values() for name in names}
    return [name for name in product_commands() if name not in listed]


def grouped() -> dict[str, dict[str, str]]:
    """Task -> {hyphenated command name -> app} of the installed product commands."""
    installed = product_commands()
    groups = {
        task: {name: installed[name] for name in names if name in installed}
        for task, names in TASKS.items()
    }
    groups[UNSORTED] = {name: installed[name] for name in unassigned()}
    return {task: commands for task, commands in groups.items() if commands}


def summary(help_text: str) -> str:
    """The first clause of a command's help, without remarks in brackets: one line.

    The help texts open with what the command does ("Eine Kommune anlegen …: …",
    "Angebote aus einer Datei einlesen (Spalten: …). …"); the clause ends at the first
    ``.``, ``:``, ``;`` or ``,`` outside brackets that is followed by a space or the end,
    or at a dash between spaces.
    """
    kept: list[str] = []
    depth = 0
    for i, char in enumerate(help_text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and char in ".:;," and help_text[i + 1 : i + 2] in ("", " "):
            break
        if depth == 0 and help_text[i : i + 3] == " – ":
            break
        if depth == 0 and char != ")":
            kept.append(char)
    return " ".join("".join(kept).split())


def command_summary(name: str, app: str) -> str:
    return summary(str(load_command_class(app, command_name(name)).help))
