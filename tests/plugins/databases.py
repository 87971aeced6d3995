"""Tests that touch no database run once, not once per database.

pytest-django refuses database access to a test that requests no database fixture, so
a test without one cannot touch the database: it gets the marker ``nodb`` here, and the
PostgreSQL run (``make test-postgres``) leaves those tests out with ``-m "not nodb"``.
The summary line of every run counts both kinds, so that the two runs can be compared:
the PostgreSQL run must show as many database tests as the SQLite run.
"""

from __future__ import annotations

import pytest
from django.conf import settings

#: Fixtures that give a test the database (directly or for a live server thread).
#: Not ``django_db_blocker``: every test has it; fixtures that unblock it take
#: ``django_db_setup`` for the test database.
DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "django_db_setup",
    "live_server",
}
MARKER = "nodb"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"{MARKER}: requests no database (set automatically; runs once, on SQLite)"
    )


def touches_database(item: pytest.Item) -> bool:
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(fixtures & DATABASE_FIXTURES) or item.get_closest_marker("django_db") is not None


@pytest.hookimpl(tryfirst=True)  # before pytest's own -m selection
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if not touches_database(item):
            item.add_marker(MARKER)


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    ran: dict[str, bool] = {}
    for outcome in ("passed", "failed", "error", "skipped", "xfailed", "xpassed"):
        for report in terminalreporter.stats.get(outcome, []):
            if getattr(report, "nodeid", ""):
                ran[report.nodeid] = MARKER in getattr(report, "keywords", {})
    without = sum(ran.values())
    engine = settings.DATABASES["default"]["ENGINE"].rpartition(".")[2]
    terminalreporter.write_line(
        f"Tests mit Datenbank ({engine}): {len(ran) - without}, ohne Datenbank: {without}"
    )
