"""The two command listings: the product's by task, and Django's own on request."""

from __future__ import annotations

from collections import defaultdict

from django.core.management import get_commands

from sozialplanung.cli.tasks import PRODUCT_PACKAGE, command_summary, grouped

PROG = "sozialplanung"


def product_help() -> str:
    """What ``sozialplanung --help`` prints: the product's commands by task, one line each."""
    groups = grouped()
    width = max(len(name) for commands in groups.values() for name in commands) + 2
    lines = [
        f"Aufruf: {PROG} BEFEHL [OPTIONEN]",
        f"Hilfe zu einem Befehl: {PROG} help BEFEHL oder {PROG} BEFEHL --help",
    ]
    for task, commands in groups.items():
        lines += ["", f"{task}:"]
        lines += [
            f"  {name.ljust(width)}{command_summary(name, app)}" for name, app in commands.items()
        ]
    lines += [
        "",
        "Djangos eigene Befehle (migrate, createsuperuser, runserver, collectstatic, …)",
        f"laufen ebenso; sie listet {PROG} help --django.",
    ]
    return "\n".join(lines)


def django_help() -> str:
    """What ``sozialplanung help --django`` prints: the commands of Django and libraries."""
    by_app: defaultdict[str, list[str]] = defaultdict(list)
    for name, app in get_commands().items():
        if isinstance(app, str) and not app.startswith(PRODUCT_PACKAGE):
            by_app["django" if app == "django.core" else app.rpartition(".")[2]].append(name)
    lines = [f"Djangos eigene Befehle (Hilfe zu einem Befehl: {PROG} help BEFEHL):"]
    for app in sorted(by_app):
        lines += ["", f"[{app}]", *(f"    {name}" for name in sorted(by_app[app]))]
    return "\n".join(lines)
