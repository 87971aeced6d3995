"""Budget allocation (Mehrbedarfe): which measures a budget can fund, and why those.

A *need* is one gap (area × offer category) worth ``weight`` points when fully covered
(the gap score, 0–100). A *candidate* is a measure that could be funded: its cost in each
budget year, the share of each need it covers, a budget priority (lower number = more
urgent), whether it is mandatory, which other measures it requires and its budget line.

**Formulation.** Binary ``x_i`` per candidate; continuous ``y_gp`` in [0, 1] per need
``g`` and priority ``p`` (only where some candidate of priority ``p`` covers ``g`` and
``g`` has a positive weight)::

    Σ_i cost_it · x_i            ≤ budget_t        every year t
    Σ_{i in line l} cost_it · x_i ≤ cap_lt           every capped line l, year t
    x_i = 1                                          i mandatory
    x_i ≤ x_j                                        j in requires(i)
    y_gp ≤ Σ_{i of priority p} covers_ig · x_i        every need g, priority p
    Σ_p y_gp ≤ 1                                     every need g
    V_p = Σ_g weight_g · y_gp

A need covered by several chosen candidates therefore counts at most once in full, and
its credit can be given to only one priority at a time. Priorities are honoured
*lexicographically*: maximise ``V`` of the most urgent priority, fix it
(``V_p ≥ V_p* − tol``), maximise the next, and so on; the last stage minimises the total
cost ``Σ_t Σ_i cost_it · x_i`` with every value fixed, so that nothing useless is bought.
For fixed ``x`` the best credit is simply "most urgent first" per need
(``y_gp = min(Σ_{i of p} covers_ig, 1 − credit of the more urgent priorities)``), which
is how every reported value is computed from the chosen set; the total value is
``Σ_g weight_g · min(1, Σ_i covers_ig · x_i)`` whatever the priorities.
A cycle of requirements means "all or none of them". A measure that costs nothing and
adds nothing (in no priority) is removed after the solve, so it is never listed as chosen.

**Solver.** ``scipy.optimize.milp`` (HiGHS branch and cut), one solve per priority that
can earn points plus one for the cost, with ``mip_rel_gap=0``. HiGHS then stops on its
absolute gap (``mip_abs_gap``, 1e-6 by default, not settable through ``milp``): 1e-6
points in the value stages, 1e-6 € in the cost stage, both below the tolerances below.
Binary values are rounded (``x > 0.5``) and the rounded set is re-checked against budget
and caps exactly; a set that only fits within HiGHS's feasibility tolerance is cut off
(a "no-good" cut that excludes exactly that set) and the stage solved again. ``milp``
takes no starting solution, so each stage after the first hands HiGHS the previous
stage's set (which satisfies every fix so far) as its option ``objective_bound``: nodes
that cannot beat that set are pruned, which halves the hard cases of the benchmark and
does not change the optimum; if nothing beats it, HiGHS answers "infeasible" and that
set is the optimum.

**Tolerances.** Values within ``VALUE_TOL`` (1e-6 relative, at least 1e-6 points) of the
stage optimum count as equal: the fixing constraint is ``V_p ≥ V_p* − 1e-6·max(1, V_p*)``,
and ``brute_force`` filters with exactly the same rule. ``V_p*`` is the value of the
stage's set with credit most urgent first, not the solver's objective: within the earlier
fixes' tolerance the solver may shift a sliver of credit to priority ``p``, and fixing
that sliver would force buying a measure that adds nothing. Money fits when it exceeds the
limit by at most ``MONEY_TOL`` (1e-9 relative, at least 1e-9 €), which absorbs the
rounding of float sums and nothing a budget would notice.

Amounts, weights and shares may be any real numbers (``Decimal`` from the database
included); they are converted to float.

**Infeasible problems** (mandatory measures, or what they require, do not fit the budget
or a line cap) are detected exactly before any solve: the cheapest set that satisfies
the mandatory and requires constraints is the closure of the mandatory measures under
``requires``, and costs are non-negative. The result is an ``Allocation`` with
``feasible=False`` and one of the ``INFEASIBLE_REASONS``, not an exception.

**Explanations** (``Decision`` per candidate; codes and numbers only, texts are rendered
by the app). ``contributions`` are in total-value terms: for a chosen candidate the share
and points each need would lose if its coverage were removed with everything else fixed;
for an unchosen one what it would add on top of the chosen set (its own coverage only).
``counterfactual`` is the total value of the lexicographic optimum with the candidate
forced out (chosen) or in (unchosen), None if that is infeasible or when the problem has
more than ``counterfactual_limit`` candidates (``Allocation.counterfactuals`` says which).
Reason codes, checked in the order listed:

chosen
    ``mandatory``; ``required_by`` (a chosen measure requires it, ``related`` names
    them); ``honours_priority`` (without it the total value would not drop, but a more
    urgent priority would lose points); ``best_value``.
unchosen
    ``over_budget_alone`` (its own cost exceeds the budget in year ``year``);
    ``line_cap`` (its own cost exceeds its line's cap in ``year``); ``requires_unchosen``
    (it requires measures that are not chosen, ``related``); ``no_need_covered`` (covers
    no need with a positive weight); ``nothing_left_to_cover`` (its needs are already
    fully covered by the chosen measures, ``related``); ``no_room_after_mandatory`` (it
    and what it requires do not fit beside the mandatory measures); and, when the
    counterfactual is known: ``same_value_more_cost`` (forced in, the same values are
    reached but not more cheaply), ``displaces_higher_priority`` (forced in, a priority
    more urgent than its own loses points); otherwise ``lower_value``.

``greedy`` is the spreadsheet heuristic for comparison; ``brute_force`` enumerates every
subset (at most 22 candidates) with the same lexicographic order and cost tie-break and
is the reference the tests compare ``allocate`` against.
"""

