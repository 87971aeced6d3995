"""A copy of the loaded demo's rows, so that one test process loads the demo only once.

Loading both cities runs every importer and analysis of the demo and takes about half a
minute. The shared ``full_demo`` (demo_once.py) and the browser tests' ``live_demo``
(committed, for the live server's thread) need the same rows, so the first of them loads
the demo through the `demo` command and copies every table; later ones put the copy back
in one transaction: PostgreSQL through COPY, SQLite through executemany. Sequences are
moved past the copied ids, so rows a test creates get fresh ones.

Under pytest-xdist the workers of a run share one load: the first worker that needs the
demo loads it and writes its copy into the run's temporary folder (``SHARED_FOLDER``,
set by demo_once.py), holding a lock meanwhile; the others wait for the lock and read
the copy. Every worker's test database comes from the same migrations, so the copy fits
each of them (the demo stores no files under MEDIA_ROOT, which is per worker).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import io
import pickle
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.core.cache import caches
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction


@dataclass(frozen=True)
class Table:
    name: str
    columns: list[str]
    rows: bytes | list[tuple]  # COPY text on PostgreSQL, rows on SQLite


@dataclass(frozen=True)
class DemoCopy:
    lines: list[str]  # what the `demo` command printed
    tables: list[Table]


_copy: list[DemoCopy] = []  # this process's copy, once taken
#: The run's temporary folder shared by its xdist workers (None: not under xdist).
SHARED_FOLDER: list[Path] = []


def _tables() -> list[str]:
    # Every model's table, the implicit many-to-many tables included; not Django's own
    # record of applied migrations, which the copy must not touch.
    return sorted(connection.introspection.django_table_names(only_existing=True))


def _take(lines: list[str]) -> DemoCopy:
    quote = connection.ops.quote_name
    tables = []
    with connection.cursor() as cursor:
        for name in _tables():
            cursor.execute(f"SELECT * FROM {quote(name)} WHERE 1 = 0")
            columns = [column[0] for column in cursor.description]
            if connection.vendor == "postgresql":
                buffer = io.BytesIO()
                with cursor.cursor.copy(f"COPY {quote(name)} TO STDOUT") as copy:
                    for chunk in copy:
                        buffer.write(chunk)
                tables.append(Table(name, columns, buffer.getvalue()))
            else:
                cursor.execute(f"SELECT * FROM {quote(name)}")
                rows = [tuple(map(_stored, row)) for row in cursor.fetchall()]
                tables.append(Table(name, columns, rows))
    return DemoCopy(lines, tables)


def _stored(value: object) -> object:
    # Django's SQLite connection turns stored dates, times and decimals into Python
    # objects when reading; it stores them as their str() (naive UTC for datetimes).
    if isinstance(value, dt.date | dt.time | Decimal):
        return str(value)
    return value


def _put_back(demo: DemoCopy) -> None:
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        # Foreign keys are checked at commit (Django creates them deferrable), so the
        # order of tables does not matter; what a flush left (content types) goes first.
        for table in demo.tables:
            cursor.execute(f"DELETE FROM {quote(table.name)}")
        for table in demo.tables:
            columns = ", ".join(quote(column) for column in table.columns)
            if connection.vendor == "postgresql":
                assert isinstance(table.rows, bytes)
                with cursor.cursor.copy(f"COPY {quote(table.name)} ({columns}) FROM STDIN") as copy:
                    copy.write(table.rows)
            elif table.rows:
                marks = ", ".join("?" for _ in table.columns)
                cursor.cursor.executemany(
                    f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({marks})", table.rows
                )
        models = apps.get_models(include_auto_created=True)
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
    # What the process remembers of the rows it had before: content types and cached pages.
    apps.get_model("contenttypes", "ContentType").objects.clear_cache()
    for cache in caches.all():
        cache.clear()


def load_demo() -> list[str]:
    """The demo in the database (inside the caller's transaction, if any); its output lines."""
    if _copy:
        _put_back(_copy[0])
    elif not SHARED_FOLDER:
        _copy.append(_load_and_take())
    else:
        _copy.append(_shared_copy())
    return _copy[0].lines


def _load_and_take() -> DemoCopy:
    """The demo loaded through the `demo` command (its rows stay), and their copy."""
    output = io.StringIO()
    call_command("demo", stdout=output)
    return _take(output.getvalue().splitlines())


def _shared_copy() -> DemoCopy:
    """The run's copy for this database engine, its rows in the database: loaded and
    written by the first worker to get here, put back by the others (who wait for it
    instead of loading the demo themselves)."""
    path = SHARED_FOLDER[0] / f"demo-copy-{connection.vendor}.pickle"
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if path.exists():
            copy: DemoCopy = pickle.loads(path.read_bytes())
            _put_back(copy)
            return copy
        copy = _load_and_take()
        written = path.with_suffix(".part")
        written.write_bytes(pickle.dumps(copy, protocol=pickle.HIGHEST_PROTOCOL))
        written.rename(path)
        return copy
