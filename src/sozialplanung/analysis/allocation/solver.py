"""``allocate`` and ``next_increment``: the lexicographic integer programme (HiGHS
through ``highspy``), its stages solved side by side where the cores allow."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from highspy._core.cb import HighsCallbackType

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

# A fix ``V_p ≥ value`` as (coefficients over all variables, value).
Fix = tuple[FloatArray, float]


def _cores() -> int:
    """The CPUs this process may run on: how many stages are solved side by side."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class _Stage:
    """One stage: maximise a priority's value (``fix`` set: its coefficients, also used
    to fix it for the later stages) or, without ``fix``, minimise the cost."""

    objective: FloatArray
    fix: FloatArray | None
    priority: int | None


@dataclass(frozen=True)
class _Outcome:
    """A stage's optimum, its objective value and the no-good cuts it had to add."""

    mask: BoolArray
    fun: float
    cuts: tuple[BoolArray, ...]


class _Cancel:
    """Stops a solve from another thread: HiGHS calls this at its MIP interrupt checks
    (between nodes and in the root loop) and stops when asked (a stage started on an
    assumption that failed)."""

    def __init__(self) -> None:
        self.event = threading.Event()

    def __call__(
        self, _kind: HighsCallbackType, _message: str, _out: Any, data_in: Any, _user: Any
    ) -> None:
        if self.event.is_set():
            data_in.user_interrupt = True


def _run_highs(
    objective: FloatArray,
    bounds: tuple[FloatArray, FloatArray],
    integrality: FloatArray,
    rows: list[Any],
    row_bounds: tuple[FloatArray, FloatArray],
    options: Mapping[str, float | bool],
    cancel: _Cancel | None,
) -> tuple[str, FloatArray | None, float]:
    """One HiGHS solve: ("optimal", x, objective value), ("infeasible", None, nan) or
    ("cancelled", None, nan); any other end raises.

    ``highspy._Highs`` is the solver without highspy's Python conveniences, whose
    constructor prints HiGHS's banner to the process's standard output. One thread per
    solve: stages run side by side in threads of their own (see ``_Milp``), and HiGHS
    sets up its thread pool once per process, for the thread count of its first solve
    (bench/allocation.py: 2,000 candidates 4.2–4.4 s with one thread each, 4.6–5.1 s
    with HiGHS's default of all cores).
    """
    import highspy
    from highspy._core import _Highs
    from scipy.sparse import vstack  # type: ignore[import-untyped]

    matrix = vstack(rows, format="csr")
    h = _Highs()
    for name, value in {"output_flag": False, "threads": 1, **options}.items():
        if h.setOptionValue(name, value) != highspy.HighsStatus.kOk:
            raise ValueError(f"HiGHS option {name}={value!r} not accepted")
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = matrix.shape[1], matrix.shape[0]
    lp.col_cost_ = objective
    lp.col_lower_, lp.col_upper_ = bounds
    lp.row_lower_, lp.row_upper_ = row_bounds
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = matrix.indptr
    lp.a_matrix_.index_ = matrix.indices
    lp.a_matrix_.value_ = matrix.data
    integer, continuous = highspy.HighsVarType.kInteger, highspy.HighsVarType.kContinuous
    lp.integrality_ = [integer if v else continuous for v in integrality]
    h.passModel(lp)
    if cancel is not None:
        h.setCallback(cancel, None)
        h.startCallback(highspy.cb.HighsCallbackType.kCallbackMipInterrupt)
        if cancel.event.is_set():
            return "cancelled", None, float("nan")
    h.run()
    status = h.getModelStatus()
    if status == highspy.HighsModelStatus.kOptimal:
        x = np.asarray(h.getSolution().col_value, dtype=np.float64)
        return "optimal", x, float(h.getInfo().objective_function_value)
    if status == highspy.HighsModelStatus.kInfeasible:
        return "infeasible", None, float("nan")
    if status == highspy.HighsModelStatus.kInterrupt:
        return "cancelled", None, float("nan")
    return h.modelStatusToString(status), None, float("nan")


