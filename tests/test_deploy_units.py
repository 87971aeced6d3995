"""The systemd units in deploy/systemd/ start commands that exist, with options they take."""

from __future__ import annotations

import configparser
import shlex
from pathlib import Path

import pytest
from django.core.management import load_command_class

from sozialplanung.cli.tasks import command_name, product_commands

UNITS = Path(__file__).resolve().parents[1] / "deploy" / "systemd"


def unit(name: str) -> configparser.RawConfigParser:
    parser = configparser.RawConfigParser(strict=False)  # ExecStart may repeat
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string((UNITS / name).read_text(encoding="utf-8"))
    return parser


def exec_lines(name: str) -> list[list[str]]:
    text = (UNITS / name).read_text(encoding="utf-8")
    return [
        shlex.split(line.partition("=")[2])
        for line in text.splitlines()
        if line.startswith("ExecStart=")
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("sozialplanung-worker.service", [["worker"]]),
        (
            "sozialplanung-reminders.service",
            [["send-reminders", "--queue"], ["send-stale-reminders", "--queue"]],
        ),
        ("sozialplanung-oparl-sync.service", [["oparl-sync-due"]]),
    ],
)
def test_services_run_product_commands_with_valid_options(name, expected):
    commands = product_commands()
    found = []
    for program, *args in exec_lines(name):
        assert program.endswith("/sozialplanung")
        command, options = args[0], args[1:]
        assert command in commands, f"{name}: unknown command {command}"
        load_command_class(commands[command], command_name(command)).create_parser(
            "sozialplanung", command
        ).parse_args(options)  # exits on an unknown option
        found.append(args)
    assert found == expected


def test_timer_starts_the_reminder_service_daily_and_catches_up():
    timer = unit("sozialplanung-reminders.timer")
    assert timer.get("Timer", "OnCalendar").startswith("*-*-* ")
    assert timer.get("Timer", "Persistent") == "true"
    assert (UNITS / "sozialplanung-reminders.service").exists()  # the timer's default unit
    assert unit("sozialplanung-reminders.service").get("Service", "Type") == "oneshot"
