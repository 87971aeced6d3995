"""Accessibility (2SFCA) speed and memory.

Times are CPU seconds of this process (``time.process_time``, the machine is shared; the
load average is printed first and after each part) after one call that compiles the
Numba loops; "ns per pair" is the time of the whole ``two_step_fca`` (grid search of
the pairs and both sums) divided by the pairs in reach. In both parts the search used
before the grid (cKDTree, kept as ``pairs_within_kdtree``) with the same sums is timed in
the same run on the same inputs.

Tried and dropped (measured on this bench, load average 5–15): walking the grid twice
without storing pairs (scatter ``D_i`` into the offers, then gather ``R_j`` per demand
point, squared distances against the exact squared catchment): bit-identical and half
the peak memory on (b) (106 instead of 209 MiB), but no faster on (a) (35 against 37 ns
per pair) and slower on (b) (69 against 65 ns): each walk pays the random look-ups of
the cell table again, and those, not the pairs, dominate when most demand points have
one or two offers in reach.

(a) 20,000 demand points × 1,000 offers, clustered, 800 m catchment: ours
    (``analysis.accessibility.two_step_fca``) against PySAL ``access`` ``two_stage_fca``
    (normalize=False) on the same Euclidean costs. PySAL needs a cost table; it is built
    the way ``access`` users do (pairs within the catchment, as its own
    ``create_euclidean_distance`` keeps only costs below the threshold), found with a
    KD-tree and *not* counted in PySAL's time. Results compared (max relative difference).
(b) Germany-sized: 3.1 million demand points (populated 100 m census cells) and 100,000
    offers in settlement-like clusters (Gaussian clusters with Pareto-distributed sizes over
    800 km × 800 km, offers drawn in proportion to demand), 800 m catchment. Time and peak
    memory of ours.

Run: uv run python bench/accessibility.py   (seeded; numbers vary with the machine)
"""

from __future__ import annotations

import os
import resource
import statistics
import sys
import time
import tracemalloc
import warnings
from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from sozialplanung.analysis.accessibility import (
    fca_on_pairs,
    pairs_within,
    pairs_within_kdtree,
    two_step_fca,
)

FloatArray = npt.NDArray[np.float64]