class _Milp:
    """The integer programme of the module docstring, solved stage by stage.

    **Stages side by side.** Each stage after the first starts from the set the stage
    before returned (its ``known`` set). Usually the later stages cannot improve on that
    set either: in the benchmark the set of the first priority's optimum is also the
    optimum of the second priority and of the cost. So with ``workers`` > 1 all remaining
    stages are started at once in threads, each on the assumption that every stage before
    it returns the known set unchanged, which fixes its inputs to exactly those the stage
    would get one after the other. The results are taken in order; the first stage that
    returns anything else (another set, another fix, a new cut) ends the round, the stages
    after it are cancelled, and a new round starts from its set. The first stage of a
    round always has the inputs of the sequential order, so every round makes progress,
    and the result is the same set as with one worker (a test compares both). HiGHS
    releases the interpreter lock while it solves, so the threads use the cores.
    """

    def __init__(
        self, model: _Model, *, proof_search: bool = True, workers: int | None = None
    ) -> None:
        """``proof_search=False``: HiGHS's default search in every stage, no rough first
        solve and one stage at a time (the solver before issue 17, with the HiGHS of
        ``highspy``; the benchmark and a test compare both). ``workers``: stages solved
        side by side (default: the CPUs this process may use)."""
        # SciPy is imported where it is used: every process that loads the URLconf
        # imports this module.
        from scipy.sparse import coo_matrix

        self.model = model
        self.proof_search = proof_search
        self.workers = (workers or _cores()) if proof_search else 1
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

    # One HiGHS solve; bench/allocation.py puts the solver before issue 17
    # (``scipy.optimize.milp``) in its place.
    _run = staticmethod(_run_highs)

    def _stages(self, minimise_cost: bool) -> list[_Stage]:
        """A value stage per priority that can earn points, then the cost stage."""
        n = self.model.n
        stages = []
        for p in self.model.priorities:
            ys = self.y_of_priority[p]
            if not ys:
                continue  # this priority cannot earn points
            coefficients = np.zeros(self.size)
            coefficients[ys] = self.y_weight[np.asarray(ys) - n]
            stages.append(_Stage(-coefficients, coefficients, p))
        if minimise_cost or not stages:
            objective = np.zeros(self.size)
            objective[:n] = self.model.cost.sum(axis=1)
            stages.append(_Stage(objective, None, None))
        return stages

    def _known_value(self, stage: _Stage, mask: BoolArray) -> float:
        """The stage's objective value of a set (values with credit most urgent first)."""
        if stage.priority is None:
            return float(stage.objective[: self.model.n] @ mask)
        return -self.model.evaluate(mask)[0][stage.priority]

    def _fix(self, stage: _Stage, outcome: _Outcome) -> Fix:
        """``V_p ≥ V_p* − tol`` for the later stages.

        At the set's own value (credit most urgent first), not at the solver's
        objective: within the earlier stages' tolerance the solver may move credit from a
        more urgent priority to this one, and fixing that sliver would force buying a
        measure that adds nothing (a "tolerance leak").
        """
        assert stage.fix is not None and stage.priority is not None
        best = min(-outcome.fun, self.model.evaluate(outcome.mask)[0][stage.priority])
        return stage.fix, best - _value_tol(best)

    def _solve(
        self,
        stage: _Stage,
        bounds: tuple[FloatArray, FloatArray],
        fixes: Sequence[Fix],
        known: BoolArray | None = None,
        *,
        cuts: Sequence[BoolArray] = (),
        rel_gap: float = 0.0,
        cancel: _Cancel | None = None,
    ) -> _Outcome | None:
        """One stage. ``known``: a set that satisfies every fix (the previous stage's).

        HiGHS prunes every node that cannot beat the known set's value, given as its
        option ``objective_bound``: a bound, not a tolerance, so the optimum found is the
        same. If nothing beats it, HiGHS reports "infeasible" and the known set is the
        optimum. ``cuts``: no-good cuts found before. None: cancelled.
        """
        model = self.model
        n = model.n
        options: dict[str, float | bool] = {"mip_rel_gap": rel_gap}
        known_value = None
        if known is not None:
            known_value = self._known_value(stage, known)
            options["objective_bound"] = known_value + VALUE_TOL * max(1.0, abs(known_value))
            if self.proof_search:
                options.update(_PROOF_SEARCH)
        found: list[BoolArray] = []
        for _ in range(_MAX_CUTS):
            rows = [self.matrix]
            row_lower = [np.full(self.matrix.shape[0], -np.inf)]
            row_upper = [self.upper]
            for coefficients, at_least in fixes:
                rows.append(coefficients[None, :])
                row_lower.append(np.array([at_least]))
                row_upper.append(np.array([np.inf]))
            for cut in (*cuts, *found):
                # Σ_{i in S} (1 − x_i) + Σ_{i not in S} x_i ≥ 1 excludes exactly the set S.
                a = np.zeros(self.size)
                a[:n] = np.where(cut, -1.0, 1.0)
                rows.append(a[None, :])
                row_lower.append(np.array([1.0 - float(cut.sum())]))
                row_upper.append(np.array([np.inf]))
            status, x, fun = self._run(
                stage.objective,
                bounds,
                self.integrality,
                rows,
                (np.concatenate(row_lower), np.concatenate(row_upper)),
                options,
                cancel,
            )
            if status == "cancelled":
                return None
            if status == "infeasible" and known is not None:
                assert known_value is not None
                return _Outcome(known, known_value, tuple(found))
            if status != "optimal" or x is None:
                raise RuntimeError(f"HiGHS did not find an optimum: {status}")
            mask = x[:n] > 0.5
            if model.misfit(mask) is None and model.requires_ok(mask):
                return _Outcome(mask, fun, tuple(found))
            found.append(mask)
        raise RuntimeError("HiGHS kept returning sets that only fit within its tolerance")

    def _round(
        self,
        stages: Sequence[_Stage],
        bounds: tuple[FloatArray, FloatArray],
        fixes: list[Fix],
        known: BoolArray | None,
    ) -> list[_Outcome]:
        """The outcomes of one round (see the class docstring): at least the first
        remaining stage's, and of each further stage whose assumptions held."""
        cuts = tuple(self.cuts)
        if known is None or self.workers == 1 or len(stages) == 1:
            outcome = self._solve(stages[0], bounds, fixes, known, cuts=cuts)
            assert outcome is not None
            return [outcome]
        # The fixes each stage gets if every stage before it returns ``known`` unchanged.
        assumed: list[list[Fix]] = []
        current = list(fixes)
        for stage in stages:
            assumed.append(list(current))
            if stage.fix is not None:
                current.append(
                    self._fix(stage, _Outcome(known, self._known_value(stage, known), ()))
                )
        cancels = [_Cancel() for _ in stages]
        outcomes: list[_Outcome] = []
        with ThreadPoolExecutor(max_workers=min(self.workers, len(stages))) as pool:
            futures: list[Future[_Outcome | None]] = [
                pool.submit(self._solve, stage, bounds, fixes_j, known, cuts=cuts, cancel=cancel)
                for stage, fixes_j, cancel in zip(stages, assumed, cancels, strict=True)
            ]
            try:
                for j, future in enumerate(futures):
                    outcome = future.result()
                    assert outcome is not None  # only later stages are cancelled
                    outcomes.append(outcome)
                    held = (
                        not outcome.cuts
                        and np.array_equal(outcome.mask, known)
                        and (
                            j + 1 == len(stages)
                            or stages[j].fix is None
                            or self._fix(stages[j], outcome)[1] == assumed[j + 1][-1][1]
                        )
                    )
                    if not held:
                        break
            finally:
                later = len(outcomes)
                for future, cancel in zip(futures[later:], cancels[later:], strict=True):
                    future.cancel()
                    cancel.event.set()
        return outcomes

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
        bounds = (lower, upper)
        stages = self._stages(minimise_cost)
        fixes: list[Fix] = []
        mask: BoolArray | None = None
        if self.proof_search and stages[0].fix is not None:
            # No earlier stage to start from: a rough solve gives the known set.
            rough = self._solve(stages[0], bounds, [], cuts=tuple(self.cuts), rel_gap=_ROUGH_GAP)
            assert rough is not None
            self.cuts.extend(rough.cuts)
            mask = rough.mask
        done = 0
        while done < len(stages):
            outcomes = self._round(stages[done:], bounds, fixes, mask)
            for stage, outcome in zip(stages[done : done + len(outcomes)], outcomes, strict=True):
                self.cuts.extend(outcome.cuts)
                if stage.fix is not None:
                    fixes.append(self._fix(stage, outcome))
            mask = outcomes[-1].mask
            done += len(outcomes)
        assert mask is not None
        return mask


def allocate(
    problem: Problem,
    *,
    explain: bool = True,
    counterfactual_limit: int = 60,
    proof_search: bool = True,
    workers: int | None = None,
) -> Allocation:
    """The exact lexicographic optimum (see the module docstring), with explanations.

    ``explain=False`` skips the decisions (and the counterfactual solves, one lexicographic
    solve per candidate, done only for at most ``counterfactual_limit`` candidates).
    ``proof_search=False`` solves with HiGHS's default search, one stage at a time (see
    ``_Milp``): same optimum, slower. ``workers``: stages solved side by side (default:
    the CPUs this process may use).
    """
    model = _Model(problem)
    start = time.perf_counter()
    infeasible = _infeasible(model, "milp")
    if infeasible is not None:
        return replace(infeasible, solve_seconds=time.perf_counter() - start)
    solver = _Milp(model, proof_search=proof_search, workers=workers)
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
