"""The allocation's proof search (issue 17) finds the optimum of HiGHS's default search,
and its stages side by side find the same set as one stage after the other.

``allocate`` starts each stage from a known set and switches HiGHS's sub-MIP heuristics
off for the proof; ``proof_search=False`` is HiGHS's default search, one stage at a time.
Both must give the same values in every priority and the same cost on instances with real
choices: seeded random instances shaped like the benchmark's (bench/allocation.py), small
enough to stay cheap. With two workers the remaining stages run side by side on the
assumption that the known set stays; the result must be the very set of one worker.
"""

from __future__ import annotations

import numpy as np
import pytest

from sozialplanung.analysis.allocation import Candidate, Need, Problem, allocate
from sozialplanung.analysis.allocation.problem import _Model
from sozialplanung.analysis.allocation.solver import _Cancel, _Milp


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
        new = allocate(problem, explain=False, workers=2)
        one = allocate(problem, explain=False, workers=1)
        old = allocate(problem, explain=False, proof_search=False)
        assert new.chosen == one.chosen, n
        assert new.feasible and old.feasible
        assert new.values.keys() == old.values.keys()
        for p, value in old.values.items():
            assert new.values[p] == pytest.approx(value, rel=1e-9, abs=1e-9), (n, p)
        assert sum(new.cost) == pytest.approx(sum(old.cost), rel=1e-12), n


def test_a_failed_assumption_ends_the_round() -> None:
    """Started from a poor known set (the mandatory measures alone), the first stage finds
    a better set: the stages after it, started on the assumption that the set stays, are
    cancelled, and the round returns the first stage's outcome alone, the same as solving
    that stage by itself. The whole solve still ends with the set of one worker."""
    problem = instance(np.random.default_rng(5), 30, 12)
    model = _Model(problem)
    two, one = _Milp(model, workers=2), _Milp(model, workers=1)
    lower, upper = np.zeros(two.size), np.ones(two.size)
    lower[: model.n][model.mandatory] = 1.0
    stages = two._stages(minimise_cost=True)
    assert len(stages) == 3  # priorities 2 and 3, then the cost
    poor = model.mandatory.copy()
    outcomes = two._round(stages, (lower, upper), [], poor)
    alone = one._solve(stages[0], (lower, upper), [], poor)
    assert alone is not None and not np.array_equal(alone.mask, poor)
    assert len(outcomes) == 1
    assert np.array_equal(outcomes[0].mask, alone.mask) and outcomes[0].fun == alone.fun
    assert np.array_equal(two.solve(), one.solve())


def test_a_cancelled_solve_returns_nothing() -> None:
    problem = instance(np.random.default_rng(5), 30, 12)
    model = _Model(problem)
    solver = _Milp(model)
    stage = solver._stages(minimise_cost=True)[0]
    bounds = (np.zeros(solver.size), np.ones(solver.size))
    cancel = _Cancel()
    cancel.event.set()
    assert solver._solve(stage, bounds, [], cancel=cancel) is None
    assert solver._solve(stage, bounds, [], cancel=_Cancel()) is not None
