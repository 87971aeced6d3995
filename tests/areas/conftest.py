"""Fixtures for the importer tests: real open data, loaded once per module.

Importing all of Dresden takes seconds, so modules that only read the result load it
once inside a transaction that is rolled back when the module ends; each test still
runs in its own nested transaction (the ``db`` fixture), so tests stay independent.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import transaction

from sozialplanung.areas.importers import IndicatorMapping
from sozialplanung.areas.models import IndicatorValue
from sozialplanung.demo.loader import DEMO_DIR

DATA = Path(settings.DEMO_DATA_DIR)  # holds leipzig/, which the repository may not carry
DRESDEN = Path(settings.OPEN_DATA_DIR) / "dresden"
LEIPZIG = DATA / "leipzig"


@contextmanager
def rolled_back(django_db_blocker) -> Iterator[None]:
    """Database access for a module-scoped fixture; everything is undone at the end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def demo_mapping(name: str) -> IndicatorMapping:
    return IndicatorMapping.from_file(DEMO_DIR / name)


def value(municipality: str, indicator: str, level: str, code: str, period: str) -> float | None:
    """The stored value of one indicator, area and period, or None."""
    row = IndicatorValue.objects.filter(
        indicator__municipality__slug=municipality,
        indicator__slug=indicator,
        area__level__slug=level,
        area__code=code,
        period=period,
    ).first()
    return row.value if row else None


def origin(municipality: str, indicator: str, level: str, code: str, period: str) -> str:
    return IndicatorValue.objects.get(
        indicator__municipality__slug=municipality,
        indicator__slug=indicator,
        area__level__slug=level,
        area__code=code,
        period=period,
    ).origin
