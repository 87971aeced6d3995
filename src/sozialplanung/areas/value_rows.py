"""Indicator values as plain rows: read by ``values_list``, written in batches.

An import of 100,000 values spent most of its time building and saving model instances
(``bulk_create`` prepares every field of every object, ``bulk_update`` writes one
``CASE WHEN`` per row): about 30 µs per value, three times the budget of the whole
import at 50,000 rows per second. Here a value is a tuple, and values are written by
``INSERT … ON CONFLICT (indicator, area, period, variant) DO UPDATE``, which SQLite
(3.24 and later) and PostgreSQL both understand (on PostgreSQL new values by ``COPY``
and changed ones by an ``UPDATE``, see below). Like ``bulk_create`` this sends no model
signals; nothing listens to those of ``IndicatorValue``.

How the rows travel differs (measured with 100,000 rows, CPU of the Python process):
SQLite takes ``BATCH`` rows per statement as ``VALUES (?, …), (…)`` on the driver's own
connection (0.2 s; through Django's cursor 0.6 s, a third of it Django rewriting each
``%s`` of 6,000 to ``?`` by regular expression; ``executemany`` 0.4 s); PostgreSQL gets
one array per column and unpacks them with ``unnest`` (one parameter per column instead
of one per value), each array in PostgreSQL's text form ``{1,2,3}`` written by ``join``
(0.16 s; psycopg adapting the Python lists took 0.8 s, the ``VALUES`` form 3.7 s,
``executemany`` 1.6 s). On the server, PostgreSQL checks both foreign keys of every
new row at the commit (Django makes them deferred): 0.7–0.8 s per 100,000 new rows.
Checked with each statement instead (``SET CONSTRAINTS … IMMEDIATE``) the upserts took
longer than both together (1.9 s against 1.0 + 0.7 s).

Values known to be new (not there when read in the same transaction) go to PostgreSQL
by ``COPY``, which streams rows into the table without planning a statement or looking
for conflicts: 100,000 new values 0.5 s of the server's time against 1.0 s by upsert
(``insert_values``).

Values known to exist (a re-import that changes them) are written by ``update_values``:
an ``UPDATE … FROM unnest`` writes the new value into free space of the same page
without touching an index (a "HOT" update), where the upsert added a row version and an
entry in every index (100,000 changed values: 0.6 s against 1.6 s of the server's time).
The table keeps half of each page free for that (``fillfactor``, migration 0008).

Reading is the other half: ``plain_rows`` fetches the rows of a ``values_list`` query
straight from the driver, without Django's iterator, which fetches 100 rows at a time
and passes every row through its converters (half the time of reading 100,000 values).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import QuerySet

from .models import IndicatorValue

# (indicator id, area id, period, value, origin)
ValueRow = tuple[int, int, str, float, str]

# Rows per INSERT: 6 parameters each, far below SQLite's limit of 32,766 parameters.
BATCH = 1000
# Rows per statement on PostgreSQL (six arrays): bounds the size of one message.
ARRAY_BATCH = 50_000


def upsert_values(rows: Sequence[ValueRow], variant: str = "") -> None:
    """Insert the values, or overwrite value and origin where the key exists; all of
    them observed values (``variant`` empty) or all of one forecast variant."""
    if not rows:
        return
    meta = IndicatorValue._meta
    quote = connection.ops.quote_name
    columns = [meta.get_field(name).column for name in ("indicator", "area", "period", "variant")]
    value, origin = (quote(meta.get_field(name).column) for name in ("value", "origin"))
    head = (
        f"INSERT INTO {quote(meta.db_table)} "
        f"({', '.join(quote(c) for c in columns)}, {value}, {origin}) VALUES "
    )
    tail = (
        f" ON CONFLICT ({', '.join(quote(c) for c in columns)}) DO UPDATE SET "
        f"{value} = excluded.{value}, {origin} = excluded.{origin}"
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            insert = head.removesuffix(" VALUES ") + f" SELECT * FROM unnest({_arrays()})" + tail
            for start in range(0, len(rows), ARRAY_BATCH):
                cursor.execute(insert, _columns(rows[start : start + ARRAY_BATCH], variant))
            return
        # The driver's cursor, inside the same transaction: see the module's docstring.
        raw = cursor.cursor
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            placeholders = ", ".join(["(?, ?, ?, ?, ?, ?)"] * len(batch))
            params = [p for (i, a, period, v, o) in batch for p in (i, a, period, variant, v, o)]
            sqlite3_execute(raw, head + placeholders + tail, params)


def insert_values(rows: Sequence[ValueRow], variant: str = "") -> None:
    """Write values that were not there when read (in the same transaction).

    On PostgreSQL by ``COPY`` (see the module docstring), inside a savepoint: should
    another import have written one of the values in the meantime, the unique index
    refuses the whole batch, and it is written again as an upsert. SQLite's upsert is
    as fast as its plain insert.
    """
    if connection.vendor != "postgresql" or not rows:
        upsert_values(rows, variant)
        return
    meta = IndicatorValue._meta
    quote = connection.ops.quote_name
    columns = ", ".join(
        quote(meta.get_field(name).column)
        for name in ("indicator", "area", "period", "variant", "value", "origin")
    )
    copy_sql = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"
    try:
        with (
            transaction.atomic(),
            connection.cursor() as cursor,
            connection.wrap_database_errors,
            # The driver's cursor: Django's has no COPY.
            cursor.cursor.copy(copy_sql) as copy,
        ):
            copy.write(_copy_text(rows, variant))
    except IntegrityError:
        upsert_values(rows, variant)


def update_values(rows: Sequence[ValueRow], variant: str = "") -> None:
    """Overwrite value and origin of values that exist (read in the same transaction).

    On PostgreSQL an ``UPDATE`` (see the module docstring); should a value have gone in
    the meantime, the batch is written again as an upsert. SQLite's upsert is as fast.
    """
    if connection.vendor != "postgresql":
        upsert_values(rows, variant)
        return
    meta = IndicatorValue._meta
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    keys = [quote(meta.get_field(name).column) for name in ("indicator", "area", "period")]
    variant_column = quote(meta.get_field("variant").column)
    value, origin = (quote(meta.get_field(name).column) for name in ("value", "origin"))
    update = (
        f"UPDATE {table} SET {value} = u.v, {origin} = u.o"
        f" FROM unnest({_arrays()}) AS u(i, a, p, va, v, o)"
        f" WHERE {table}.{keys[0]} = u.i AND {table}.{keys[1]} = u.a"
        f" AND {table}.{keys[2]} = u.p AND {table}.{variant_column} = u.va"
        # Without this the planner hashes the whole table for every batch (an import
        # updates one indicator at a time: 20 × 110,000 rows read for 100,000 values);
        # with it, it reads the indicators' rows through the unique index.
        f" AND {table}.{keys[0]} = ANY(%s::{meta.get_field('indicator').db_type(connection)}[])"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), ARRAY_BATCH):
            batch = rows[start : start + ARRAY_BATCH]
            indicators = _numbers(sorted({row[0] for row in batch}))
            cursor.execute(update, [*_columns(batch, variant), indicators])
            if cursor.rowcount != len(batch):
                upsert_values(batch, variant)


def _arrays() -> str:
    """The six parameters of a batch, one array per column, cast to the column's type."""
    meta = IndicatorValue._meta
    return ", ".join(
        f"%s::{meta.get_field(name).db_type(connection)}[]"
        for name in ("indicator", "area", "period", "variant", "value", "origin")
    )


