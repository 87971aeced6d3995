"""Indicator import of 300,000 rows: directly, and through the task queue with a worker.

A throw-away SQLite database in a temporary DATA_DIR gets a municipality with 3,000
Stadtteile; a generated CSV file (3,000 areas × 100 years, one value column, German
number format) is imported twice into two new indicators of the same shape:

- **direct**: a child process calls ``import_indicators`` (what ``sozialplanung
  import-indicators`` does) as the same planner, timed around the call;
- **queue**: this process stores the file and queues the job as the upload page does
  (``core.tasks.start_import``), then a real ``sozialplanung worker --once`` process
  runs it; timed from the task's start to its end as the queue records them, and from
  queueing to the end (worker start-up included).

Peak memory is each child's maximum resident set size (``os.wait4``), Django and the
import included. Prints rows per second and peak memory of both, and the ratios.

Run: uv run python bench/queue_import.py   (numbers vary with the machine and its load)
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AREAS, YEARS = 3_000, 100
ROWS = AREAS * YEARS
ROOT = Path(__file__).resolve().parents[1]
PROGRAM = Path(sys.executable).with_name("sozialplanung")


def mapping(slug: str) -> dict[str, object]:
    return {
        "layout": "wide",
        "area_column": "Stadtteil",
        "area_level": "stadtteil",
        "period_column": "Jahr",
        "values": [{"indicator": slug, "column": "Einwohner"}],
        "definitions": [{"slug": slug, "name": slug, "kind": "count", "unit": "Personen"}],
    }


def write_file(path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write("Stadtteil;Jahr;Einwohner\n")
        for area in range(AREAS):
            for year in range(1925, 1925 + YEARS):
                out.write(
                    f"{area:04d};{year};{(area * 37 + year) % 9000 + 1000:_}\n".replace("_", ".")
                )


def set_up() -> None:
    """Migrate the empty database, then the municipality, its level and its areas."""
    import datetime as dt

    from django.core.management import call_command
    from shapely.geometry import box

    from sozialplanung.areas import actions
    from sozialplanung.areas.actions import AreaRecord
    from sozialplanung.core.actions import create_municipality
    from sozialplanung.core.audit import Process
    from sozialplanung.core.models import User
    from sozialplanung.core.visibility import Role

    call_command("migrate", verbosity=0)
    bench = Process("Bench")
    town = create_municipality("bench", "Benchstadt", acting_user=bench)
    level = actions.define_level(town, "stadtteil", "Stadtteil", 0, acting_user=bench)
    records = [
        AreaRecord(
            code=f"{i:04d}",
            name=f"Teil {i}",
            geometry=box(
                13 + (i % 60) * 0.01,
                51 + (i // 60) * 0.01,
                13.01 + (i % 60) * 0.01,
                51.01 + (i // 60) * 0.01,
            ),
        )
        for i in range(AREAS)
    ]
    actions.save_areas(level, records, valid_from=dt.date(2020, 1, 1), acting_user=bench)
    User.objects.create_user("planung", role=Role.SOZIALPLANUNG, municipality=town)


def direct_child(path: str, slug: str) -> None:
    """Child process of the direct run: one import, its time on stdout as JSON."""
    import django

    django.setup()
    from sozialplanung.areas.importers import IndicatorMapping, import_indicators
    from sozialplanung.core.models import Municipality, User

    town = Municipality.objects.get(slug="bench")
    if slug == "-":  # the baseline: the same process without the import
        print(json.dumps({}))
        return
    started = time.perf_counter()
    result = import_indicators(
        path,
        municipality=town,
        mapping=IndicatorMapping.from_json(mapping(slug)),
        acting_user=User.objects.get(),  # the planner, as in the queued web upload
    )
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "rows": result.rows}))


def run_child(args: list[str]) -> tuple[str, int]:
    """Run a child to its end: its stdout and its peak resident memory in KiB."""
    child = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    output = child.stdout.read()
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        sys.exit(f"child {args[1:3]} failed ({child.returncode}):\n{output}")
    return output, usage.ru_maxrss  # KiB on Linux


def main() -> None:
    data = Path(tempfile.mkdtemp(prefix="bench-queue-"))
    os.environ["SOZIALPLANUNG_DATA_DIR"] = str(data)
    os.environ["SOZIALPLANUNG_TASK_BACKEND"] = "database"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sozialplanung.settings")
    import django

    django.setup()
    try:
        set_up()
        csv = data / "werte.csv"
        write_file(csv)
        print(f"{ROWS:,} Zeilen, {csv.stat().st_size / 1e6:.1f} MB, SQLite in {data}")
        measure(csv)
    finally:
        shutil.rmtree(data)


def measure(csv: Path) -> None:
    _output, direct_base = run_child([sys.executable, __file__, "direct", str(csv), "-"])
    output, direct_kib = run_child([sys.executable, __file__, "direct", str(csv), "direkt"])
    direct = json.loads(output.strip().splitlines()[-1])
    assert direct["rows"] == ROWS, direct

    # The roll-up after an import reads every value of the municipality: the queued run
    # must not find the direct run's values, or it would do more work.
    from sozialplanung.areas.models import Indicator

    Indicator.objects.filter(slug="direkt").delete()

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django_tasks_db.models import DBTaskResult

    from sozialplanung.core.imports.jobs import save_upload
    from sozialplanung.core.models import ImportJob, Municipality, User
    from sozialplanung.core.tasks import start_import

    town = Municipality.objects.get(slug="bench")
    upload = SimpleUploadedFile("werte.csv", csv.read_bytes())
    job = ImportJob.objects.create(
        municipality=town,
        user=User.objects.get(),
        kind=ImportJob.Kind.INDICATORS,
        filename="werte.csv",
    )
    _output, worker_base = run_child([str(PROGRAM), "worker", "--once", "--verbosity", "0"])
    queued = time.perf_counter()
    start_import(job, save_upload(upload), mapping=mapping("queue"))
    _output, worker_kib = run_child([str(PROGRAM), "worker", "--once", "--verbosity", "0"])
    total = time.perf_counter() - queued
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.done == ROWS, (job.status, job.message)
    task = DBTaskResult.objects.get(id=job.task_id)
    in_worker = (task.finished_at - task.started_at).total_seconds()

    rate = ROWS / direct["seconds"]
    queue_rate = ROWS / in_worker
    mib = 1024
    print(f"{'':28}{'Zeilen/s':>10}{'Sekunden':>10}{'Spitze MiB':>12}{'ohne Import':>13}")
    print(
        f"{'direkt':28}{rate:10,.0f}{direct['seconds']:10.1f}"
        f"{direct_kib / mib:12.0f}{direct_base / mib:13.0f}"
    )
    print(
        f"{'Warteschlange (im Worker)':28}{queue_rate:10,.0f}{in_worker:10.1f}"
        f"{worker_kib / mib:12.0f}{worker_base / mib:13.0f}"
    )
    print(f"{'Warteschlange (mit Start)':28}{ROWS / total:10,.0f}{total:10.1f}")
    print(
        f"Verhältnis Warteschlange/direkt: Zeilen/s {queue_rate / rate:.2f}, "
        f"Spitzenspeicher {worker_kib / direct_kib:.2f} "
        f"(über dem Grundbedarf: {(worker_kib - worker_base) / (direct_kib - direct_base):.2f})"
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["direct"]:
        direct_child(sys.argv[2], sys.argv[3])
    else:
        main()
