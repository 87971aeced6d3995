"""Indicator import: rows per second and peak memory for a long file of 100,000 rows.

Setup: a fresh test database (SQLite by default; PostgreSQL under
``scripts/with-postgres.sh``), migrated; "Benchstadt" with 500 Stadtteile in 50
Stadtbezirke and the city (derived), 20 count indicators. The file is CSV in the long
layout as offices export it: ``Stadtteil;Jahr;Merkmal;Wert``, 500 areas × 20 indicators
× 10 years = 100,000 rows, German decimal commas, plus 1,000 rows of a label the
mapping does not take (reported as skipped).

Ours: ``areas.importers.import_indicators`` as the web import and the command call it
(check every row, store in one transaction, one audit entry per indicator, roll-ups to
Stadtbezirke and city once), timed three times: (1) every value new, (2) the same file
again with every value changed, (3) the same file once more (nothing changes).
Baseline in the same run: ``csv.reader`` + dictionary lookups + ``float`` +
``IndicatorValue.objects.bulk_create`` in batches of 1,000 into empty indicators: the
lower bound of a Django import without checks, audit or roll-ups.
Peak memory: ``tracemalloc`` over a fourth import of the changed file (tracemalloc
slows Python down, so that run is not timed).

Times are wall and CPU seconds of this process (SQLite runs in it; the machine is shared,
the load average is printed first and last; with 2 cores and a load of 5 the wall time
is about 2.5 times the CPU time, so CPU rows/s is the figure to compare). On PostgreSQL
the server does part of the work in its own process: the CPU seconds of the
connection's server process (``/proc/<pid>/stat`` of ``pg_backend_pid()``, when the
server runs on this machine) are printed too, and rows/s for both together.

Where an import's time goes (SQLite, (1), load 5, CPU): reading the CSV 0.18 s,
checking and resolving the rows 0.35 s, storing the values 0.7 s (of which the upserts
0.5 s: the table then had four indexes), roll-ups 0.4 s (reading all values back 0.2 s),
one audit entry per indicator 0.1 s. Before this: 2.9 s; half of the reading was the
cycle collector walking the rows, a third of the upserts Django rewriting placeholders.

On PostgreSQL the server does a share of the work that this process cannot take over:
a new value is a row version and an entry in each of the table's indexes, and at the
commit PostgreSQL checks both foreign keys of every new row (Django declares them
deferred; checked with each statement instead the upserts took longer than both
together). What was done about it in issue 17:

* the table had six indexes: the primary key, the unique index (indicator, area,
  period, variant), and separate ones for indicator, area and period (two for period:
  PostgreSQL adds one for ``LIKE``). Every query of values names the indicator, so the
  unique index serves it; the indexes of indicator and period are gone (migration 0007).
  Upserts of 100,000 new values: 1.56 → 0.95 s of server time;
* changed values are written by ``UPDATE … FROM unnest`` into the free half of their
  page (fillfactor 50, migration 0008), without new index entries: 2.6 → 0.6 s of server
  time for 100,000 changed values. The update names the indicators, so that the planner
  reads their rows through the unique index instead of hashing the whole table once per
  indicator (1.6 s).

New values go to PostgreSQL by ``COPY`` (``value_rows.insert_values``) instead of the
upsert: 0.5 s of server time for the statements instead of 1.0 s (the same change on a
copy of the table, three rounds each: 0.50–0.68 s against 0.84–1.26 s).

Measured 4 Dec 2026 (load average 0.6–1.2), wall time, (1) new, (2) changed,
(3) unchanged; the machine's speed varies by a third from run to run within minutes:

* SQLite: 65,345 / 72,339 / 117,981 rows/s (baseline bulk_create 31,285); the day before
  83,434 / 66,372 / 92,557;
* PostgreSQL, three runs: (1) 41,690 / 42,936 / 31,177, (2) 54,533 / 57,534 / 36,674,
  (3) 118,986 / 118,301 / 96,768 rows/s; this process alone 83,000–118,000 rows/s CPU in
  (1), the server 1.5–2.0 s CPU;
* PostgreSQL (1) before and after ``COPY``, alternating, three rounds: 29,146 / 27,621 /
  27,730 against 30,287 / 28,877 / 28,208 rows/s (a slow quarter of an hour).

The goal of 50,000 rows/s is reached on SQLite, and on PostgreSQL for unchanged values
and, except in the slow run, for changed ones; not for a file of new values. What stands in the way there is the server's work per new row, 1.5–2.0 s for the file:
``COPY`` 0.5 s, the check of both foreign keys of every row at the commit 0.7–0.8 s
(Django declares them deferred; checked with each statement instead the upserts took
longer than both together), 20 audit entries with every value 0.2–0.3 s, roll-ups
0.1–0.2 s. The import's own process needs 0.9–1.2 s before, between and after.
Overlapping the two (writing rows from a second thread while the file is still being
read, in the same transaction) would at best bring the wall time down to the server's
1.5–2.0 s: measured on a copy of the table, rows streamed from a thread while the main
thread worked took 1.32–1.66 s against 1.58–1.67 s one after the other. Without the
database checking the foreign keys of values (the two constraints dropped on the bench's
table, alternating runs, other work on the machine) (1) took 57,041 / 45,191 / 37,757
against 35,564 / 30,510 / 33,751 rows/s: even then not reliably above 50,000, and the
checks keep every value from pointing at a deleted area, so they stay.

Run: uv run python bench/imports.py   (seeded; numbers vary with the machine)
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import django

AREAS, INDICATORS, YEARS = 500, 20, 10


def write_file(path: Path, seed: int) -> int:
    rng = random.Random(seed)
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, delimiter=";")
        out.writerow(["Stadtteil", "Jahr", "Merkmal", "Wert"])
        for year in range(2015, 2015 + YEARS):
            for area in range(AREAS):
                for k in range(INDICATORS):
                    value = f"{rng.randint(0, 99_999)},{rng.randint(0, 9)}"
                    out.writerow([f"{area + 1000}", year, f"Merkmal {k}", value])
                    rows += 1
                if area < 100:
                    out.writerow([f"{area + 1000}", year, "Nicht übernommen", "1"])
                    rows += 1
    return rows


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sozialplanung.settings")
    work = Path(tempfile.mkdtemp(prefix="bench-imports-"))
    os.environ.setdefault("SOZIALPLANUNG_DATA_DIR", str(work))
    django.setup()
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases
    from shapely.geometry import box

    from sozialplanung.areas import actions
    from sozialplanung.areas.actions import AreaRecord
    from sozialplanung.areas.importers import IndicatorMapping, import_indicators
    from sozialplanung.areas.models import Indicator, IndicatorValue
    from sozialplanung.core.actions import create_municipality
    from sozialplanung.core.audit import Process

    print("load average at start (1, 5, 15 min): " + ", ".join(f"{v:.1f}" for v in os.getloadavg()))
    actor = Process("Benchmark")
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        print(f"database: {connection.vendor}")
        city = create_municipality("benchstadt", "Benchstadt", acting_user=actor)
        level = {
            slug: actions.define_level(city, slug, name, depth, acting_user=actor)
            for slug, name, depth in (
                ("stadt", "Stadt", 0),
                ("stadtbezirk", "Stadtbezirk", 1),
                ("stadtteil", "Stadtteil", 2),
            )
        }
        # Codes 1000–1499; the first three digits are the Stadtbezirk (100–149).
        records = [
            AreaRecord(
                code=f"{a + 1000}",
                name=f"Stadtteil {a}",
                geometry=box(
                    13.0 + (a % 25) * 0.01,
                    51.0 + (a // 25) * 0.01,
                    13.01 + (a % 25) * 0.01,
                    51.01 + (a // 25) * 0.01,
                ),
            )
            for a in range(AREAS)
        ]
        valid = dt.date(2015, 1, 1)
        actions.save_areas(level["stadtteil"], records, valid_from=valid, acting_user=actor)
        actions.derive_parent_areas(
            level["stadtteil"],
            level["stadtbezirk"],
            prefix_length=3,
            names={f"{p}": f"Bezirk {p}" for p in range(100, 150)},
            valid_from=valid,
            acting_user=actor,
        )
        actions.derive_parent_areas(
            level["stadtbezirk"],
            level["stadt"],
            prefix_length=0,
            single_code="0",
            names={"0": "Benchstadt"},
            valid_from=valid,
            acting_user=actor,
        )
        for k in range(INDICATORS):
            actions.define_indicator(city, f"merkmal-{k}", name=f"Merkmal {k}", acting_user=actor)
        mapping = IndicatorMapping.from_json(
            {
                "layout": "long",
                "area_column": "Stadtteil",
                "area_level": "stadtteil",
                "period_column": "Jahr",
                "indicator_column": "Merkmal",
                "value_column": "Wert",
                "indicators": {f"Merkmal {k}": f"merkmal-{k}" for k in range(INDICATORS)},
            }
        )
        first, changed = work / "kennzahlen-1.csv", work / "kennzahlen-2.csv"
        rows = write_file(first, 1)
        write_file(changed, 2)
        print(
            f"file: {rows:,} rows ({first.stat().st_size / 2**20:.1f} MiB), long layout, {INDICATORS} indicators"
        )

        def timed(label: str, path: Path) -> None:
            server = server_cpu()
            start, cpu = time.perf_counter(), time.process_time()
            result = import_indicators(path, municipality=city, mapping=mapping, acting_user=actor)
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
            c = result.count
            print(f"    {label:<38} {speed(seconds, cpu)}")
            if server is not None:
                server = server_cpu() - server  # type: ignore[operator]
                print(
                    f"        server process {server:6.2f} s CPU; this process and the server"
                    f" together {cpu + server:6.2f} s CPU {rows / (cpu + server):9,.0f} rows/s"
                )
            print(f"        new {c.created:,}, changed {c.updated:,}, unchanged {c.unchanged:,}")

        def speed(seconds: float, cpu: float) -> str:
            return (
                f"{seconds:6.2f} s wall {rows / seconds:9,.0f} rows/s,"
                f" {cpu:6.2f} s CPU {rows / cpu:9,.0f} rows/s"
            )

        print("ours: import_indicators")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                backend = Path(f"/proc/{cursor.fetchone()[0]}/stat")

        def server_cpu() -> float | None:
            """User and system CPU seconds of the server process (None: not measurable)."""
            if connection.vendor != "postgresql" or not backend.exists():
                return None
            fields = backend.read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

        timed("(1) every value new", first)
        timed("(2) same file, every value changed", changed)
        timed("(3) same file again, nothing changes", changed)
        tracemalloc.start()
        import_indicators(first, municipality=city, mapping=mapping, acting_user=actor)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"    peak memory of one import (tracemalloc): {peak / 2**20:.0f} MiB")

        # Baseline: the same file into fresh indicators, no checks, audit or roll-ups.
        fresh = {
            f"Merkmal {k}": Indicator.objects.create(
                municipality=city, slug=f"roh-{k}", name=f"Roh {k}"
            )
            for k in range(INDICATORS)
        }
        area_ids = dict(level["stadtteil"].areas.values_list("code", "id"))
        start, cpu = time.perf_counter(), time.process_time()
        with first.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle, delimiter=";")
            next(reader)
            batch = [
                IndicatorValue(
                    indicator=fresh[label],
                    area_id=area_ids[code],
                    period=year,
                    value=float(value.replace(",", ".")),
                )
                for code, year, label, value in reader
                if label in fresh
            ]
        IndicatorValue.objects.bulk_create(batch, batch_size=1000)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        print(
            "baseline: csv.reader + dict lookups + float + bulk_create (no checks, audit, roll-ups)"
        )
        print(f"    {'every value new':<38} {speed(seconds, cpu)}")
        print(f"load average at the end: {', '.join(f'{v:.1f}' for v in os.getloadavg())}")
    finally:
        teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main()
