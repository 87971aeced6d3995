"""Indicator values as plain rows: read by ``values_list``, written by batched upserts.

An import of 100,000 values spent most of its time building and saving model instances
(``bulk_create`` prepares every field of every object, ``bulk_update`` writes one
``CASE WHEN`` per row): about 30 µs per value, three times the budget of the whole
import at 50,000 rows per second. Here a value is a tuple, and new and changed values
are written together by ``INSERT … ON CONFLICT (indicator, area, period, variant) DO
UPDATE``,
which SQLite (3.24 and later) and PostgreSQL both understand, in batches of
``BATCH`` rows per statement. Like ``bulk_create`` this sends no model signals; nothing
listens to those of ``IndicatorValue``.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection

from .models import IndicatorValue

# (indicator id, area id, period, value, origin)
ValueRow = tuple[int, int, str, float, str]

# Rows per INSERT: 6 parameters each, far below SQLite's limit of 32,766 parameters.
BATCH = 1000


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
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            placeholders = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(batch))
            params = [p for (i, a, period, v, o) in batch for p in (i, a, period, variant, v, o)]
            cursor.execute(head + placeholders + tail, params)
