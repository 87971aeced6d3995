"""Known answer: the published Berlin MSS classes 2017, 2019 and 2021 from the published shares.

Data: the repository's ``data/berlin-mss`` (``settings.OPEN_DATA_DIR``, see its SOURCES.md).

Exclusions, taken from the data and nothing else: an area is evaluated exactly when it is
listed in the published class table ``*-1.csv``. In 2017 and 2019 that leaves out
11 of 447 Planungsräume, and these 11 are exactly the rows of ``*-2-1.csv`` whose shares
are all written as 0 ("not computed", very few residents; the test checks both facts);
in 2021 all 536 are evaluated. They are passed to the index as named exclusions
(``IndexConfig.excluded``), with no minimum population.

Indicators: all status columns ``s*`` and all dynamic columns ``d*`` of ``*-2-1.csv``,
direction +1 (a higher share is a worse situation), weight 1.

Checked: status class, dynamic class and the combined class of every evaluated area
(zero mismatches), and the z-values against the columns of ``*-3.csv`` that are correct
there (z of S1, S3, S4 – and S2 in 2017 – and the status sum, written under the
``z_d1_…`` header). Both tables are rounded to 5 decimals, so the recomputed z-values
agree to about 1e-5 (largest deviation seen: 1.5e-5 for the sum). The inequality sides at the class
bounds cannot be decided from these data: no area's z lies within 6e-4 of a bound.
"""

from __future__ import annotations

import csv

import numpy as np
import pytest
from django.conf import settings

from sozialplanung.analysis.index import IndexConfig, social_index

DATA = settings.OPEN_DATA_DIR / "berlin-mss"
PREFIX = "berlin-lor-monitoring-social-urban-development-"


def _read(year: int, table: str) -> list[dict[str, str]]:
    with (DATA / f"{PREFIX}{year}-00-{table}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize(("year", "expected_evaluated"), [(2017, 436), (2019, 436), (2021, 536)])
def test_berlin_mss_classes_reproduced(year: int, expected_evaluated: int) -> None:
    shares = _read(year, "2-1")
    classes = {r["id"]: r for r in _read(year, "1")}
    zvalues = {r["id"]: r for r in _read(year, "3")}
    status = [k for k in shares[0] if k.startswith("s")]
    dynamic = [k for k in shares[0] if k.startswith("d")]
    ids = [r["id"] for r in shares]

    excluded = frozenset(i for i in ids if i not in classes)
    all_zero = {r["id"] for r in shares if all(float(r[k]) == 0 for k in status + dynamic)}
    assert excluded == all_zero
    assert len(ids) - len(excluded) == expected_evaluated

    result = social_index(
        ids,
        [float(r["inhabitants"]) for r in shares],
        {k: [float(r[k]) for r in shares] for k in status + dynamic},
        IndexConfig(status=status, dynamic=dynamic, excluded=excluded),
    )
    assert int(result.evaluated.sum()) == expected_evaluated

    mismatches: dict[str, list[str]] = {"status": [], "dynamic": [], "combined": []}
    for k, area in enumerate(ids):
        if area in excluded:
            assert result.status_class[k] == 0 and result.combined[k] == ""
            continue
        published = classes[area]
        if int(float(published["status_index"])) != int(result.status_class[k]):
            mismatches["status"].append(area)
        if published["status_index_klasse"] != result.status_name(k):
            mismatches["status"].append(area)
        if published["dynamik_index"] != result.dynamic_class[k]:
            mismatches["dynamic"].append(area)
        if published["dynamik_index_klasse"] != result.dynamic_name(k):
            mismatches["dynamic"].append(area)
        if published["status_dynamik_index"] != result.combined[k]:
            mismatches["combined"].append(area)
        z = zvalues[area]
        for s in status:
            assert result.z[s][k] == pytest.approx(float(z["z_" + s]), abs=1.2e-5), (area, s)
        assert result.status_sum[k] == pytest.approx(
            float(z["z_d1_percentage_unemployed"]), abs=2.1e-5
        )
        assert z["z_d3_percentage_transfer_payments_recipients"] == result.status_name(k)
    assert mismatches == {"status": [], "dynamic": [], "combined": []}


def test_min_population_direction_and_weights() -> None:
    ids = ["a", "b", "c", "d", "e"]
    pop = [1000, 1000, 1000, 1000, 50]
    shares = {
        "s1": [1.0, 2.0, 3.0, 4.0, 99.0],
        "s2": [4.0, 3.0, 2.0, 1.0, 0.0],
        "d1": [0.0, 0.0, 1.0, -1.0, 5.0],
    }
    cfg = IndexConfig(
        status=["s1", "s2"],
        dynamic=["d1"],
        directions={"s2": -1},
        weights={"s2": 0.5},
        min_population=300,
    )
    res = social_index(ids, pop, shares, cfg)
    assert res.evaluated.tolist() == [True, True, True, True, False]
    sd = np.std([1.0, 2.0, 3.0, 4.0])  # population SD (ddof=0)
    z1 = (np.array([1.0, 2.0, 3.0, 4.0]) - 2.5) / sd
    # s2 has direction -1: its z-values flip sign and equal those of s1 here.
    np.testing.assert_allclose(res.z["s2"][:4], z1)
    np.testing.assert_allclose(res.status_sum[:4], 1.5 * z1)
    np.testing.assert_allclose(res.status_z[:4], z1)
    assert res.status_class.tolist() == [1, 2, 2, 3, 0]  # z = -1.342, -0.447, 0.447, 1.342
    assert np.isnan(res.status_sum[4])
    assert res.dynamic_class == ["+/-", "+/-", "-", "+", ""]
    assert res.combined[2] == "2-"
