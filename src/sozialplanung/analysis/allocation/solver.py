"""``allocate`` and ``next_increment``: the lexicographic integer programme (HiGHS
through ``scipy.optimize.milp``)."""

from __future__ import annotations

import time
import warnings
from collections.abc import Mapping
from dataclasses import replace

import numpy as np

from .explain import CounterfactualFn, _drop_free_useless, _forced_feasible, _infeasible, _result
from .problem import (
    _MAX_CUTS,
    VALUE_TOL,
    Allocation,
    BoolArray,
    FloatArray,
    Increment,
    Problem,
    _Model,
    _real,
    _value_tol,
)

# The first value stage is solved twice: to this relative gap with HiGHS's default
# search (a good set, found quickly), then exactly from that set (see ``_PROOF_SEARCH``).
_ROUGH_GAP = 1e-3
# HiGHS options for a stage that starts from a known set. With the bound in place the
# remaining work is the proof, and the sub-MIP heuristics (RENS, RINS, root reduced-cost
# dives) spend half of it looking for sets that the bound already discards (bench/
# allocation.py: 5.5 s → 2–3 s CPU per stage). Search options only: B&B with
# ``mip_rel_gap=0`` still finds any set that beats the bound, so the optimum is the same.
_PROOF_SEARCH: dict[str, float | bool] = {
    "mip_heuristic_run_rens": False,
    "mip_heuristic_run_rins": False,
    "mip_heuristic_run_root_reduced_cost": False,
}


