"""Problem, result types and the evaluation of a chosen set (see the package docstring)."""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

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