def _columns(batch: Sequence[ValueRow], variant: str) -> list[str]:
    """The batch as six arrays in PostgreSQL's text form (see the module docstring)."""
    ids, areas, periods, values, origins = zip(*batch, strict=True)
    return [
        _numbers(ids),
        _numbers(areas),
        _texts(periods),
        _texts([variant] * len(batch)),
        _numbers(values),
        _texts(origins),
    ]


def _numbers(numbers: Sequence[float]) -> str:
    """PostgreSQL's text form of an array of numbers: ``{1,2.5,1e-07}``. ``str`` of a
    float is the shortest text that reads back as the same float, and PostgreSQL reads
    it so (also ``inf`` and ``nan``)."""
    return "{" + ",".join(map(str, numbers)) + "}"


def _texts(texts: Sequence[str]) -> str:
    """PostgreSQL's text form of an array of texts, every element quoted (so that no
    text is read as NULL or split at a comma), backslash and quote escaped."""
    # Checked per distinct text: a column repeats a few periods over 100,000 rows.
    if any('"' in t or "\\" in t for t in set(texts)):
        texts = [t.replace("\\", "\\\\").replace('"', '\\"') for t in texts]
    return '{"' + '","'.join(texts) + '"}'


def _copy_text(rows: Sequence[ValueRow], variant: str) -> str:
    """The rows in the text form of ``COPY``: a line per row, tab between the columns,
    backslash, tab, newline and carriage return in texts escaped (so no text reads as
    ``\\N``, NULL). Numbers as in ``_numbers`` (``format`` of a float is its ``str``)."""
    # Escaped once per distinct text: a few periods and origins over 100,000 rows.
    texts = {t: _copy_escape(t) for t in {r[2] for r in rows} | {r[4] for r in rows}}
    tail = "\t" + _copy_escape(variant) + "\t"
    return "".join([f"{i}\t{a}\t{texts[p]}{tail}{v}\t{texts[o]}\n" for i, a, p, v, o in rows])


def _copy_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def sqlite3_execute(cursor: Any, sql: str, params: list[Any]) -> None:
    """``sqlite3.Cursor.execute`` itself: Django's wrapper class overrides it with the
    ``%s`` rewriting, which ``?`` placeholders do not need."""
    import sqlite3

    sqlite3.Cursor.execute(cursor, sql, params)


def plain_rows(queryset: QuerySet[Any]) -> list[tuple[Any, ...]]:
    """The rows of a ``values_list`` query as the driver returns them.

    Only for columns Django does not convert on reading (integers, floats, texts): the
    values of an indicator, not dates or decimals. In no particular order (the model's
    ordering would make the database sort, or read the table in the order of an index,
    that is at random): the callers put the rows into dictionaries.
    """
    sql, params = queryset.order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
