"""The allocation's proof search (issue 17) finds the optimum of HiGHS's default search.

``allocate`` starts each stage from a known set and switches HiGHS's sub-MIP heuristics
off for the proof; ``proof_search=False`` is the solver as it was. Both must give the same
values in every priority and the same cost on instances with real choices: seeded random
instances shaped like the benchmark's (bench/allocation.py), small enough to stay cheap.
"""

from __future__ import annotations

import numpy as np
import pytest

from sozialplanung.analysis.allocation import Candidate, Need, Problem, allocate


def instance(rng: np.random.Generator, n: int, n_needs: int) -> Problem:
    """Two years, three capped lines, priorities 2 and 3, a few requirements, 2-place shares."""
    needs = tuple(Need(f"n{g}", float(rng.integers(10, 101))) for g in range(n_needs))
    candidates = []
    for i in range(n):
        running = float(np.round(rng.lognormal(np.log(60_000), 0.5), -2))
        one_off = float(np.round(rng.uniform(20_000, 150_000), -2)) if rng.random() < 0.3 else 0.0
        centre = int(rng.integers(0, n_needs))
        near = {(centre + int(d)) % n_needs for d in rng.integers(-2, 3, int(rng.integers(1, 4)))}
        requires = (f"m{int(rng.integers(0, n))}",) if rng.random() < 0.1 else ()
        candidates.append(
            Candidate(
                key=f"m{i}",
                cost=(running + one_off, float(np.round(running * 1.02, -2))),
                covers={f"n{g}": float(np.round(rng.uniform(0.1, 0.8), 2)) for g in sorted(near)},
                priority=2 if rng.random() < 0.3 else 3,
                requires=tuple(r for r in requires if r != f"m{i}"),
                line=f"l{int(rng.integers(0, 3))}",
            )
        )
    totals = np.array([c.cost for c in candidates]).sum(axis=0)
    budget = tuple(float(np.round(t * rng.uniform(0.15, 0.4), -3)) for t in totals)
    caps = {f"l{k}": tuple(float(np.round(0.5 * b, -3)) for b in budget) for k in range(3)}
    return Problem(tuple(candidates), needs, budget, caps)


def test_proof_search_finds_the_same_optimum() -> None:
    rng = np.random.default_rng(17)
    for n, n_needs in [(15, 6), (20, 8), (25, 10), (30, 12), (40, 15)] * 2:
        problem = instance(rng, n, n_needs)
        new = allocate(problem, explain=False)
        old = allocate(problem, explain=False, proof_search=False)
        assert new.feasible and old.feasible
        assert new.values.keys() == old.values.keys()
        for p, value in old.values.items():
            assert new.values[p] == pytest.approx(value, rel=1e-9, abs=1e-9), (n, p)
        assert sum(new.cost) == pytest.approx(sum(old.cost), rel=1e-12), n
