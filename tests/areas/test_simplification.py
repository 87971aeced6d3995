"""Boundaries are simplified by default, by a tolerance that follows the level's area size
(issue 17, item 3 "simplified geometry by default at each level, computed once per
boundary version")."""

from __future__ import annotations

import json

import pytest

from sozialplanung.areas.simplification import default_tolerance_m, tolerance_for_sizes


def test_tolerance_is_a_hundredth_of_a_typical_side_within_bounds():
    # Dresden's Stadtteile: about 4 km² (2 km side) -> 20 m; Stadtbezirke ~30 km² -> 55 m.
    assert tolerance_for_sizes([3.0, 4.0, 5.0]) == 20
    assert tolerance_for_sizes([30.0] * 10) == 55
    assert tolerance_for_sizes([5000.0]) == 200  # never coarser than 200 m
    assert tolerance_for_sizes([0.01]) == 5  # never finer than 5 m
    assert tolerance_for_sizes([]) == 5


@pytest.mark.django_db
def test_api_simplifies_by_the_levels_default_computed_once(client, areas, levels):
    url = "/api/municipalities/teststadt/areas.geojson?level=stadt"
    full = client.get(url + "&simplify=0").content
    default = client.get(url).content
    tolerance = default_tolerance_m(levels["stadt"])
    assert tolerance == 20  # 4 squares of about 0.78 km²: a side of 1.8 km
    assert default == client.get(f"{url}&simplify={tolerance:g}").content
    assert len(default) < len(full)
    assert json.loads(default)["features"][0]["id"] == "0"
    assert default_tolerance_m(levels["stadtteil"]) < tolerance


@pytest.mark.django_db
def test_default_tolerance_is_cached_per_data_version(areas, levels, django_assert_num_queries):
    default_tolerance_m(levels["stadtteil"])
    # The second time nothing is read: neither the boundaries nor their sizes.
    with django_assert_num_queries(0):
        default_tolerance_m(levels["stadtteil"])
