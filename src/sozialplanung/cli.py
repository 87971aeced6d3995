"""The ``sozialplanung`` console command: Django's management underneath.

``sozialplanung import-areas …`` runs the management command ``import_areas``; the
commands themselves are a few lines each and call the apps' importers and actions.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sozialplanung.settings")
    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["sozialplanung", *args])


if __name__ == "__main__":
    main()