from __future__ import annotations

import math
import numbers
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt
from scipy.optimize import Bounds, LinearConstraint, milp  # type: ignore[import-untyped]
from scipy.sparse import coo_matrix  # type: ignore[import-untyped]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

VALUE_TOL = 1e-6
MONEY_TOL = 1e-9
# A share below this is treated as "covers nothing" (float noise of sums and differences).
SHARE_EPS = 1e-9
# brute_force enumerates 2^n subsets; 2^22 ≈ 4 million is the most that stays practical.
BRUTE_FORCE_MAX = 22
# Re-solves after a rounded solution turned out not to fit exactly (see the docstring).
_MAX_CUTS = 50

CHOSEN_REASONS: tuple[str, ...] = ("mandatory", "required_by", "honours_priority", "best_value")
UNCHOSEN_REASONS: tuple[str, ...] = (
    "over_budget_alone",
    "line_cap",
    "requires_unchosen",
    "no_need_covered",
    "nothing_left_to_cover",
    "no_room_after_mandatory",
    "same_value_more_cost",
    "displaces_higher_priority",
    "lower_value",
)
INFEASIBLE_REASONS: tuple[str, ...] = (
    "mandatory_over_budget",
    "mandatory_over_line_cap",
    "mandatory_requires_over_budget",
    "mandatory_requires_over_line_cap",
)


@dataclass(frozen=True)
class Need:
    """One gap (area × offer category) and the points for covering it fully."""

    key: str
    weight: float


@dataclass(frozen=True)
class Candidate:
    """One measure that could be funded."""

    key: str
    cost: tuple[float, ...]  # € in each budget year, same length as Problem.budget
    covers: Mapping[str, float]  # need key -> share of that need it covers (0..1)
    priority: int = 3  # lower number = more urgent
    mandatory: bool = False
    requires: tuple[str, ...] = ()  # keys of candidates that must be funded too
    line: str | None = None  # budget line key