def settlements(
    rng: np.random.Generator, n_demand: int, n_supply: int, extent: float, n_clusters: int
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Demand on a 100 m grid in clusters with heavy-tailed sizes; offers ∝ demand."""
    sizes = rng.pareto(1.2, n_clusters) + 1.0
    sizes = sizes / sizes.sum()
    centres = rng.uniform(0, extent, size=(n_clusters, 2))
    counts = rng.multinomial(n_demand, sizes)
    # Spread grows with the square root of the cluster's cell count (denser core).
    spread = 100.0 * np.sqrt(np.maximum(counts, 1)) * 0.6
    cluster = np.repeat(np.arange(n_clusters), counts)
    xy = centres[cluster] + rng.normal(size=(n_demand, 2)) * spread[cluster, None]
    xy = np.floor(xy / 100.0) * 100.0 + 50.0  # cell centres of the 100 m grid
    dem = np.maximum(1.0, rng.lognormal(2.5, 1.0, n_demand).round())
    # Offers at the locations of demand, drawn in proportion to demand, jittered.
    pick = rng.choice(n_demand, size=n_supply, p=dem / dem.sum())
    sxy = xy[pick] + rng.uniform(-50, 50, size=(n_supply, 2))
    sup = rng.integers(10, 60, n_supply).astype(np.float64)
    return xy, dem, sxy, sup


def cpu_median(runs: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times)


def old_two_step_fca(
    dxy: FloatArray, dem: FloatArray, sxy: FloatArray, sup: FloatArray, catchment: float
) -> FloatArray:
    """The computation before the grid: KD-tree pairs, then the same sums."""
    return fca_on_pairs(pairs_within_kdtree(dxy, sxy, catchment), dem, sup, None)


def per_pair(seconds: float, pairs: int) -> str:
    return f"{seconds:8.3f} s CPU = {seconds / pairs * 1e9:6.1f} ns per pair"


def part_a() -> None:
    import pandas as pd
    from access import Access

    rng = np.random.default_rng(2024)
    dxy, dem, sxy, sup = settlements(rng, 20_000, 1_000, 30_000.0, 40)
    ours = two_step_fca(dxy, dem, sxy, sup, 800.0)
    t_ours = cpu_median(5, lambda: two_step_fca(dxy, dem, sxy, sup, 800.0))
    t_old = cpu_median(5, lambda: old_two_step_fca(dxy, dem, sxy, sup, 800.0))
    same = np.allclose(ours, old_two_step_fca(dxy, dem, sxy, sup, 800.0), rtol=1e-12, atol=0)

    pairs = pairs_within(dxy, sxy, 800.0)
    demand_df = pd.DataFrame({"geoid": np.arange(len(dem)), "demand": dem}).set_index("geoid")
    supply_df = pd.DataFrame({"geoid": np.arange(len(sup)), "supply": sup}).set_index("geoid")

    def run_pysal(cost_df: pd.DataFrame) -> tuple[float, FloatArray]:
        t0 = time.process_time()
        model = Access(
            demand_df=demand_df,
            demand_index=True,
            demand_value="demand",
            supply_df=supply_df,
            supply_index=True,
            supply_value="supply",
            cost_df=cost_df,
            cost_origin="origin",
            cost_dest="dest",
            cost_name="cost",
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = model.two_stage_fca(name="2sfca", max_cost=800.0, normalize=False)
        elapsed = time.process_time() - t0
        values = out.iloc[:, 0].reindex(np.arange(len(dem))).to_numpy(dtype=np.float64)
        return elapsed, np.nan_to_num(values)

    def max_rel(ref: FloatArray) -> str:
        nz = ref != 0
        rel = float(np.max(np.abs(ours[nz] - ref[nz]) / np.abs(ref[nz])))
        return f"{rel:.2e} (zeros where access has no value: {bool(np.all(ours[~nz] == 0))})"

    # Full cost table (every demand point x every offer), the form access documents.
    dx = dxy[:, None, 0] - sxy[None, :, 0]
    dy = dxy[:, None, 1] - sxy[None, :, 1]
    full = pd.DataFrame(
        {
            "origin": np.repeat(np.arange(len(dem)), len(sup)),
            "dest": np.tile(np.arange(len(sup)), len(dem)),
            "cost": np.sqrt(dx * dx + dy * dy).reshape(-1),
        }
    )
    del dx, dy
    t_full, ref_full = run_pysal(full)
    del full
    # Pre-pruned table: only the pairs within 800 m (found by our KD-tree, not timed).
    pruned = pd.DataFrame(
        {
            "origin": pairs.demand.astype(np.int64),
            "dest": pairs.supply.astype(np.int64),
            "cost": pairs.cost,
        }
    )
    run_pysal(pruned)  # warm-up: pandas' first groupby and merge set themselves up
    runs = [run_pysal(pruned) for _ in range(5)]
    t_pruned, ref_pruned = statistics.median(t for t, _ in runs), runs[-1][1]
    print(
        "(a) 20,000 demand points x 1,000 offers, 800 m, clustered (40 settlements, 30 km x 30 km)"
    )
    k = pairs.cost.size
    print(f"    pairs in reach:                      {k:,}")
    print(f"    ours (two_step_fca, grid search + sums), median of 5: {per_pair(t_ours, k)}")
    print(
        f"    before (KD-tree search + same sums), median of 5:     {per_pair(t_old, k)}"
        f"   ratio {t_old / t_ours:5.1f} x   same result (rel. 1e-12): {same}"
    )
    print("    PySAL access, full cost table (20,000,000 rows, building it not timed):")
    print(
        f"        {t_full:8.3f} s   ratio {t_full / t_ours:7.1f} x   max rel diff {max_rel(ref_full)}"
    )
    print(
        f"    PySAL access, table pre-pruned to the {pairs.cost.size:,} pairs in reach"
        " (pruning not timed), warm-up + median of 5:"
    )
    print(
        f"        {t_pruned:8.3f} s = {t_pruned / k * 1e9:6.1f} ns per pair   ratio"
        f" {t_pruned / t_ours:7.1f} x   max rel diff {max_rel(ref_pruned)}"
    )
    print(f"    load average after (a): {load()}")


def part_b() -> None:
    rng = np.random.default_rng(49)
    dxy, dem, sxy, sup = settlements(rng, 3_100_000, 100_000, 800_000.0, 12_000)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    t0 = time.process_time()
    result = two_step_fca(dxy, dem, sxy, sup, 800.0)
    elapsed = time.process_time() - t0
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    unit = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: kB on Linux, bytes on macOS
    inputs = (dxy.nbytes + dem.nbytes + sxy.nbytes + sup.nbytes) / 2**20
    covered = float(np.mean(result > 0))
    print(
        "(b) Germany-sized: 3,100,000 demand points x 100,000 offers, 800 m, 12,000 settlement clusters"
    )
    k = pairs_within(dxy, sxy, 800.0).cost.size
    t_ours = cpu_median(3, lambda: two_step_fca(dxy, dem, sxy, sup, 800.0))
    t_old = cpu_median(1, lambda: old_two_step_fca(dxy, dem, sxy, sup, 800.0))
    print(f"    pairs in reach: {k:,}")
    print(f"    ours (two_step_fca, grid search + sums), first run: {per_pair(elapsed, k)}")
    print(f"        median of 3 further runs:                       {per_pair(t_ours, k)}")
    print(
        f"    before (KD-tree search + same sums), one run:      {per_pair(t_old, k)}"
        f"   ratio {t_old / t_ours:5.1f} x"
    )
    print(
        f"    peak memory, tracemalloc (numpy allocations during the call): {traced_peak / 2**20:8.0f} MiB"
    )
    print(
        f"    peak RSS of the process, getrusage ru_maxrss: {rss_peak * unit / 2**20:8.0f} MiB "
        f"(before the call: {rss_before * unit / 2**20:.0f} MiB, inputs {inputs:.0f} MiB)"
    )
    print(f"    demand points with an offer in reach: {covered:.1%}")
    print(f"    load average after (b): {load()}")


def load() -> str:
    return ", ".join(f"{v:.1f}" for v in os.getloadavg())


if __name__ == "__main__":
    print(f"load average at start (1, 5, 15 min): {load()}")
    # Compile (or load from Numba's cache) the loops once, outside every timing.
    two_step_fca(np.zeros((2, 2)), np.ones(2), np.ones((1, 2)), np.ones(1), 2.0)
    # (b) first: ru_maxrss is the peak over the process's life, and (a) builds a
    # 20-million-row table for PySAL.
    part_b()
    part_a()
