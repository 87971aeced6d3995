"""Budget allocation: hand-computed cases, brute force as the reference, validation.

Every hand case has its arithmetic in the comments. Unless said otherwise a need has share
1 from the candidate that covers it, so a candidate's stand-alone value is the need's
weight; priority 3 is the default.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sozialplanung.analysis.allocation import (
    CHOSEN_REASONS,
    INFEASIBLE_REASONS,
    UNCHOSEN_REASONS,
    Allocation,
    Candidate,
    Need,
    Problem,
    allocate,
    brute_force,
    greedy,
    next_increment,
)

TOL = 1e-6


def one_need_each(
    spec: dict[str, tuple[float, float]], budget: float, **extra: dict[str, object]
) -> Problem:
    """Candidate k costs spec[k][0] and covers its own need "n_k" of weight spec[k][1]."""
    candidates = tuple(
        Candidate(k, (cost,), {f"n_{k}": 1.0}, **extra.get(k, {})) for k, (cost, _w) in spec.items()
    )
    needs = tuple(Need(f"n_{k}", w) for k, (_c, w) in spec.items())
    return Problem(candidates, needs, (budget,))


# --- hand-computed cases -------------------------------------------------------------


def test_knapsack_where_value_per_euro_is_wrong() -> None:
    # Budget 100. A: 51 € for 52 points (1.02 per €), B and C: 50 € for 50 points (1.00).
    # By value per euro A comes first, then neither B nor C fits (51 + 50 = 101 > 100): 52.
    # The optimum is B + C = 100 € for 100 points.
    problem = one_need_each({"A": (51, 52), "B": (50, 50), "C": (50, 50)}, 100)
    result = allocate(problem)
    assert result.feasible and result.reason == ""
    assert result.chosen == ("B", "C")
    assert result.total_value == pytest.approx(100)
    assert result.values == {3: pytest.approx(100)}
    assert result.cost == (100.0,)
    assert result.possible_value == pytest.approx(152)
    assert greedy(problem).chosen == ("A",)
    assert greedy(problem).total_value == pytest.approx(52)


def test_capped_coverage_counts_a_need_once() -> None:
    # One need of weight 80; A covers 60 % of it, B 70 %, 10 € each, budget 20.
    # Together 130 % counts as 100 %: 80 points, not 0.6·80 + 0.7·80 = 104.
    # Given B, A adds only the remaining 30 % (24 points); given A, B adds 40 % (32).
    problem = Problem(
        (Candidate("A", (10,), {"g": 0.6}), Candidate("B", (10,), {"g": 0.7})),
        (Need("g", 80),),
        (20,),
    )
    result = allocate(problem)
    assert result.chosen == ("A", "B")
    assert result.total_value == pytest.approx(80)
    assert result.covered == {"g": pytest.approx(1.0)}
    a, b = result.decisions
    assert [(c.need_key, c.share, c.points) for c in a.contributions] == [
        ("g", pytest.approx(0.3), pytest.approx(24))
    ]
    assert b.points == pytest.approx(32)
    # With a third measure C (10 €, its own need of 30 points) and the same budget of 20:
    # A + B = 80, B + C = 0.7·80 + 30 = 86, A + C = 0.6·80 + 30 = 78. B + C wins; A would
    # add only the 30 % B leaves (24 points), C adds 30.
    problem = Problem(
        (*problem.candidates, Candidate("C", (10,), {"h": 1.0})),
        (*problem.needs, Need("h", 30)),
        (20,),
    )
    result = allocate(problem)
    assert result.chosen == ("B", "C")
    assert result.total_value == pytest.approx(86)
    assert result.decision("A").points == pytest.approx(24)
    assert result.decision("A").reason == "lower_value"


def test_more_urgent_priority_comes_first() -> None:
    # Budget 100. A (priority 2): 100 € for 40 points. B, C (priority 3): 50 € for 50 each.
    # B + C would give 100 points, but priority 2 is maximised first: A alone, 40 points.
    problem = one_need_each({"A": (100, 40), "B": (50, 50), "C": (50, 50)}, 100, A={"priority": 2})
    result = allocate(problem)
    assert result.chosen == ("A",)
    assert result.values == {2: pytest.approx(40), 3: pytest.approx(0)}
    assert result.total_value == pytest.approx(40)
    a = result.decision("A")
    # Without A: B + C, 100 points in priority 3 and none in priority 2.
    assert a.reason == "honours_priority"
    assert a.counterfactual == pytest.approx(100)
    assert a.counterfactual_values == {2: pytest.approx(0), 3: pytest.approx(100)}
    # Forcing B in leaves 50 €: A no longer fits (150 > 100), C does: {2: 0, 3: 100}.
    b = result.decision("B")
    assert b.reason == "displaces_higher_priority"
    assert b.counterfactual == pytest.approx(100)


def test_credit_goes_to_the_more_urgent_priority() -> None:
    # One need of weight 50 covered fully by A (priority 2, 30 €) and by B (priority 3,
    # 20 €); B also covers need h (weight 10). Budget 50: both fit. Credit for g goes to
    # priority 2 (50), priority 3 gets only h (10). Total 60, not 110.
    problem = Problem(
        (
            Candidate("A", (30,), {"g": 1.0}, priority=2),
            Candidate("B", (20,), {"g": 1.0, "h": 1.0}, priority=3),
        ),
        (Need("g", 50), Need("h", 10)),
        (50,),
    )
    result = allocate(problem)
    assert result.chosen == ("A", "B")
    assert result.values == {2: pytest.approx(50), 3: pytest.approx(10)}
    # A adds nothing to the total (B covers g as well) but priority 2 would lose its 50.
    assert result.decision("A").points == pytest.approx(0)
    assert result.decision("A").reason == "honours_priority"
    assert result.decision("B").reason == "best_value"


def test_mandatory_measure_is_funded_first() -> None:
    # Budget 100. M is mandatory: 60 € for 5 points. Without it A + B (50 + 40 = 90 €) would
    # give 50 + 30 = 80. With M only 40 € remain: B (30 points) fits, A (50 €) does not.
    problem = one_need_each(
        {"M": (60, 5), "A": (50, 50), "B": (40, 30)}, 100, M={"mandatory": True}
    )
    result = allocate(problem)
    assert result.chosen == ("M", "B")
    assert result.total_value == pytest.approx(35)
    assert result.decision("M").reason == "mandatory"
    assert result.decision("M").counterfactual is None  # M cannot be left out
    a = result.decision("A")
    assert a.reason == "no_room_after_mandatory"
    assert a.counterfactual is None  # M + A = 110 > 100: infeasible


def test_dependency_is_funded_with_what_requires_it() -> None:
    # Budget 100. A: 10 € for 80 points but requires B (60 €, no points of its own).
    # C: 50 € for 50, D: 50 € for 45. A + B cost 70 and leave 30: nothing else fits → 80.
    # C + D cost 100 → 95. So C + D; without the dependency A + C (60 €, 130) would win.
    spec = {"A": (10, 80), "B": (60, 0), "C": (50, 50), "D": (50, 45)}
    problem = one_need_each(spec, 100, A={"requires": ("B",)})
    result = allocate(problem)
    assert result.chosen == ("C", "D")
    assert result.total_value == pytest.approx(95)
    assert result.decision("A").reason == "requires_unchosen"
    assert result.decision("A").related == ("B",)
    assert result.decision("B").reason == "no_need_covered"
    free = one_need_each(spec, 100)
    assert allocate(free).chosen == ("A", "C")
    # If B costs 40, A + B + C = 100 € for 130 points; B is in because A needs it.
    cheaper = one_need_each({**spec, "B": (40, 0)}, 100, A={"requires": ("B",)})
    result = allocate(cheaper)
    assert result.chosen == ("A", "B", "C")
    assert result.total_value == pytest.approx(130)
    assert result.decision("B").reason == "required_by"
    assert result.decision("B").related == ("A",)


def test_requirement_cycle_means_both_or_neither() -> None:
    # A and B require each other, 30 € each, 20 points each; C 50 € for 30 points.
    # Budget 60: A + B = 40 points, C alone 30 points (A alone is not allowed) → A + B.
    spec = {"A": (30, 20), "B": (30, 20), "C": (50, 30)}
    problem = one_need_each(spec, 60, A={"requires": ("B",)}, B={"requires": ("A",)})
    assert allocate(problem).chosen == ("A", "B")
    assert brute_force(problem).chosen == ("A", "B")
    # Budget 50: A + B do not fit together, so neither; C.
    problem = one_need_each(spec, 50, A={"requires": ("B",)}, B={"requires": ("A",)})
    assert allocate(problem).chosen == ("C",)


def test_one_off_costs_in_year_one_bind() -> None:
    # Two years of 100 each. A: 70 € in year 1 (investment) + 10 € in year 2, 60 points.
    # B: 40 € in each year, 35 points; C: the same for 34 points.
    # Year 1: A + B = 110 > 100, so A only alone (60); B + C = 80 in each year → 69 points.
    # Summed over both years (budget 200) A + B (80 + 80 = 160) would look best at 95
    # (A + C 94, B + C 69).
    problem = Problem(
        (
            Candidate("A", (70, 10), {"a": 1.0}),
            Candidate("B", (40, 40), {"b": 1.0}),
            Candidate("C", (40, 40), {"c": 1.0}),
        ),
        (Need("a", 60), Need("b", 35), Need("c", 34)),
        (100, 100),
    )
    result = allocate(problem)
    assert result.chosen == ("B", "C")
    assert result.cost == (80.0, 80.0)
    assert result.total_value == pytest.approx(69)
    a = result.decision("A")
    assert a.reason == "lower_value"
    assert a.counterfactual == pytest.approx(60)  # forced in, nothing else fits year 1
    summed = Problem(
        tuple(Candidate(c.key, (sum(c.cost),), c.covers) for c in problem.candidates),
        problem.needs,
        (200,),
    )
    assert allocate(summed).chosen == ("A", "B")
    # The investment moved to year 2 (10 + 70): then year 2 binds the same way.
    later = Problem(
        (Candidate("A", (10, 70), {"a": 1.0}), *problem.candidates[1:]),
        problem.needs,
        (100, 100),
    )
    assert allocate(later).chosen == ("B", "C")


def test_line_caps() -> None:
    # Budget 200; line L1 capped at 60. A (L1): 50 € / 50 points, B (L1): 40 € / 45,
    # C (L2, uncapped): 100 € / 40, D (L1): 70 € / 100, over the cap on its own.
    # Capped: one of A, B in L1 (together 90 > 60): A + C = 90 points, B + C = 85 → A + C.
    problem = Problem(
        (
            Candidate("A", (50,), {"a": 1.0}, line="L1"),
            Candidate("B", (40,), {"b": 1.0}, line="L1"),
            Candidate("C", (100,), {"c": 1.0}, line="L2"),
            Candidate("D", (70,), {"d": 1.0}, line="L1"),
        ),
        (Need("a", 50), Need("b", 45), Need("c", 40), Need("d", 100)),
        (200,),
        {"L1": (60,)},
    )
    result = allocate(problem)
    assert result.chosen == ("A", "C")
    assert result.total_value == pytest.approx(90)
    assert result.decision("B").reason == "lower_value"
    assert result.decision("B").counterfactual == pytest.approx(85)
    d = result.decision("D")
    assert (d.reason, d.year, d.counterfactual) == ("line_cap", 0, None)
    uncapped = Problem(problem.candidates, problem.needs, (200,))
    # Without the cap: A + B + D = 160 € for 195 points (C no longer fits: 260);
    # A + B + C = 190 € for 135; C + D = 170 € for 140.
    assert allocate(uncapped).chosen == ("A", "B", "D")
    assert allocate(uncapped).total_value == pytest.approx(195)


def test_infeasible_mandatory() -> None:
    # M1 (60 €) and M2 (50 €) are mandatory, budget 100: 110 > 100.
    problem = one_need_each(
        {"M1": (60, 10), "M2": (50, 10), "A": (10, 10)},
        100,
        M1={"mandatory": True},
        M2={"mandatory": True},
    )
    for solve in (allocate, brute_force, greedy):
        result = solve(problem)
        assert not result.feasible
        assert result.reason == "mandatory_over_budget"
        assert (result.reason_year, result.reason_keys) == (0, ("M1", "M2"))
        assert result.chosen == () and result.total_value == 0
    # M (60 €) fits alone but requires R (50 €): 110 > 100.
    problem = one_need_each(
        {"M": (60, 10), "R": (50, 0)}, 100, M={"mandatory": True, "requires": ("R",)}
    )
    result = allocate(problem)
    assert result.reason == "mandatory_requires_over_budget"
    assert result.reason_keys == ("M", "R")
    # Over a line cap in year 2.
    problem = Problem(
        (Candidate("M", (10, 80), {}, mandatory=True, line="L"),),
        (),
        (100, 100),
        {"L": (50, 50)},
    )
    result = allocate(problem)
    assert (result.reason, result.reason_year, result.reason_line) == (
        "mandatory_over_line_cap",
        1,
        "L",
    )
    assert result.reason in INFEASIBLE_REASONS


def test_next_increment_swaps_a_measure() -> None:
    # Budget 100,000 €. A: 60,000 € / 60 points, B: 50,000 € / 50, C: 40,000 € / 30,
    # D: 55,000 € / 58.
    # At 100,000: A + C = 90 (100,000 €); D + C = 88; B + C = 80; A + B does not fit.
    # At 110,000: A + B = 110 (110,000 €); D + B = 108 (105,000 €); A + C still 90.
    # So +10,000 € drops C and adds B: gain 20, extra cost 10,000 €.
    problem = one_need_each(
        {"A": (60_000, 60), "B": (50_000, 50), "C": (40_000, 30), "D": (55_000, 58)}, 100_000
    )
    step = next_increment(problem, 10_000)
    assert step.base.chosen == ("A", "C")
    assert step.allocation.chosen == ("A", "B")
    assert step.added == ("B",)
    assert step.dropped == ("C",)
    assert step.gain == pytest.approx(20)
    assert step.gains == {3: pytest.approx(20)}
    assert step.extra_cost == (pytest.approx(10_000),)
    assert step.extra == 10_000


def test_next_increment_adds_one() -> None:
    # Budget 100,000 €: A (60,000 €, 60) + B (40,000 €, 30) = 90 points, nothing left.
    # +10,000 €: C (10,000 €, 5) fits as well → gain 5.
    problem = one_need_each({"A": (60_000, 60), "B": (40_000, 30), "C": (10_000, 5)}, 100_000)
    step = next_increment(problem, 10_000)
    assert (step.added, step.dropped) == (("C",), ())
    assert step.gain == pytest.approx(5)
    assert step.extra_cost == (pytest.approx(10_000),)


def test_decisions_on_a_small_case() -> None:
    # Budget 100. A (priority 2): 100 € for need n1 (40). B, C: 50 € for n2, n3 (50 each).
    # D: 200 €, over the budget alone. E: 10 €, covers n1 only, which A already covers.
    # F: 5 €, covers nothing. G: 5 € for half of n4 (10), but requires D.
    # Priority 2 first: A (40 points) uses the whole budget, so A alone.
    problem = Problem(
        (
            Candidate("A", (100,), {"n1": 1.0}, priority=2),
            Candidate("B", (50,), {"n2": 1.0}),
            Candidate("C", (50,), {"n3": 1.0}),
            Candidate("D", (200,), {"n4": 1.0}),
            Candidate("E", (10,), {"n1": 1.0}),
            Candidate("F", (5,), {}),
            Candidate("G", (5,), {"n4": 0.5}, requires=("D",)),
        ),
        (Need("n1", 40), Need("n2", 50), Need("n3", 50), Need("n4", 10)),
        (100,),
    )
    result = allocate(problem)
    assert result.chosen == ("A",)
    assert result.values == {2: pytest.approx(40), 3: pytest.approx(0)}
    reasons = {d.key: d.reason for d in result.decisions}
    assert reasons == {
        "A": "honours_priority",
        "B": "displaces_higher_priority",
        "C": "displaces_higher_priority",
        "D": "over_budget_alone",
        "E": "nothing_left_to_cover",
        "F": "no_need_covered",
        "G": "requires_unchosen",
    }
    by_key = {d.key: d for d in result.decisions}
    # Without A: nothing else has priority 2; B + C give 100 in priority 3.
    assert by_key["A"].counterfactual == pytest.approx(100)
    # B forced in: A no longer fits (150 > 100), so priority 2 gets 0; B + C = 100.
    assert by_key["B"].counterfactual == pytest.approx(100)
    assert by_key["B"].counterfactual_values == {2: pytest.approx(0), 3: pytest.approx(100)}
    # E forced in: A does not fit beside it (110); E (now credited to priority 3, 40) + B
    # (50) = 60 €, C does not fit any more (110): 90.
    assert by_key["E"].counterfactual == pytest.approx(90)
    # F forced in: A does not fit (105); F + B + E = 65 € for 50 + 40 = 90.
    assert by_key["F"].counterfactual == pytest.approx(90)
    assert by_key["D"].year == 0 and by_key["D"].counterfactual is None
    assert by_key["E"].related == ("A",)
    assert by_key["E"].contributions == ()
    assert by_key["G"].related == ("D",)
    assert by_key["G"].counterfactual is None  # G needs D, which never fits
    # What each would add on top of {A}: B its whole need n2 (50 points), G half of n4.
    assert [(c.need_key, c.share, c.points) for c in by_key["B"].contributions] == [
        ("n2", 1.0, 50.0)
    ]
    assert by_key["G"].points == pytest.approx(5)
    assert by_key["A"].cost == (100.0,)
    assert result.counterfactuals
    # Brute force explains the same case identically.
    reference = brute_force(problem)
    assert [(d.key, d.reason) for d in reference.decisions] == list(reasons.items())
    for ours, ref in zip(result.decisions, reference.decisions, strict=True):
        assert (ours.counterfactual is None) == (ref.counterfactual is None)
        if ref.counterfactual is not None:
            assert ours.counterfactual == pytest.approx(ref.counterfactual)
    # Above the limit no counterfactuals are computed; the codes that need them fall back
    # (A adds 40 points nobody else covers: best_value; B: lower_value).
    quick = allocate(problem, counterfactual_limit=3)
    assert not quick.counterfactuals
    assert quick.chosen == result.chosen
    assert quick.decision("A").counterfactual is None
    assert (quick.decision("A").reason, quick.decision("B").reason) == ("best_value", "lower_value")


def test_same_value_for_more_money() -> None:
    # Budget 60; needs a, b, c of 10 points each. Y: 50 € covers a and b. X: 40 € covers c.
    # Z: 20 € covers a. Best value 20: Y (50 €) or X + Z (60 €) → Y, the cheaper.
    # X would add c on top of Y but does not fit beside it; forced in, X + Z reach the same
    # 20 points for 10 € more. Z adds nothing on top of Y (a is covered).
    problem = Problem(
        (
            Candidate("Y", (50,), {"a": 1.0, "b": 1.0}),
            Candidate("X", (40,), {"c": 1.0}),
            Candidate("Z", (20,), {"a": 1.0}),
        ),
        (Need("a", 10), Need("b", 10), Need("c", 10)),
        (60,),
    )
    result = allocate(problem)
    assert result.chosen == ("Y",)
    assert [(d.key, d.reason) for d in result.decisions] == [
        ("Y", "best_value"),
        ("X", "same_value_more_cost"),
        ("Z", "nothing_left_to_cover"),
    ]
    assert result.decision("X").counterfactual == pytest.approx(20)
    assert result.decision("X").points == pytest.approx(10)
    assert result.decision("Z").related == ("Y",)
    # Without Y: X + Z, the same 20 points.
    assert result.decision("Y").counterfactual == pytest.approx(20)
    assert set(CHOSEN_REASONS).isdisjoint(UNCHOSEN_REASONS)


# --- edge cases ---------------------------------------------------------------------


def test_edge_cases() -> None:
    empty = allocate(Problem((), (Need("n", 10),), (100,)))
    assert empty.feasible and empty.chosen == () and empty.values == {}
    assert empty.covered == {"n": 0.0} and empty.cost == (0.0,)
    # No needs: nothing is worth buying but the mandatory one.
    no_needs = Problem(
        (Candidate("A", (10,), {}), Candidate("M", (10,), {}, mandatory=True)), (), (100,)
    )
    assert allocate(no_needs).chosen == ("M",)
    assert allocate(no_needs).decision("A").reason == "no_need_covered"
    # Zero budget: only what costs nothing (and adds something) is funded.
    zero = one_need_each({"A": (10, 10), "B": (0, 5), "C": (0, 0)}, 0)
    result = allocate(zero)
    assert result.chosen == ("B",)
    assert result.decision("A").reason == "over_budget_alone"
    assert result.decision("C").reason == "no_need_covered"
    # A need nobody covers stays uncovered; a need of weight 0 earns nothing.
    result = allocate(
        Problem(
            (Candidate("A", (10,), {"a": 0.5, "z": 1.0}),),
            (Need("a", 10), Need("b", 20), Need("z", 0)),
            (10,),
        )
    )
    assert result.chosen == ("A",)
    assert result.covered == {"a": 0.5, "b": 0.0, "z": 1.0}
    assert result.total_value == pytest.approx(5)
    assert result.possible_value == pytest.approx(30)
    # Free and useless measures are not listed as chosen even though they cost nothing.
    assert allocate(one_need_each({"A": (0, 0)}, 10)).chosen == ()
    # Brute force and greedy handle the same shapes.
    for problem in (
        Problem((), (Need("n", 10),), (100, 50)),
        Problem((), (), (0,)),
        no_needs,
        zero,
        one_need_each({"A": (0, 0)}, 10),
    ):
        ours, reference, heuristic = allocate(problem), brute_force(problem), greedy(problem)
        assert ours.chosen == reference.chosen
        assert ours.values == reference.values
        assert ours.cost == reference.cost == heuristic.cost


def test_decimal_and_numpy_amounts() -> None:
    # Money from the database arrives as Decimal; numpy numbers are fine too. Same case as
    # the knapsack above: B + C.
    problem = Problem(
        (
            Candidate("A", (Decimal("51.00"),), {"a": Decimal("1")}),  # type: ignore[arg-type]
            Candidate("B", (np.int64(50),), {"b": np.float64(1.0)}),  # type: ignore[arg-type]
            Candidate("C", (50,), {"c": 1}),
        ),
        (Need("a", Decimal("52")), Need("b", 50), Need("c", np.float32(50))),  # type: ignore[arg-type]
        (Decimal("100.00"),),  # type: ignore[arg-type]
        {"L": (Decimal("500"),)},  # type: ignore[dict-item]
    )
    result = allocate(problem)
    assert result.chosen == ("B", "C")
    assert result.total_value == pytest.approx(100)
    assert next_increment(problem, Decimal("1")).added == ("A",)  # type: ignore[arg-type]


def test_validation_errors() -> None:
    need = (Need("n", 10),)
    cases: list[tuple[Problem, str]] = [
        (Problem((Candidate("A", (10,), {"x": 1.0}),), need, (10,)), "unknown need"),
        (Problem((Candidate("A", (-1,), {}),), need, (10,)), "costs must be"),
        (Problem((Candidate("A", (1,), {"n": 1.5}),), need, (10,)), r"\[0, 1\]"),
        (Problem((Candidate("A", (1,), {"n": -0.1}),), need, (10,)), r"\[0, 1\]"),
        (Problem((Candidate("A", (1, 2), {}),), need, (10,)), "cost years"),
        (Problem((Candidate("A", (1,), {}, requires=("Z",)),), need, (10,)), "unknown candidates"),
        (Problem((Candidate("A", (1,), {}), Candidate("A", (1,), {})), need, (10,)), "duplicate"),
        (Problem((), (Need("n", 1), Need("n", 2)), (10,)), "duplicate"),
        (Problem((), (Need("n", -1),), (10,)), "weight"),
        (Problem((), need, ()), "at least one year"),
        (Problem((), need, (-5,)), "non-negative"),
        (Problem((), need, (float("nan"),)), "finite"),
        (Problem((Candidate("A", (float("inf"),), {}),), need, (10,)), "finite"),
        (Problem((), need, (10,), {"L": (1, 2)}), "line cap"),
        (Problem((), need, (10,), {"L": (-1,)}), "line cap"),
        (Problem((Candidate("A", ("10",), {}),), need, (10,)), "costs must be"),  # type: ignore[arg-type]
        (Problem((Candidate("A", (1,), {"n": None}),), need, (10,)), r"\[0, 1\]"),  # type: ignore[dict-item]
    ]
    for problem, message in cases:
        for solve in (allocate, brute_force, greedy):
            with pytest.raises(ValueError, match=message):
                solve(problem)
    with pytest.raises(ValueError, match="extra"):
        next_increment(Problem((), need, (10,)), float("nan"))
    many = Problem(tuple(Candidate(f"c{i}", (1,), {}) for i in range(23)), (), (10,))
    with pytest.raises(ValueError, match="22"):
        brute_force(many)


# --- property test against brute force ------------------------------------------------

SHARES = st.sampled_from([0.25, 0.5, 0.75, 1.0, 0.3, 0.6])


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    """Small random problems; integer money and weights, so ties are frequent and exact.

    The trivial shapes (no candidates, no needs) are covered by the hand cases; here every
    candidate covers something, so that most examples have a real choice to make.
    """
    years = draw(st.integers(1, 2))
    n_needs = draw(st.integers(1, 5))
    needs = tuple(Need(f"g{g}", float(draw(st.integers(0, 100)))) for g in range(n_needs))
    n = draw(st.integers(2, 10))
    candidates = []
    for i in range(n):
        covered = draw(st.lists(st.integers(0, n_needs - 1), min_size=1, max_size=3, unique=True))
        with_requires = draw(st.integers(0, 4)) == 0
        requires = (
            draw(st.lists(st.integers(0, n - 1), max_size=2, unique=True)) if with_requires else []
        )
        candidates.append(
            Candidate(
                key=f"c{i}",
                cost=tuple(float(draw(st.integers(0, 60))) for _ in range(years)),
                covers={f"g{g}": draw(SHARES) for g in covered},
                priority=draw(st.integers(2, 3)),
                mandatory=draw(st.integers(0, 14)) == 0,
                requires=tuple(f"c{j}" for j in requires),
                line=draw(st.sampled_from([None, "L0", "L1"])),
            )
        )
    budget = tuple(float(draw(st.integers(20, 200))) for _ in range(years))
    caps = {
        line: tuple(float(draw(st.integers(0, 120))) for _ in range(years))
        for line in ("L0", "L1")
        if draw(st.booleans())
    }
    return Problem(tuple(candidates), needs, budget, caps)


def lexicographic_order(a: Allocation, b: Allocation) -> int:
    """+1 if a's values beat b's (most urgent priority first), −1 if worse, 0 if equal."""
    for p in sorted(set(a.values) | set(b.values)):
        va, vb = a.values.get(p, 0.0), b.values.get(p, 0.0)
        if va > vb + TOL * max(1.0, vb):
            return 1
        if va < vb - TOL * max(1.0, vb):
            return -1
    return 0


def fits(problem: Problem, chosen: tuple[str, ...]) -> bool:
    by_key = {c.key: c for c in problem.candidates}
    for t, limit in enumerate(problem.budget):
        if sum(by_key[k].cost[t] for k in chosen) > limit + 1e-9:
            return False
    for line, cap in problem.line_caps.items():
        for t, limit in enumerate(cap):
            if sum(by_key[k].cost[t] for k in chosen if by_key[k].line == line) > limit + 1e-9:
                return False
    return all(r in chosen for k in chosen for r in by_key[k].requires) and all(
        c.key in chosen for c in problem.candidates if c.mandatory
    )


@settings(max_examples=150, deadline=None)
@given(problems())
def test_milp_agrees_with_brute_force(problem: Problem) -> None:
    ours = allocate(problem, explain=False)
    reference = brute_force(problem, explain=False)
    assert ours.feasible == reference.feasible
    assert ours.reason == reference.reason
    if not ours.feasible:
        return
    assert fits(problem, ours.chosen)
    assert ours.values.keys() == reference.values.keys()
    for p, value in reference.values.items():
        assert ours.values[p] == pytest.approx(value, rel=TOL, abs=TOL)
    assert sum(ours.cost) == pytest.approx(sum(reference.cost), rel=TOL, abs=TOL)
    # The heuristic never beats the optimum: lexicographically lower, or equal and dearer.
    heuristic = greedy(problem)
    assert heuristic.feasible and fits(problem, heuristic.chosen)
    order = lexicographic_order(heuristic, ours)
    assert order <= 0
    if order == 0:
        assert sum(heuristic.cost) >= sum(ours.cost) - TOL * max(1.0, sum(ours.cost))


@settings(max_examples=25, deadline=None)
@given(problems())
def test_counterfactuals_agree_with_brute_force(problem: Problem) -> None:
    ours = allocate(problem)
    reference = brute_force(problem)
    if not ours.feasible:
        return
    for mine, ref in zip(ours.decisions, reference.decisions, strict=True):
        assert (mine.counterfactual is None) == (ref.counterfactual is None), mine.key
        if ref.counterfactual_values is not None:
            assert mine.counterfactual_values is not None
            for p, value in ref.counterfactual_values.items():
                assert mine.counterfactual_values[p] == pytest.approx(value, rel=TOL, abs=TOL)
        assert mine.reason in (CHOSEN_REASONS if mine.chosen else UNCHOSEN_REASONS)
