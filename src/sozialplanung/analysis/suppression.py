"""Statistical confidentiality: which cells of a published table must be withheld.

Pure functions on numpy arrays and plain sequences; they return boolean masks
(True = withhold) and never change a number. The Django side
(``core/suppression.py`` of the package) loads the values, calls these functions and
renders a withheld cell as "•".

The rules
=========

Primary suppression (``primary_mask``)
    * A *count* below ``min_cell`` (default 3) is withheld: 1 and 2 are hidden.
    * **0 is shown.** This follows the usual practice of German municipal and state
      statistics (the "Punkt" for 1 and 2, a dash or 0 for nothing): a true zero says
      "nobody here" and discloses nothing about an individual, and hiding every zero
      would hide most of a sparse table and make the published totals useless. The
      flag ``suppress_zero=True`` withholds zeros too, for data where the absence
      itself is sensitive (e.g. "no recipients of X in this block").
    * Every value of an area (counts, shares, rates, means) is withheld when the area
      has fewer than ``min_population`` residents (default 300). An area whose
      population is unknown (NaN) is not withheld by this rule; the cell rule still
      applies to its counts.
    * Negative or fractional counts are treated by their value like any other
      (a count of 2.4 is below 3 and withheld).

Secondary suppression (``secondary_mask``)
    A table is described by *groups*: each group is an additive equation
    ``total = sum(members)`` over cell indices, e.g. a parent area and its child areas
    (a hierarchy), or one row or one column of a table with margins. Whenever an
    equation has exactly **one** withheld cell among its total and members, that cell
    could be computed as total minus the visible members (or as the sum of the
    members). The heuristic then also withholds the *smallest* visible member of that
    group (ties: the lowest index); if no member is visible, it withholds the total.
    This is repeated over all groups until nothing changes, so that a cell withheld
    for one group (say a column) is checked again in every other group it belongs to
    (its row, its parent). It terminates because every round adds at least one cell
    and there are finitely many.

    Guarantee: afterwards every group has either no withheld cell or at least two,
    so no withheld cell equals "total minus visible cells" of any single group.

    Limits (well known for this simple heuristic; see Hundepool et al., *Statistical
    Disclosure Control*, Wiley 2012, ch. 4):
    * It does not solve the full linear system: combining several equations (rows
      *and* columns *and* levels) can in rare patterns still pin a cell down, and it
      gives no protection *interval* (two withheld cells of 1 and 1 in a row with a
      visible total tell a reader that each is at most 2). Exact protection needs an
      optimisation (e.g. tau-ARGUS' modular or hypercube methods).
    * "Smallest visible member" keeps the information loss small but is not optimal.
    * Only the relations passed in as groups are protected; sums across *different*
      indicators (residents = German + foreign residents) must be passed in as
      groups too, or they are not seen.

Derived values (``derived_mask``)
    A share, rate or mean is withheld when its numerator or its denominator (weight) is
    withheld: with the visible numerator the share would give away the denominator, and
    the other way round.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

#: Smallest count that is published (counts 1 and 2 are withheld).
DEFAULT_MIN_CELL = 3
#: Smallest area population whose values are published.
DEFAULT_MIN_POPULATION = 300

BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Group:
    """An additive relation ``cells[total] == sum(cells[m] for m in members)``.

    ``total`` may be None when the sum is not published as a cell of its own but is
    known all the same (e.g. a published grand total held elsewhere); then the group
    only requires that its members have 0 or at least 2 withheld cells.
    """

    total: int | None
    members: tuple[int, ...]


def primary_mask(
    counts: Sequence[float] | npt.ArrayLike,
    populations: Sequence[float] | npt.ArrayLike | None = None,
    *,
    is_count: bool = True,
    min_cell: float = DEFAULT_MIN_CELL,
    min_population: float = DEFAULT_MIN_POPULATION,
    suppress_zero: bool = False,
) -> BoolArray:
    """Cells withheld by the primary rules.

    ``counts`` are the values of the cells (NaN = no value, never withheld by the cell
    rule); ``populations`` the population of each cell's area (NaN = unknown). For
    shares, rates and means pass ``is_count=False``: then only the population rule
    applies (and ``derived_mask`` adds the numerator's and denominator's masks).
    """
    values = np.asarray(counts, dtype=float)
    mask = np.zeros(values.shape, dtype=bool)
    if is_count:
        with np.errstate(invalid="ignore"):
            small = np.abs(values) < min_cell
            if not suppress_zero:
                small &= values != 0
        mask |= small & ~np.isnan(values)
    if populations is not None:
        pop = np.asarray(populations, dtype=float)
        if pop.shape != values.shape:
            raise ValueError("populations must have the shape of counts")
        with np.errstate(invalid="ignore"):
            mask |= ~np.isnan(pop) & (pop < min_population)
    return mask


def secondary_mask(
    values: Sequence[float] | npt.ArrayLike,
    mask: Sequence[bool] | npt.ArrayLike,
    groups: Sequence[Group],
    *,
    max_rounds: int = 10_000,
) -> BoolArray:
    """``mask`` extended until no group has exactly one withheld cell.

    ``values`` are the cells (flat; use ``table_groups`` for a 2-D table); cells with a
    NaN value are not part of any equation (they are missing, not hidden) and are never
    chosen. The input mask is not changed.
    """
    cells = np.asarray(values, dtype=float).ravel()
    result = np.array(mask, dtype=bool).ravel().copy()
    if result.shape != cells.shape:
        raise ValueError("mask must have the shape of values")
    present = ~np.isnan(cells)
    for _round in range(max_rounds):
        changed = False
        for group in groups:
            members = [m for m in group.members if present[m]]
            total = group.total if group.total is not None and present[group.total] else None
            if not members:  # a total without present members is no equation
                continue
            hidden = sum(1 for m in members if result[m]) + (
                1 if total is not None and result[total] else 0
            )
            if hidden != 1:
                continue
            visible = [m for m in members if not result[m]]
            if visible:
                choice = min(visible, key=lambda m: (abs(cells[m]), m))
            elif total is not None and not result[total]:
                choice = total
            else:  # a lone member with no total: nothing to derive it from
                continue
            result[choice] = True
            changed = True
        if not changed:
            return result
    raise RuntimeError("secondary suppression did not settle")  # pragma: no cover


def hierarchy_groups(parent_of: Sequence[int | None]) -> list[Group]:
    """Groups of a hierarchy: one per parent, total = parent, members = its children.

    ``parent_of[i]`` is the index of cell i's parent, or None for a root.
    """
    children: dict[int, list[int]] = {}
    for child, parent in enumerate(parent_of):
        if parent is not None:
            children.setdefault(parent, []).append(child)
    return [Group(total=p, members=tuple(c)) for p, c in sorted(children.items())]


def table_groups(n_rows: int, n_cols: int) -> list[Group]:
    """Groups of an (n_rows + 1) × (n_cols + 1) table whose last row and column are totals.

    Cells are numbered row-major (``index = row * (n_cols + 1) + col``), so pass
    ``table.ravel()`` to ``secondary_mask`` and ``reshape`` the result. Row i's total is
    cell (i, n_cols); column j's total is cell (n_rows, j); the grand total
    (n_rows, n_cols) is the total of both the total row and the total column.
    """
    width = n_cols + 1
    groups: list[Group] = []
    for row in range(n_rows + 1):
        groups.append(
            Group(total=row * width + n_cols, members=tuple(row * width + c for c in range(n_cols)))
        )
    for col in range(n_cols + 1):
        groups.append(
            Group(total=n_rows * width + col, members=tuple(r * width + col for r in range(n_rows)))
        )
    return groups


def derived_mask(
    own: Sequence[bool] | npt.ArrayLike,
    numerator: Sequence[bool] | npt.ArrayLike | None = None,
    denominator: Sequence[bool] | npt.ArrayLike | None = None,
) -> BoolArray:
    """A share/rate/mean is withheld with its numerator or its denominator."""
    result = np.array(own, dtype=bool).copy()
    for part in (numerator, denominator):
        if part is not None:
            result |= np.asarray(part, dtype=bool)
    return result


def derivable_cells(
    values: Sequence[float] | npt.ArrayLike,
    mask: Sequence[bool] | npt.ArrayLike,
    groups: Sequence[Group],
) -> set[int]:
    """Withheld cells that one group alone gives away (the check the tests run).

    A cell is derivable when it is the only withheld cell of a group (total minus the
    visible members, or the sum of the members). A group whose total is missing (NaN)
    is treated as if its sum were known elsewhere, as ``secondary_mask`` does. Empty
    after ``secondary_mask``.
    """
    cells = np.asarray(values, dtype=float).ravel()
    hidden = np.asarray(mask, dtype=bool).ravel()
    present = ~np.isnan(cells)
    found: set[int] = set()
    for group in groups:
        members = [m for m in group.members if present[m]]
        total = group.total if group.total is not None and present[group.total] else None
        involved = members + ([total] if total is not None else [])
        withheld = [i for i in involved if hidden[i]]
        # One unknown in one equation: it follows from the others (a lone member
        # without a total has nothing to be computed from).
        if len(withheld) == 1 and len(involved) > 1:
            found.add(withheld[0])
    return found


def suppress(
    values: Sequence[float] | npt.ArrayLike,
    groups: Sequence[Group] = (),
    populations: Sequence[float] | npt.ArrayLike | None = None,
    *,
    is_count: bool = True,
    min_cell: float = DEFAULT_MIN_CELL,
    min_population: float = DEFAULT_MIN_POPULATION,
    suppress_zero: bool = False,
) -> BoolArray:
    """Primary then secondary suppression of one flat table (the usual entry point)."""
    first = primary_mask(
        values,
        populations,
        is_count=is_count,
        min_cell=min_cell,
        min_population=min_population,
        suppress_zero=suppress_zero,
    )
    if not is_count or not groups:
        return first
    return secondary_mask(values, first, groups)