class _Milp:
    """The integer programme of the module docstring, solved stage by stage."""

    def __init__(self, model: _Model, *, proof_search: bool = True) -> None:
        """``proof_search=False``: HiGHS's default search in every stage and no rough
        first solve (the solver before issue 17; the benchmark and a test compare both)."""
        # SciPy is imported where it is used: every process that loads the URLconf
        # imports this module, and scipy.optimize alone takes about a second.
        from scipy.sparse import coo_matrix  # type: ignore[import-untyped]

        self.model = model
        self.proof_search = proof_search
        n = model.n
        # y variables: (need, priority) pairs that can earn points.
        self.y_need: list[int] = []
        self.y_of_priority: dict[int, list[int]] = {p: [] for p in model.priorities}
        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        upper: list[float] = []

        def row(entries: list[tuple[int, float]], ub: float) -> None:
            r = len(upper)
            for c, v in entries:
                rows.append(r)
                cols.append(c)
                vals.append(v)
            upper.append(ub)

        for t in range(model.years):
            row(
                [(i, float(model.cost[i, t])) for i in range(n) if model.cost[i, t] > 0],
                float(model.budget[t]),
            )
        for _line, members, cap in model.lines:
            for t in range(model.years):
                entries = [(i, float(model.cost[i, t])) for i in members if model.cost[i, t] > 0]
                if entries:
                    row(entries, float(cap[t]))
        for i in range(n):
            for j in model.requires[i]:
                row([(i, 1.0), (j, -1.0)], 0.0)
        y_per_need: dict[int, list[int]] = {}
        for g in range(len(model.need_keys)):
            if model.weight[g] <= 0:
                continue
            for p in model.priorities:
                coverers = [
                    i for i in np.flatnonzero(model.cover[:, g] > 0) if model.priority[i] == p
                ]
                if not coverers:
                    continue
                var = n + len(self.y_need)
                self.y_need.append(g)
                self.y_of_priority[p].append(var)
                y_per_need.setdefault(g, []).append(var)
                row([(var, 1.0)] + [(int(i), -float(model.cover[i, g])) for i in coverers], 0.0)
        for ys in y_per_need.values():
            if len(ys) > 1:
                row([(v, 1.0) for v in ys], 1.0)
        self.size = n + len(self.y_need)
        self.matrix = coo_matrix((vals, (rows, cols)), shape=(len(upper), self.size)).tocsr()
        self.upper = np.asarray(upper, dtype=np.float64)
        self.integrality = np.concatenate([np.ones(n), np.zeros(len(self.y_need))])
        self.y_weight = np.asarray([model.weight[g] for g in self.y_need], dtype=np.float64)
        # No-good cuts found while solving; valid for every stage and counterfactual.
        self.cuts: list[BoolArray] = []

    def _solve(
        self,
        objective: FloatArray,
        lower: FloatArray,
        upper: FloatArray,
        fixes: list[tuple[FloatArray, float]],
        known: tuple[BoolArray, float] | None = None,
        *,
        rel_gap: float = 0.0,
    ) -> tuple[BoolArray, float]:
        """One stage. ``known``: a feasible set and its objective value, if there is one.

        HiGHS cannot be given a starting solution through ``milp``, but its option
        ``objective_bound`` (passed through verbatim) prunes every node that cannot beat
        that value, as an incumbent would: a bound, not a tolerance, so the optimum found
        is the same. If nothing beats the bound, HiGHS reports "infeasible" and the known
        set is the optimum.
        """
        from scipy.optimize import Bounds, LinearConstraint, milp  # type: ignore[import-untyped]

        model = self.model
        n = model.n
        options: dict[str, float | bool] = {"mip_rel_gap": rel_gap, "disp": False}
        if known is not None:
            options["objective_bound"] = known[1] + VALUE_TOL * max(1.0, abs(known[1]))
            if self.proof_search:
                options.update(_PROOF_SEARCH)
        for _ in range(_MAX_CUTS):
            constraints = []
            if self.matrix.shape[0]:
                constraints.append(
                    LinearConstraint(
                        self.matrix, np.full(self.matrix.shape[0], -np.inf), self.upper
                    )
                )
            for coefficients, at_least in fixes:
                constraints.append(LinearConstraint(coefficients[None, :], at_least, np.inf))
            for cut in self.cuts:
                # Σ_{i in S} (1 − x_i) + Σ_{i not in S} x_i ≥ 1 excludes exactly the set S.
                a = np.zeros(self.size)
                a[:n] = np.where(cut, -1.0, 1.0)
                constraints.append(LinearConstraint(a[None, :], 1.0 - float(cut.sum()), np.inf))
            with warnings.catch_warnings():
                # milp warns that it hands objective_bound to HiGHS as it is: intended.
                warnings.filterwarnings("ignore", "Unrecognized options", RuntimeWarning)
                result = milp(
                    objective,
                    integrality=self.integrality,
                    bounds=Bounds(lower, upper),
                    constraints=constraints,
                    options=dict(options),
                )
            if result.status == 2 and known is not None:
                return known[0], known[1]
            if result.status != 0 or result.x is None:
                raise RuntimeError(f"HiGHS did not find an optimum: {result.message}")
            x = np.asarray(result.x, dtype=np.float64)
            mask = x[:n] > 0.5
            if model.misfit(mask) is None and model.requires_ok(mask):
                return mask, float(result.fun)
            self.cuts.append(mask)
        raise RuntimeError("HiGHS kept returning sets that only fit within its tolerance")

    def solve(
        self, fixed: Mapping[int, bool] | None = None, *, minimise_cost: bool = True
    ) -> BoolArray:
        """Lexicographic optimum (values by priority, then cost) with some x_i fixed.

        The caller guarantees feasibility (see ``_Model.mandatory_problem``).
        """
        model = self.model
        n = model.n
        if n == 0:
            return np.zeros(0, dtype=bool)
        lower = np.zeros(self.size)
        upper = np.ones(self.size)
        lower[:n][model.mandatory] = 1.0
        for i, value in (fixed or {}).items():
            lower[i] = upper[i] = 1.0 if value else 0.0
        fixes: list[tuple[FloatArray, float]] = []
        mask: BoolArray | None = None
        for p in model.priorities:
            ys = self.y_of_priority[p]
            if not ys:
                continue  # this priority cannot earn points
            objective = np.zeros(self.size)
            coefficients = np.zeros(self.size)
            coefficients[ys] = self.y_weight[np.asarray(ys) - n]
            objective[ys] = -coefficients[ys]
            # The previous stage's set satisfies every fix so far: a bound for this stage.
            known = None if mask is None else (mask, -model.evaluate(mask)[0][p])
            if known is None and self.proof_search:
                # No earlier stage to start from: a rough solve gives the known set.
                rough, _fun = self._solve(objective, lower, upper, fixes, rel_gap=_ROUGH_GAP)
                known = (rough, -model.evaluate(rough)[0][p])
            mask, fun = self._solve(objective, lower, upper, fixes, known)
            # Fix at the set's own value (credit most urgent first), not at the solver's
            # objective: within the earlier stages' tolerance the solver may move credit
            # from a more urgent priority to this one, and fixing that sliver would force
            # buying a measure that adds nothing (a "tolerance leak").
            best = min(-fun, model.evaluate(mask)[0][p])
            fixes.append((coefficients, best - _value_tol(best)))
        if minimise_cost or mask is None:
            objective = np.zeros(self.size)
            objective[:n] = model.cost.sum(axis=1)
            known = None if mask is None else (mask, float(objective[:n] @ mask))
            mask, _fun = self._solve(objective, lower, upper, fixes, known)
        return mask