@dataclass(frozen=True)
class Problem:
    candidates: tuple[Candidate, ...]
    needs: tuple[Need, ...]
    budget: tuple[float, ...]  # money available per year
    line_caps: Mapping[str, tuple[float, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Contribution:
    """Share of one need a candidate adds (or would add) and the points that brings."""

    need_key: str
    share: float
    points: float


@dataclass(frozen=True)
class Decision:
    """Why one candidate is in or out (codes, see the module docstring)."""

    key: str
    chosen: bool
    reason: str
    contributions: tuple[Contribution, ...]
    cost: tuple[float, ...]
    counterfactual: float | None = None
    # Values per priority of the counterfactual optimum (None as for ``counterfactual``).
    counterfactual_values: dict[int, float] | None = None
    # Candidate keys the reason refers to (required_by, requires_unchosen, nothing_left_to_cover).
    related: tuple[str, ...] = ()
    # Year index (0-based) that binds for over_budget_alone and line_cap.
    year: int | None = None

    @property
    def points(self) -> float:
        return sum(c.points for c in self.contributions)


@dataclass(frozen=True)
class Allocation:
    feasible: bool
    reason: str  # "" when feasible, else one of INFEASIBLE_REASONS
    chosen: tuple[str, ...]  # in candidate order
    values: dict[int, float]  # V_p per priority (every priority some candidate has)
    total_value: float
    cost: tuple[float, ...]  # per year
    covered: dict[str, float]  # need key -> share covered, 0..1
    decisions: tuple[Decision, ...]
    solve_seconds: float
    method: str = "milp"  # "milp", "brute_force" or "greedy"
    possible_value: float = 0.0  # Σ weights: every need fully covered
    counterfactuals: bool = False  # whether Decision.counterfactual was computed
    # For an infeasible problem: the year (0-based) and line that do not fit and the
    # mandatory measures (with what they require) that cause it.
    reason_year: int | None = None
    reason_line: str | None = None
    reason_keys: tuple[str, ...] = ()

    def decision(self, key: str) -> Decision:
        for d in self.decisions:
            if d.key == key:
                return d
        raise KeyError(key)


@dataclass(frozen=True)
class Increment:
    """What ``extra`` € more in every year would buy, compared with the budget as it is."""

    extra: float
    added: tuple[str, ...]
    dropped: tuple[str, ...]
    gain: float  # total value difference (may be negative: priorities come first)
    extra_cost: tuple[float, ...]  # per year
    allocation: Allocation  # with the larger budget
    base: Allocation  # with the budget as it is
    gains: dict[int, float] = field(default_factory=dict)  # value difference per priority


def _value_tol(value: float) -> float:
    return VALUE_TOL * max(1.0, abs(value))


def _real(value: object) -> float | None:
    """``value`` as a float if it is a finite real number (int, float, Decimal, numpy), else None."""
    if not isinstance(value, numbers.Number) or isinstance(value, complex):
        return None
    result = float(value)  # type: ignore[arg-type]
    return result if math.isfinite(result) else None


def _non_negative(values: Sequence[object]) -> list[float] | None:
    converted = [_real(v) for v in values]
    if any(v is None or v < 0 for v in converted):
        return None
    return [float(v) for v in converted if v is not None]


class _Model:
    """The validated problem as arrays; indices follow ``problem.candidates``."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        if not problem.budget:
            raise ValueError("budget needs at least one year")
        budget = _non_negative(problem.budget)
        if budget is None:
            raise ValueError(f"budget must be finite and non-negative: {problem.budget}")
        years = len(budget)
        need_keys = [n.key for n in problem.needs]
        if len(set(need_keys)) != len(need_keys):
            raise ValueError("duplicate need keys")
        weights = _non_negative([need.weight for need in problem.needs])
        if weights is None:
            bad = next(n.key for n in problem.needs if _non_negative([n.weight]) is None)
            raise ValueError(f"need {bad!r}: weight must be finite and >= 0")
        keys = [c.key for c in problem.candidates]
        if len(set(keys)) != len(keys):
            raise ValueError("duplicate candidate keys")
        index = {k: i for i, k in enumerate(keys)}
        need_index = {k: g for g, k in enumerate(need_keys)}
        n, g_count = len(keys), len(need_keys)
        cost = np.zeros((n, years))
        cover = np.zeros((n, g_count))
        requires: list[tuple[int, ...]] = []
        for i, c in enumerate(problem.candidates):
            if len(c.cost) != years:
                raise ValueError(
                    f"candidate {c.key!r}: {len(c.cost)} cost years, budget has {years}"
                )
            costs = _non_negative(c.cost)
            if costs is None:
                raise ValueError(f"candidate {c.key!r}: costs must be finite and >= 0")
            cost[i] = costs
            for need_key, share in c.covers.items():
                if need_key not in need_index:
                    raise ValueError(f"candidate {c.key!r} covers unknown need {need_key!r}")
                value = _real(share)
                if value is None or not 0.0 <= value <= 1.0:
                    raise ValueError(
                        f"candidate {c.key!r}: share of {need_key!r} must be in [0, 1]"
                    )
                cover[i, need_index[need_key]] = value
            unknown = [r for r in c.requires if r not in index]
            if unknown:
                raise ValueError(f"candidate {c.key!r} requires unknown candidates {unknown}")
            requires.append(tuple(sorted({index[r] for r in c.requires} - {i})))
        lines: list[tuple[str, list[int], FloatArray]] = []
        for line, cap in problem.line_caps.items():
            if len(cap) != years:
                raise ValueError(f"line cap {line!r}: {len(cap)} years, budget has {years}")
            caps = _non_negative(cap)
            if caps is None:
                raise ValueError(f"line cap {line!r} must be finite and non-negative")
            members = [i for i, c in enumerate(problem.candidates) if c.line == line]
            if members:  # a cap on a line nobody uses constrains nothing
                lines.append((line, members, np.asarray(caps, dtype=np.float64)))
        self.keys = tuple(keys)
        self.need_keys = tuple(need_keys)
        self.n, self.years = n, years
        self.cost = cost
        self.cover = cover
        self.weight = np.asarray(weights, dtype=np.float64)
        self.priority = np.asarray([c.priority for c in problem.candidates], dtype=np.int64)
        self.priorities = tuple(sorted({c.priority for c in problem.candidates}))
        self.mandatory = np.asarray([c.mandatory for c in problem.candidates], dtype=bool)
        self.requires = tuple(requires)
        self.budget = np.asarray(budget, dtype=np.float64)
        self.lines = tuple(lines)
        # Index into ``lines`` of each candidate's capped line, −1 for none (a candidate
        # has at most one line, so the lines partition the capped candidates).
        self.line_index = np.full(n, -1, dtype=np.int64)
        for k, (_line, members, _cap) in enumerate(lines):
            self.line_index[members] = k
        self.caps = np.stack([cap for _l, _m, cap in lines]) if lines else np.zeros((0, years))
        self.closure = tuple(self._closure({i}) for i in range(n))
        # Candidates whose coverage can earn points at all (positive share of a weighted need).
        self.useful: BoolArray = np.asarray(
            ((cover > SHARE_EPS) & (self.weight > 0)[None, :]).any(axis=1), dtype=bool
        )

    def _closure(self, start: set[int]) -> frozenset[int]:
        seen, stack = set(start), list(start)
        while stack:
            for j in self.requires[stack.pop()]:
                if j not in seen:
                    seen.add(j)
                    stack.append(j)
        return frozenset(seen)

    def closure_of(self, members: set[int]) -> frozenset[int]:
        return self._closure(members)

    def mask(self, members: set[int] | frozenset[int]) -> BoolArray:
        m = np.zeros(self.n, dtype=bool)
        m[list(members)] = True
        return m

    def misfit(self, mask: BoolArray) -> tuple[str, int, str | None] | None:
        """First budget or line cap the set exceeds: ("budget" | "line_cap", year, line)."""
        spent = self.cost[mask].sum(axis=0)
        over = spent > self.budget + MONEY_TOL * np.maximum(1.0, self.budget)
        if over.any():
            return "budget", int(np.argmax(over)), None
        if self.lines:
            in_line = mask & (self.line_index >= 0)
            line_spent = np.zeros_like(self.caps)
            np.add.at(line_spent, self.line_index[in_line], self.cost[in_line])
            line_over = line_spent > self.caps + MONEY_TOL * np.maximum(1.0, self.caps)
            if line_over.any():
                k, t = np.argwhere(line_over)[0]  # first line, then first year
                return "line_cap", int(t), self.lines[int(k)][0]
        return None

    def requires_ok(self, mask: BoolArray) -> bool:
        return all(mask[j] for i in np.flatnonzero(mask) for j in self.requires[i])

    def evaluate(self, mask: BoolArray) -> tuple[dict[int, float], FloatArray]:
        """Values per priority (credit most urgent first) and the share covered per need."""
        remaining = np.ones(len(self.need_keys))
        values: dict[int, float] = {}
        for p in self.priorities:
            cov = self.cover[mask & (self.priority == p)].sum(axis=0)
            y = np.minimum(cov, remaining)
            remaining = remaining - y
            values[p] = float(self.weight @ y)
        return values, 1.0 - remaining

    def mandatory_problem(self) -> tuple[str, int | None, str | None, tuple[str, ...]] | None:
        """Infeasibility of the mandatory measures (alone, then with what they require)."""
        own = set(np.flatnonzero(self.mandatory).tolist())
        for members, prefix in ((own, "mandatory"), (self.closure_of(own), "mandatory_requires")):
            miss = self.misfit(self.mask(members))
            if miss is not None:
                kind, year, line = miss
                suffix = "over_budget" if kind == "budget" else "over_line_cap"
                keys = tuple(self.keys[i] for i in sorted(members))
                return f"{prefix}_{suffix}", year, line, keys
        return None


def _lex_better(a: Mapping[int, float], b: Mapping[int, float], priorities: Sequence[int]) -> int:
    """+1 if values ``a`` beat ``b`` lexicographically (with VALUE_TOL), −1 if worse, 0 equal."""
    for p in priorities:
        va, vb = a.get(p, 0.0), b.get(p, 0.0)
        tol = _value_tol(max(va, vb))
        if va > vb + tol:
            return 1
        if va < vb - tol:
            return -1
    return 0


class _Milp:
    """The integer programme of the module docstring, solved stage by stage."""

    def __init__(self, model: _Model) -> None:
        self.model = model
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
    ) -> tuple[BoolArray, float]:
        """One stage. ``known``: a feasible set and its objective value, if there is one.

        HiGHS cannot be given a starting solution through ``milp``, but its option
        ``objective_bound`` (passed through verbatim) prunes every node that cannot beat
        that value, as an incumbent would: a bound, not a tolerance, so the optimum found
        is the same. If nothing beats the bound, HiGHS reports "infeasible" and the known
        set is the optimum.
        """
        model = self.model
        n = model.n
        options: dict[str, float | bool] = {"mip_rel_gap": 0.0, "disp": False}
        if known is not None:
            options["objective_bound"] = known[1] + VALUE_TOL * max(1.0, abs(known[1]))
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


def _drop_free_useless(model: _Model, mask: BoolArray) -> BoolArray:
    """Remove chosen measures that cost nothing, add nothing and nobody needs."""
    mask = mask.copy()
    values, _covered = model.evaluate(mask)
    changed = True
    while changed:
        changed = False
        for i in np.flatnonzero(mask):
            if model.mandatory[i] or model.cost[i].any():
                continue
            if any(mask[j] and i in model.requires[j] for j in range(model.n) if j != i):
                continue
            trial = mask.copy()
            trial[i] = False
            trial_values, _ = model.evaluate(trial)
            if _lex_better(values, trial_values, model.priorities) == 0:
                mask, values, changed = trial, trial_values, True
    return mask


CounterfactualFn = Callable[[int, bool], dict[int, float] | None]


def _explain(
    model: _Model,
    mask: BoolArray,
    values: Mapping[int, float],
    counterfactual: CounterfactualFn | None,
) -> tuple[Decision, ...]:
    total = sum(values.values())
    coverage = model.cover[mask].sum(axis=0)
    covered = np.minimum(1.0, coverage)
    own_mandatory = set(np.flatnonzero(model.mandatory).tolist())
    decisions: list[Decision] = []
    for i in range(model.n):
        key = model.keys[i]
        chosen = bool(mask[i])
        if chosen:
            share = covered - np.minimum(1.0, coverage - model.cover[i])
        else:
            share = np.minimum(1.0, coverage + model.cover[i]) - covered
        share = np.where((model.cover[i] > 0) & (share > SHARE_EPS), share, 0.0)
        contributions = tuple(
            Contribution(model.need_keys[g], float(share[g]), float(share[g] * model.weight[g]))
            for g in np.flatnonzero(share)
        )
        points = sum(c.points for c in contributions)
        cf_values = counterfactual(i, not chosen) if counterfactual is not None else None
        cf_total = None if cf_values is None else sum(cf_values.values())
        related: tuple[str, ...] = ()
        year: int | None = None
        if chosen:
            requirers = tuple(
                model.keys[j] for j in np.flatnonzero(mask) if j != i and i in model.requires[j]
            )
            if model.mandatory[i]:
                reason = "mandatory"
            elif requirers:
                reason, related = "required_by", requirers
            elif cf_values is not None and cf_total is not None:
                worse = _lex_better(cf_values, values, model.priorities) < 0
                no_total_loss = cf_total >= total - _value_tol(total)
                reason = "honours_priority" if worse and no_total_loss else "best_value"
            elif points <= _value_tol(total):
                # Adds no total value but is kept: its credit goes to a more urgent priority.
                without = mask.copy()
                without[i] = False
                worse = _lex_better(model.evaluate(without)[0], values, model.priorities) < 0
                reason = "honours_priority" if worse else "best_value"
            else:
                reason = "best_value"
        else:
            alone = model.misfit(model.mask({i}))
            unchosen_required = tuple(model.keys[j] for j in model.requires[i] if not mask[j])
            if alone is not None:
                reason = "over_budget_alone" if alone[0] == "budget" else "line_cap"
                year = alone[1]
            elif unchosen_required:
                reason, related = "requires_unchosen", unchosen_required
            elif not model.useful[i]:
                reason = "no_need_covered"
            elif points <= VALUE_TOL:
                reason = "nothing_left_to_cover"
                needs = (model.cover[i] > 0) & (model.weight > 0)
                chosen_idx = np.flatnonzero(mask)
                covering = (model.cover[chosen_idx][:, needs] > 0).any(axis=1)
                related = tuple(model.keys[j] for j in chosen_idx[covering])
            elif model.misfit(model.mask(model.closure_of(own_mandatory | {i}))) is not None:
                reason = "no_room_after_mandatory"
            elif cf_values is not None:
                first_loss = next(
                    (
                        p
                        for p in model.priorities
                        if cf_values.get(p, 0.0)
                        < values.get(p, 0.0) - _value_tol(values.get(p, 0.0))
                    ),
                    None,
                )
                if first_loss is None:
                    reason = "same_value_more_cost"
                elif first_loss < model.priority[i]:
                    reason = "displaces_higher_priority"
                else:
                    reason = "lower_value"
            else:
                reason = "lower_value"
        decisions.append(
            Decision(
                key=key,
                chosen=chosen,
                reason=reason,
                contributions=contributions,
                cost=tuple(float(v) for v in model.cost[i]),
                counterfactual=cf_total,
                counterfactual_values=cf_values,
                related=related,
                year=year,
            )
        )
    return tuple(decisions)


def _result(
    model: _Model,
    mask: BoolArray,
    *,
    method: str,
    seconds: float,
    counterfactual: CounterfactualFn | None = None,
    explain: bool = True,
) -> Allocation:
    values, covered = model.evaluate(mask)
    decisions = _explain(model, mask, values, counterfactual) if explain else ()
    return Allocation(
        feasible=True,
        reason="",
        chosen=tuple(k for k, m in zip(model.keys, mask, strict=True) if m),
        values=values,
        total_value=float(model.weight @ covered),
        cost=tuple(float(v) for v in model.cost[mask].sum(axis=0)),
        covered={k: float(c) for k, c in zip(model.need_keys, covered, strict=True)},
        decisions=decisions,
        solve_seconds=seconds,
        method=method,
        possible_value=float(model.weight.sum()),
        counterfactuals=counterfactual is not None,
    )


def _infeasible(model: _Model, method: str, seconds: float = 0.0) -> Allocation | None:
    problem = model.mandatory_problem()
    if problem is None:
        return None
    reason, year, line, keys = problem
    return Allocation(
        feasible=False,
        reason=reason,
        chosen=(),
        values={p: 0.0 for p in model.priorities},
        total_value=0.0,
        cost=tuple(0.0 for _ in range(model.years)),
        covered=dict.fromkeys(model.need_keys, 0.0),
        decisions=(),
        solve_seconds=seconds,
        method=method,
        possible_value=float(model.weight.sum()),
        reason_year=year,
        reason_line=line,
        reason_keys=keys,
    )


def _forced_feasible(model: _Model, i: int, chosen: bool) -> bool:
    """Whether some feasible set has x_i = ``chosen`` (costs are non-negative)."""
    own = set(np.flatnonzero(model.mandatory).tolist())
    if not chosen:
        return i not in model.closure_of(own)
    return model.misfit(model.mask(model.closure_of(own | {i}))) is None


def allocate(
    problem: Problem, *, explain: bool = True, counterfactual_limit: int = 60
) -> Allocation:
    """The exact lexicographic optimum (see the module docstring), with explanations.

    ``explain=False`` skips the decisions (and the counterfactual solves, one lexicographic
    solve per candidate, done only for at most ``counterfactual_limit`` candidates).
    """
    model = _Model(problem)
    start = time.perf_counter()
    infeasible = _infeasible(model, "milp")
    if infeasible is not None:
        return replace(infeasible, solve_seconds=time.perf_counter() - start)
    solver = _Milp(model)
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
