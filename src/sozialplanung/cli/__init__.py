"""The ``sozialplanung`` console command: Django's management underneath, for operators.

``sozialplanung --help`` lists the product's commands by task (``tasks.py``); Django's
own commands (``migrate``, ``createsuperuser``, ``runserver`` …) run as before, but only
``sozialplanung help --django`` lists them. Names take hyphens or underscores alike:
``sozialplanung import-areas``, ``sozialplanung import-areas --help`` and
``sozialplanung help import-areas`` all reach the management command ``import_areas``.
"""

from __future__ import annotations

import os
import sys
from difflib import get_close_matches

from django.core.management import ManagementUtility, get_commands
from django.core.management.base import BaseCommand

from sozialplanung.cli.listing import django_help, product_help
from sozialplanung.cli.tasks import cli_name, command_name


class Utility(ManagementUtility):
    """Django's dispatcher with hyphenated names, German errors and the task listing."""

    def fetch_command(self, subcommand: str) -> BaseCommand:
        commands = get_commands()
        name = subcommand if subcommand in commands else command_name(subcommand)
        if name not in commands:
            message = f"Unbekannter Befehl: „{subcommand}“."
            matches = get_close_matches(name, commands)
            if matches:
                message += f" Meinten Sie {cli_name(matches[0])}?"
            sys.stderr.write(f"{message}\nÜbersicht: {self.prog_name} --help\n")
            sys.exit(1)
        command: BaseCommand = super().fetch_command(name)
        return command

    def main_help_text(self, commands_only: bool = False) -> str:
        if commands_only:  # `help --commands`: every name, one a line, for shell completion
            return str(super().main_help_text(commands_only=True))
        return django_help() if "--django" in self.argv[2:] else product_help()


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sozialplanung.settings")
    Utility(["sozialplanung", *args]).execute()


if __name__ == "__main__":
    main()
