"""``brute_force`` (the reference of the tests) and ``greedy`` (the spreadsheet heuristic
of the bench), with the same order, tie-break and result as ``allocate``."""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np
import numpy.typing as npt

from .explain import (
    CounterfactualFn,
    _drop_free_useless,
    _infeasible,
    _result,
)
from .problem import (
    BRUTE_FORCE_MAX,
    MONEY_TOL,
    VALUE_TOL,
    Allocation,
    FloatArray,
    Problem,
    _Model,
    _value_tol,
)


def _lex_best(values: FloatArray, cost: FloatArray, rows: npt.NDArray[np.int64]) -> int | None:
    """Row of the lexicographic optimum among ``rows`` (values by column, then least cost).

    The same rule as the MILP stages: within VALUE_TOL of the best counts as equal.
    """
    if rows.size == 0:
        return None
    for k in range(values.shape[1]):
        column = values[rows, k]
        best = float(column.max())
        rows = rows[column >= best - _value_tol(best)]
    return int(rows[int(np.argmin(cost[rows]))])


def _subset_sums(vectors: FloatArray) -> FloatArray:
    """Row r: the sum of the rows i of ``vectors`` whose bit i is set in r (2^len rows)."""
    table = np.zeros((1, vectors.shape[1]))
    for row in vectors:
        table = np.concatenate([table, table + row[None, :]])
    return table


def brute_force(problem: Problem, *, explain: bool = True) -> Allocation:
    """Enumerate every subset: same lexicographic order and cost tie-break as ``allocate``.

    For tests and the benchmark; refuses more than ``BRUTE_FORCE_MAX`` candidates. With
    ``explain`` the counterfactuals come from the same enumeration.
    """
    model = _Model(problem)
    n = model.n
    if n > BRUTE_FORCE_MAX:
        raise ValueError(f"brute force enumerates 2^n subsets; {n} > {BRUTE_FORCE_MAX} candidates")
    start = time.perf_counter()
    infeasible = _infeasible(model, "brute_force")
    if infeasible is not None:
        return replace(infeasible, solve_seconds=time.perf_counter() - start)
    # Sums over subsets without a bits × costs product (BLAS threads make that slow and
    # erratic on a busy machine): every summed quantity is one column of ``quantities``;
    # a subset's sums are the low table's row (its first ``low`` candidates) plus the
    # high table's row (the rest), each table built by doubling.
    years, g_count = model.years, len(model.need_keys)
    columns = [model.cost]
    for _line, members, _cap in model.lines:
        columns.append(np.where(model.mask(set(members))[:, None], model.cost, 0.0))
    for p in model.priorities:
        columns.append(np.where((model.priority == p)[:, None], model.cover, 0.0))
    quantities = np.concatenate(columns, axis=1)
    low = min(n, 16)
    low_table = _subset_sums(quantities[:low])
    high_table = _subset_sums(quantities[low:])
    limits = np.concatenate([model.budget] + [cap for _l, _m, cap in model.lines])
    limits = limits + MONEY_TOL * np.maximum(1.0, limits)
    money = years * (1 + len(model.lines))
    mandatory_bits = sum(1 << int(i) for i in np.flatnonzero(model.mandatory))
    pairs = [(i, j) for i in range(n) for j in model.requires[i]]
    kept_subsets: list[npt.NDArray[np.int64]] = []
    kept_values: list[FloatArray] = []
    kept_cost: list[FloatArray] = []
    low_subsets = np.arange(1 << low, dtype=np.int64)
    for high in range(1 << (n - low)):
        subsets = (high << low) | low_subsets
        ok = (subsets & mandatory_bits) == mandatory_bits
        for i, j in pairs:
            ok &= ((subsets >> i) & 1) <= ((subsets >> j) & 1)
        sums = low_table + high_table[high]
        ok &= (sums[:, :money] <= limits[None, :]).all(axis=1)
        if not ok.any():
            continue
        sums = sums[ok]
        remaining = np.ones((sums.shape[0], g_count))
        values = np.zeros((sums.shape[0], len(model.priorities)))
        for k in range(len(model.priorities)):
            first = money + k * g_count
            y = np.minimum(sums[:, first : first + g_count], remaining)
            remaining -= y
            values[:, k] = (y * model.weight[None, :]).sum(axis=1)
        kept_subsets.append(subsets[ok])
        kept_values.append(values)
        kept_cost.append(sums[:, :years].sum(axis=1))
    subsets = np.concatenate(kept_subsets)
    values = np.concatenate(kept_values)
    cost = np.concatenate(kept_cost)
    everything = np.arange(subsets.size, dtype=np.int64)
    best = _lex_best(values, cost, everything)
    assert best is not None  # the mandatory closure fits, so some subset is feasible
    mask = ((subsets[best] >> np.arange(n, dtype=np.int64)) & 1).astype(bool)
    mask = _drop_free_useless(model, mask)
    seconds = time.perf_counter() - start
    counterfactual: CounterfactualFn | None = None
    if explain:

        def counterfactual(i: int, chosen: bool) -> dict[int, float] | None:
            rows = everything[((subsets >> i) & 1).astype(bool) == chosen]
            row = _lex_best(values, cost, rows)
            if row is None:
                return None
            return {p: float(values[row, k]) for k, p in enumerate(model.priorities)}

    return _result(
        model,
        mask,
        method="brute_force",
        seconds=seconds,
        counterfactual=counterfactual,
        explain=explain,
    )


def greedy(problem: Problem) -> Allocation:
    """The spreadsheet heuristic, for comparison (no decisions).

    Start with the mandatory measures and what they require. Sort the rest once by priority
    (most urgent first), then by stand-alone points per euro (Σ_g weight_g · covers_ig over
    the cost summed over the years; free measures first), and walk down the list: fund a
    measure together with whatever it requires that is not funded yet, if that adds points
    on top of what is already funded and fits every year's budget and line cap.
    """
    model = _Model(problem)
    start = time.perf_counter()
    infeasible = _infeasible(model, "greedy")
    if infeasible is not None:
        return replace(infeasible, solve_seconds=time.perf_counter() - start)
    own = set(np.flatnonzero(model.mandatory).tolist())
    mask = model.mask(model.closure_of(own))
    standalone = model.cover @ model.weight
    total_cost = model.cost.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_euro = np.where(total_cost > 0, standalone / total_cost, np.inf)
    order = sorted(range(model.n), key=lambda i: (model.priority[i], -per_euro[i], i))
    coverage = model.cover[mask].sum(axis=0)
    for i in order:
        if mask[i] or standalone[i] <= 0:
            continue
        package = [j for j in model.closure[i] if not mask[j]]
        added = coverage + model.cover[package].sum(axis=0)
        gain = float(model.weight @ (np.minimum(1.0, added) - np.minimum(1.0, coverage)))
        if gain <= VALUE_TOL:
            continue
        trial = mask.copy()
        trial[package] = True
        if model.misfit(trial) is None:
            mask, coverage = trial, added
    return _result(model, mask, method="greedy", seconds=time.perf_counter() - start, explain=False)
