"""A real ``sozialplanung worker`` process against the test's database (SQLite file or
PostgreSQL) and upload folder, for the tests that are about the queue."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
PROGRAM = Path(sys.executable).with_name("sozialplanung")


def worker_process(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """Start ``sozialplanung worker ARGS``; stdout and stderr go to one pipe (text)."""
    database = str(connection.settings_dict["NAME"])
    if connection.vendor == "sqlite":
        database = str(Path(database).resolve())
    return subprocess.Popen(
        [str(PROGRAM), "worker", "--interval", "0.1", *args],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
            "PYTHONPATH": str(ROOT),
            "SOZIALPLANUNG_TEST_WORKER_DB": database,
            "SOZIALPLANUNG_TEST_WORKER_MEDIA": str(Path(settings.MEDIA_ROOT).resolve()),
            "SOZIALPLANUNG_TASK_BACKEND": "database",
            # Without DEBUG the start-up check refuses the published default key.
            "SOZIALPLANUNG_SECRET_KEY": secrets.token_urlsafe(50),
            **(env or {}),
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
