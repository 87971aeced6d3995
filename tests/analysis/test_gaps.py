"""Gap scores, ranks and roll-up on a hand-computed case."""

from __future__ import annotations

import pytest

from sozialplanung.analysis.gaps import AreaFigures, GapWeights, gap_scores

# City 0 > Bezirke 1, 2 > Stadtteile 11, 12 (in 1) and 21 (in 2); Richtwert 2 per 1,000.
# No index, no forecast: the weights coverage .35, accessibility .20, reports .25 and
# size .05 remain and are renormalised by their sum .85.
FIGURES = [
    AreaFigures(0, None),
    AreaFigures(1, 0),
    AreaFigures(2, 0),
    AreaFigures(11, 1, target=1000, supply=1, reported=5, accessibility=0.001, unreached_share=0.5),
    AreaFigures(12, 1, target=3000, supply=8, reported=0, accessibility=0.002, unreached_share=0),
    AreaFigures(21, 2, target=2000, supply=0, reported=10, accessibility=0.0, unreached_share=1),
]


def test_scores_by_hand() -> None:
    gaps = gap_scores(FIGURES, 2.0)
    # 11: coverage 1 − 0.5, access 1 − 1/2, reports 5 per 1,000 / 5 = 1, size 0.1
    assert gaps[11].score == pytest.approx(100 * (0.35 * 0.5 + 0.2 * 0.5 + 0.25 + 0.005) / 0.85)
    # 12: covered (ratio 1.33), access 2 per 1,000 = Richtwert, no reports, size 0.3
    assert gaps[12].score == pytest.approx(100 * 0.05 * 0.3 / 0.85)
    assert gaps[21].score == pytest.approx(100 * (0.35 + 0.2 + 0.25 + 0.05 * 0.2) / 0.85)
    assert gaps[11].reported_per_1000 == pytest.approx(5.0)
    assert gaps[11].accessibility_per_1000 == pytest.approx(1.0)


def test_roll_up_recomputes_from_sums() -> None:
    gaps = gap_scores(FIGURES, 2.0)
    # Bezirk 1: 9 units for 4,000 (covered), access (1 + 6) / 4,000 per person = 1.75 per
    # 1,000, 5 reports = 1.25 per 1,000, size 0.4.
    one = gaps[1]
    assert one.coverage.ratio == pytest.approx(1.125)
    assert one.accessibility_per_1000 == pytest.approx(1.75)
    assert one.unreached_share == pytest.approx(0.125)
    expected = 100 * (0.2 * 0.125 + 0.25 * 0.25 + 0.05 * 0.4) / 0.85
    assert one.score == pytest.approx(expected)
    # Not the mean of its Stadtteile' scores.
    assert one.score != pytest.approx(((gaps[11].score or 0) + (gaps[12].score or 0)) / 2)
    city = gaps[0]
    assert city.coverage.ratio == pytest.approx(0.75)
    assert city.score == pytest.approx(
        100 * (0.35 * 0.25 + 0.2 * (1 - 7 / 12) + 0.25 * 0.5 + 0.05 * 0.6) / 0.85
    )


def test_ranks_within_each_level() -> None:
    gaps = gap_scores(FIGURES, 2.0)
    assert [gaps[a].rank for a in (21, 11, 12)] == [1, 2, 3]
    assert [gaps[a].rank for a in (2, 1)] == [1, 2]
    assert gaps[0].rank == 1


def test_reasons_sum_to_score_largest_first() -> None:
    gap = gap_scores(FIGURES, 2.0)[11]
    assert sum(r.points for r in gap.reasons) == pytest.approx(gap.score)
    assert [r.component for r in gap.reasons][:2] == ["reports", "coverage"]


def test_index_class_inherited_and_rolled_up_and_growth() -> None:
    figures = [
        AreaFigures(0, None),
        AreaFigures(1, 0, index_class=4),
        AreaFigures(2, 0),
        AreaFigures(11, 1, target=1000, supply=2, forecast_target=1100),
        AreaFigures(12, 1, target=3000, supply=6),
        AreaFigures(21, 2, target=1000, supply=2, index_class=1),
    ]
    weights = GapWeights(accessibility=0, reports=0)
    gaps = gap_scores(figures, 2.0, weights)
    assert gaps[11].index_class == 4  # inherited from Bezirk 1
    assert gaps[2].index_class == 1  # from its only Stadtteil
    assert gaps[0].index_class == pytest.approx((4 * 4000 + 1 * 1000) / 5000)
    assert gaps[11].growth == pytest.approx(0.1)
    # 11: covered (ratio 1), index 1, size .1, growth 1; weights .35, .10, .05, .05
    assert gaps[11].score == pytest.approx(100 * (0.1 + 0.005 + 0.05) / 0.55)
    assert gaps[12].growth is None  # no forecast: left out
    assert gaps[12].score == pytest.approx(100 * (0.1 + 0.05 * 0.3) / 0.5)


def test_area_without_target_group_has_no_score() -> None:
    gaps = gap_scores([AreaFigures(1, None), AreaFigures(2, 1, supply=3)], 2.0)
    assert gaps[2].score is None and gaps[2].rank is None and gaps[1].score is None


def test_missing_parent_is_an_error() -> None:
    with pytest.raises(ValueError):
        gap_scores([AreaFigures(2, 1, target=5)], 2.0)
