"""Reason codes, contributions and counterfactuals of each decision; the result."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from .problem import (
    SHARE_EPS,
    VALUE_TOL,
    Allocation,
    BoolArray,
    Contribution,
    Decision,
    _lex_better,
    _Model,
    _value_tol,
)


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
