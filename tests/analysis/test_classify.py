"""Choropleth classes: hand-computed cases and properties that must hold for any data."""

from __future__ import annotations

import math
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sozialplanung.analysis.classify import METHODS, assign_classes, class_breaks


def test_equal_intervals_by_hand():
    assert class_breaks([0, 10, 5, 2.5], "equal", 4) == [0, 2.5, 5, 7.5, 10]


def test_quantiles_by_hand():
    # Quartiles of 1..9 with linear interpolation: 1, 3, 5, 7, 9.
    assert class_breaks(range(1, 10), "quantile", 4) == [1, 3, 5, 7, 9]


def test_jenks_separates_obvious_clusters():
    values = [1, 2, 3, 10, 11, 12, 30, 31]
    assert class_breaks(values, "jenks", 3) == [1, 3, 12, 31]
    assert list(assign_classes(values, [1, 3, 12, 31])) == [0, 0, 0, 1, 1, 1, 2, 2]


def test_upper_bound_is_inclusive_and_first_class_includes_minimum():
    assert list(assign_classes([0, 2.5, 2.6, 10], [0, 2.5, 5, 7.5, 10])) == [0, 0, 1, 3]


def test_missing_values_get_minus_one_and_are_ignored():
    assert class_breaks([None, 1, float("nan"), 3], "equal", 2) == [1, 2, 3]
    assert list(assign_classes([None, 1, float("nan"), 3], [1, 2, 3])) == [-1, 0, -1, 1]


@pytest.mark.parametrize("method", METHODS)
def test_fewer_distinct_values_than_classes(method):
    breaks = class_breaks([4, 4, 7, 7, 7], method, 5)
    assert breaks[0] == 4 and breaks[-1] == 7
    assert len(breaks) - 1 <= 2
    assert set(assign_classes([4, 7], breaks)) <= {0, 1}


@pytest.mark.parametrize("method", METHODS)
def test_single_value_is_one_class(method):
    assert class_breaks([5, 5, 5], method, 5) == [5, 5]
    assert list(assign_classes([5, 5], [5, 5])) == [0, 0]


def test_no_data_no_breaks():
    assert class_breaks([], "quantile", 5) == []
    assert list(assign_classes([1.0], [])) == [-1]


def test_k_must_be_positive():
    with pytest.raises(ValueError):
        class_breaks([1, 2], "equal", 0)


finite = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)


@given(
    values=st.lists(finite, min_size=1, max_size=80),
    method=st.sampled_from(METHODS),
    k=st.integers(min_value=1, max_value=9),
)
def test_breaks_properties(values, method, k):
    breaks = class_breaks(values, method, k)
    assert breaks == sorted(breaks)
    assert breaks[0] == min(values) and breaks[-1] == max(values)
    n_classes = len(breaks) - 1
    assert 1 <= n_classes <= k
    if len(set(values)) > 1:
        assert all(a < b for a, b in pairwise(breaks))
    classes = assign_classes(values, breaks)
    for value, cls in zip(values, classes, strict=True):
        assert 0 <= cls < n_classes
        # exactly one class: the value lies in its class's interval and in no other
        lower, upper = breaks[cls], breaks[cls + 1]
        assert (lower <= value if cls == 0 else lower < value) and value <= upper
        assert not math.isnan(value)
