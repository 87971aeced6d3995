"""Primary and secondary suppression on hand-computed tables, and its guarantee."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sozialplanung.analysis.suppression import (
    Group,
    derivable_cells,
    derived_mask,
    hierarchy_groups,
    primary_mask,
    secondary_mask,
    suppress,
    table_groups,
)


def test_primary_hides_one_and_two_and_shows_zero():
    assert primary_mask([0, 1, 2, 3, 10]).tolist() == [False, True, True, False, False]


def test_primary_can_hide_zero_on_request():
    assert primary_mask([0, 1, 3], suppress_zero=True).tolist() == [True, True, False]


def test_primary_missing_values_are_not_withheld():
    assert primary_mask([np.nan, 2.0]).tolist() == [False, True]


def test_primary_small_population_hides_every_value_of_the_area():
    mask = primary_mask([250, 40, 1000], [250, 299, 300])
    assert mask.tolist() == [True, True, False]


def test_primary_unknown_population_only_applies_the_cell_rule():
    assert primary_mask([5, 2], [np.nan, np.nan]).tolist() == [False, True]


def test_primary_shares_only_follow_the_population_rule():
    mask = primary_mask([0.5, 12.5], [1000, 200], is_count=False)
    assert mask.tolist() == [False, True]


def test_secondary_on_a_hierarchy_with_one_small_child():
    # City 0 = Bezirke 1 + 2; Bezirk 1 = Stadtteile 3, 4, 5; Bezirk 2 = Stadtteile 6, 7.
    values = [1120, 1020, 100, 2, 18, 1000, 40, 60]
    parent = [None, 0, 0, 1, 1, 1, 2, 2]
    groups = hierarchy_groups(parent)
    first = primary_mask(values)
    assert np.flatnonzero(first).tolist() == [3]
    mask = secondary_mask(values, first, groups)
    # The 2 would be 1020 − 18 − 1000; hiding the smallest sibling (18) protects it.
    assert np.flatnonzero(mask).tolist() == [3, 4]
    assert derivable_cells(values, mask, groups) == set()


def test_secondary_climbs_the_hierarchy_when_a_child_is_alone():
    # Bezirk 1 has a single Stadtteil: hiding the Stadtteil hides the Bezirk, which in
    # turn needs a partner among the Bezirke.
    values = [105, 2, 103, 2, 50, 53]
    parent = [None, 0, 0, 1, 2, 2]
    mask = secondary_mask(values, primary_mask(values), hierarchy_groups(parent))
    # Bezirk 1 (2) and its Stadtteil (2) are small. The city equation then has Bezirk 1
    # alone: Bezirk 2 (103) goes too. Bezirk 2 is then alone in its own equation
    # (50 + 53 would show it): its smaller Stadtteil (50) goes as well.
    assert np.flatnonzero(mask).tolist() == [1, 2, 3, 4]
    assert derivable_cells(values, mask, hierarchy_groups(parent)) == set()


def test_secondary_with_row_and_column_totals():
    # 3 × 3 table with margins; the 2 at (0, 0) is small.
    table = np.array(
        [
            [2, 10, 20, 32],
            [5, 7, 30, 42],
            [9, 11, 40, 60],
            [16, 28, 90, 134],
        ],
        dtype=float,
    )
    groups = table_groups(3, 3)
    mask = secondary_mask(table.ravel(), primary_mask(table.ravel()), groups).reshape(4, 4)
    # Row 0: partner is the smallest other cell 10 at (0, 1). Column 0: partner 5 at
    # (1, 0). Column 1 now has (0, 1) alone: partner 7 at (1, 1), which also pairs
    # row 1 with (1, 0). Every row and column now holds 0 or 2 hidden cells.
    expected = np.zeros((4, 4), dtype=bool)
    expected[0, 0] = expected[0, 1] = expected[1, 0] = expected[1, 1] = True
    assert (mask == expected).all()
    assert derivable_cells(table.ravel(), mask.ravel(), groups) == set()


def test_secondary_hides_the_total_when_no_member_is_left():
    values = [2, 2]  # total 2 of a single member 2
    mask = secondary_mask(values, [False, True], [Group(total=0, members=(1,))])
    assert mask.tolist() == [True, True]


def test_secondary_does_not_change_its_input():
    first = np.array([False, True, False, False])
    secondary_mask([10, 2, 3, 5], first, [Group(0, (1, 2, 3))])
    assert first.tolist() == [False, True, False, False]


def test_derived_values_follow_numerator_and_denominator():
    assert derived_mask(
        [False, False, True], [True, False, False], [False, True, False]
    ).tolist() == [
        True,
        True,
        True,
    ]


def test_suppress_is_primary_then_secondary():
    assert suppress([10, 2, 8], [Group(0, (1, 2))]).tolist() == [False, True, True]


def test_table_groups_number_the_cells_row_major():
    groups = table_groups(2, 2)
    assert Group(total=2, members=(0, 1)) in groups
    assert Group(total=6, members=(0, 3)) in groups
    assert Group(total=8, members=(6, 7)) in groups
    assert len(groups) == 6


@st.composite
def tables(draw):
    rows = draw(st.integers(1, 5))
    cols = draw(st.integers(1, 5))
    inner = np.array(
        draw(st.lists(st.integers(0, 12), min_size=rows * cols, max_size=rows * cols)),
        dtype=float,
    ).reshape(rows, cols)
    full = np.zeros((rows + 1, cols + 1))
    full[:rows, :cols] = inner
    full[:rows, cols] = inner.sum(axis=1)
    full[rows, :cols] = inner.sum(axis=0)
    full[rows, cols] = inner.sum()
    return rows, cols, full


@settings(max_examples=300, deadline=None)
@given(tables())
def test_no_hidden_cell_of_a_table_follows_from_a_row_or_column(case):
    rows, cols, full = case
    groups = table_groups(rows, cols)
    mask = suppress(full.ravel(), groups)
    assert primary_mask(full.ravel())[~mask].sum() == 0  # every small cell is hidden
    assert derivable_cells(full.ravel(), mask, groups) == set()
    for group in groups:
        cells = [*group.members, group.total]
        assert sum(bool(mask[c]) for c in cells) != 1


@st.composite
def hierarchies(draw):
    n_leaves = draw(st.integers(1, 12))
    n_mid = draw(st.integers(1, min(4, n_leaves)))
    leaves = draw(st.lists(st.integers(0, 40), min_size=n_leaves, max_size=n_leaves))
    owner = [i % n_mid for i in range(n_leaves)]
    mids = [sum(v for v, o in zip(leaves, owner, strict=True) if o == m) for m in range(n_mid)]
    values = [float(sum(mids)), *map(float, mids), *map(float, leaves)]
    parent = [None, *([0] * n_mid), *(1 + o for o in owner)]
    populations = draw(st.lists(st.integers(100, 3000), min_size=len(values), max_size=len(values)))
    return values, parent, populations


@settings(max_examples=300, deadline=None)
@given(hierarchies())
def test_no_hidden_area_follows_from_its_parent_and_siblings(case):
    values, parent, populations = case
    groups = hierarchy_groups(parent)
    mask = suppress(values, groups, populations)
    assert derivable_cells(values, mask, groups) == set()
    assert primary_mask(values, populations)[~mask].sum() == 0


def test_mismatched_shapes_are_refused():
    with pytest.raises(ValueError):
        primary_mask([1, 2], [300])
    with pytest.raises(ValueError):
        secondary_mask([1, 2], [True], [])