def allocate(
    problem: Problem,
    *,
    explain: bool = True,
    counterfactual_limit: int = 60,
    proof_search: bool = True,
) -> Allocation:
    """The exact lexicographic optimum (see the module docstring), with explanations.

    ``explain=False`` skips the decisions (and the counterfactual solves, one lexicographic
    solve per candidate, done only for at most ``counterfactual_limit`` candidates).
    ``proof_search=False`` solves as before issue 17 (see ``_Milp``): same optimum, slower.
    """
    model = _Model(problem)
    start = time.perf_counter()
    infeasible = _infeasible(model, "milp")
    if infeasible is not None:
        return replace(infeasible, solve_seconds=time.perf_counter() - start)
    solver = _Milp(model, proof_search=proof_search)
    mask = _drop_free_useless(model, solver.solve())
    seconds = time.perf_counter() - start
    counterfactual: CounterfactualFn | None = None
    if explain and model.n <= counterfactual_limit:

        def counterfactual(i: int, chosen: bool) -> dict[int, float] | None:
            if not _forced_feasible(model, i, chosen):
                return None
            forced = solver.solve({i: chosen}, minimise_cost=False)
            return model.evaluate(forced)[0]

    return _result(
        model, mask, method="milp", seconds=seconds, counterfactual=counterfactual, explain=explain
    )


def next_increment(
    problem: Problem, extra: float, *, explain: bool = True, counterfactual_limit: int = 60
) -> Increment:
    """What ``extra`` € more in every budget year would change (line caps stay as they are).

    A larger budget can swap measures: ``dropped`` lists those chosen now but not then.
    """
    if _real(extra) is None:
        raise ValueError(f"extra must be a finite amount: {extra!r}")
    base = allocate(problem, explain=False)
    larger = replace(problem, budget=tuple(float(b) + float(extra) for b in problem.budget))
    new = allocate(larger, explain=explain, counterfactual_limit=counterfactual_limit)
    before, after = set(base.chosen), set(new.chosen)
    keys = [c.key for c in problem.candidates]
    priorities = sorted(set(base.values) | set(new.values))
    return Increment(
        extra=float(extra),
        added=tuple(k for k in keys if k in after - before),
        dropped=tuple(k for k in keys if k in before - after),
        gain=new.total_value - base.total_value,
        extra_cost=tuple(a - b for a, b in zip(new.cost, base.cost, strict=True)),
        allocation=new,
        base=base,
        gains={p: new.values.get(p, 0.0) - base.values.get(p, 0.0) for p in priorities},
    )
