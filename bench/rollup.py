"""Roll-up of indicator values along the area hierarchy, at state scale.

Synthetic Land: 3 levels (1 state, 400 municipalities/districts, 20,000 small areas),
4 count indicators over 10 periods (800,000 imported values) and 2 shares.
Ours: ``analysis.rollup.derive_values`` (pure Python dicts).
Alternative, measured in the same run: the same sums and shares as SQL GROUP BY
queries in an in-memory SQLite database (what a hand-written database roll-up does),
including loading the values into it. Both results are compared for equality.

Run: uv run python bench/rollup.py
"""

from __future__ import annotations

import random
import sqlite3
import time

from sozialplanung.analysis.rollup import AreaNode, IndicatorSpec, derive_values

LEAVES, DISTRICTS, PERIODS = 20_000, 400, 10


def build() -> tuple[list[AreaNode], list[IndicatorSpec], dict[tuple[int, int, str], float]]:
    rng = random.Random(7)
    nodes = [AreaNode(0, None, 0)]
    nodes += [AreaNode(d, 0, 1) for d in range(1, DISTRICTS + 1)]
    leaf_ids = range(DISTRICTS + 1, DISTRICTS + 1 + LEAVES)
    nodes += [AreaNode(i, 1 + i % DISTRICTS, 2) for i in leaf_ids]
    specs = [IndicatorSpec(k, "count") for k in range(1, 5)]
    specs += [IndicatorSpec(5, "share", 2, 1, 100.0), IndicatorSpec(6, "share", 3, 1, 100.0)]
    imported = {}
    for i in leaf_ids:
        for p in range(PERIODS):
            period = str(2015 + p)
            population = rng.randint(300, 5000)
            imported[(1, i, period)] = float(population)
            for k in (2, 3, 4):
                imported[(k, i, period)] = float(rng.randint(0, population // 3))
    return nodes, specs, imported


def sqlite_rollup(nodes: list[AreaNode], imported: dict[tuple[int, int, str], float]) -> dict:
    db = sqlite3.connect(":memory:")
    db.execute("create table area (id integer primary key, parent integer, depth integer)")
    db.execute("create table v (ind integer, area integer, period text, value real)")
    db.executemany("insert into area values (?,?,?)", [(n.id, n.parent_id, n.depth) for n in nodes])
    db.executemany("insert into v values (?,?,?,?)", [(*k, v) for k, v in imported.items()])
    db.execute("create index v_area on v (area)")
    result = {}
    for depth in (1, 0):  # districts from leaves, then the state from districts
        rows = db.execute(
            """select v.ind, a.parent, v.period, sum(v.value) from v join area a on a.id = v.area
               where a.depth = ? and v.ind between 1 and 4 group by v.ind, a.parent, v.period""",
            (depth + 1,),
        ).fetchall()
        db.executemany("insert into v values (?,?,?,?)", rows)
        result.update({(i, a, p): s for i, a, p, s in rows})
    for share, num in ((5, 2), (6, 3)):
        rows = db.execute(
            """select ?, n.area, n.period, n.value / d.value * 100 from v n join v d
               on d.area = n.area and d.period = n.period and d.ind = 1 where n.ind = ?""",
            (share, num),
        ).fetchall()
        result.update({(i, a, p): s for i, a, p, s in rows})
    return result


def best_of(runs: int, fn, *args):
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn(*args)
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    nodes, specs, imported = build()
    ours_s, ours = best_of(3, derive_values, nodes, specs, imported)
    alt_s, alt = best_of(3, sqlite_rollup, nodes, imported)
    ours_values = {k: v for k, (v, _origin) in ours.items()}
    assert ours_values.keys() == alt.keys(), "results differ"
    assert all(abs(ours_values[k] - alt[k]) < 1e-6 * max(1.0, abs(alt[k])) for k in alt)
    print(f"areas: {len(nodes):,}, imported values: {len(imported):,}, derived: {len(ours):,}")
    print(f"ours   derive_values:        {ours_s * 1000:8.0f} ms")
    print(f"alt    SQLite GROUP BY:      {alt_s * 1000:8.0f} ms")
    print(f"ratio  SQLite / ours:        {alt_s / ours_s:8.2f}x")


if __name__ == "__main__":
    main()
