"""Recomputing a scenario against computing today's analysis, Dresden.

Setup: a fresh test database (SQLite by default; PostgreSQL under
``scripts/with-postgres.sh``) with Dresden's areas and indicators, the demo offers and
parameters, and the demo scenario "Neubaugebiet Leuben-Süd, 400 Wohnungen" (all
through the demo's own loaders).

Measured, in the same run, as the planning unit, for all Stadtteile and all offer
categories with parameters (one analysis per category, all levels computed):

- baseline: the gap analysis of today's data (``needs.compute._analyse``, the work the
  cache ``core.computed`` saves on a second view),
- scenario: reading the scenario (``Scenario.variation``) plus the same analyses with it.

Wall-clock seconds, median of ``RUNS`` runs each (alternating, so that load on the
shared machine hits both alike); the load average is printed before and after.

Run: uv run python bench/scenario.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import django

RUNS = 7


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sozialplanung.settings")
    os.environ.setdefault("SOZIALPLANUNG_DATA_DIR", tempfile.mkdtemp(prefix="bench-scenario-"))
    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    from sozialplanung.areas.models import Area, AreaLevel
    from sozialplanung.core.models import User
    from sozialplanung.demo import loader, needs, offers, scenario
    from sozialplanung.needs.compute import _analyse, parameterised_categories
    from sozialplanung.needs.models import Scenario

    print("load average at start (1, 5, 15 min): " + load_average())
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        print(f"database: {connection.vendor}")
        quiet = lambda line: None  # noqa: E731
        dresden = loader.load_dresden(settings.OPEN_DATA_DIR / "dresden", quiet)
        loader.create_demo_logins(quiet)
        offers.load(quiet)
        needs.load(quiet)
        scenario.load(quiet)
        planner = User.objects.get(username="planung")
        found = Scenario.objects.get(municipality=dresden, name=scenario.NAME)
        categories = parameterised_categories(dresden)
        level = AreaLevel.objects.get(municipality=dresden, slug="stadtteil")
        stadtteile = Area.objects.filter(level=level).count()
        print(
            f"{stadtteile} Stadtteile, {len(categories)} categories "
            f"({', '.join(c.slug for c in categories)}), scenario „{found.name}“"
        )

        def baseline() -> None:
            for category in categories:
                _analyse(dresden, category, planner, level)

        def varied() -> None:
            variation = found.variation()
            for category in categories:
                _analyse(dresden, category, planner, level, variation)

        baseline()  # warm-up: imports, the area locator, first queries
        varied()
        times: dict[str, list[float]] = {"baseline": [], "scenario": []}
        for _run in range(RUNS):
            for name, work in (("baseline", baseline), ("scenario", varied)):
                start = time.perf_counter()
                work()
                times[name].append(time.perf_counter() - start)
        base, scen = (statistics.median(times[k]) for k in ("baseline", "scenario"))
        for name, values in times.items():
            print(
                f"{name:9}: median {statistics.median(values):.3f} s "
                f"(min {min(values):.3f}, max {max(values):.3f}, {RUNS} runs)"
            )
        print(f"scenario / baseline: {scen / base:.2f}")
        print("load average at end (1, 5, 15 min): " + load_average())
    finally:
        teardown_databases(old_config, verbosity=0)


def load_average() -> str:
    return ", ".join(f"{v:.1f}" for v in os.getloadavg())


if __name__ == "__main__":
    main()
