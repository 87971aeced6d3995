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

**Solver.** HiGHS (branch and cut, through ``highspy``), one solve per priority that can
earn points plus one for the cost, with ``mip_rel_gap=0``. HiGHS then stops on its
absolute gap (``mip_abs_gap``, 1e-6 by default): 1e-6 points in the value stages, 1e-6 €
in the cost stage, both below the tolerances below. Binary values are rounded
(``x > 0.5``) and the rounded set is re-checked against budget and caps exactly; a set
that only fits within HiGHS's feasibility tolerance is cut off (a "no-good" cut that
excludes exactly that set) and the stage solved again. Each stage after the first hands
HiGHS the previous stage's set (which satisfies every fix so far) as its option
``objective_bound``: nodes that cannot beat that set are pruned, which does not change
the optimum; if nothing beats it, HiGHS answers "infeasible" and that set is the
optimum. The first value stage gets such a set from a rough solve (relative gap 0.1 %),
and every stage that starts from a known set runs without HiGHS's sub-MIP heuristics
(RENS, RINS, root reduced-cost dives): what is left is the proof, and those heuristics
spent half of it looking for sets the bound already discards. Search options only, the
optimum is the same (``proof_search=False`` solves with HiGHS's default search; the tests
and ``bench/allocation.py`` compare both).

Usually the known set is already the optimum of the stages after it too, so the
remaining stages are solved side by side, each assuming that the stages before it return
the known set unchanged; a stage whose assumption failed is cancelled and solved again
from the set that replaced it. The result is the same set as one stage after the other
(see ``solver._Milp``).

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

from .problem import (
    BRUTE_FORCE_MAX,
    CHOSEN_REASONS,
    INFEASIBLE_REASONS,
    MONEY_TOL,
    SHARE_EPS,
    UNCHOSEN_REASONS,
    VALUE_TOL,
    Allocation,
    Candidate,
    Contribution,
    Decision,
    Increment,
    Need,
    Problem,
)
from .reference import brute_force, greedy
from .solver import allocate, next_increment

__all__ = [
    "BRUTE_FORCE_MAX",
    "CHOSEN_REASONS",
    "INFEASIBLE_REASONS",
    "MONEY_TOL",
    "SHARE_EPS",
    "UNCHOSEN_REASONS",
    "VALUE_TOL",
    "Allocation",
    "Candidate",
    "Contribution",
    "Decision",
    "Increment",
    "Need",
    "Problem",
    "allocate",
    "brute_force",
    "greedy",
    "next_increment",
]
